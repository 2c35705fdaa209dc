"""The transactional outbox: enqueue mail in the caller's transaction, send it later, never twice.

``enqueue`` and the ``record_*`` functions flush and never commit: the caller's transaction decides.
The worker side (``claim_batch``, ``send_due``) is the exception: it must commit its claim and then
each result, and says so.

Delivery is at least once: a worker that dies after the SMTP server accepted a message but before
recording it leaves the message "sending"; once its lock expires another worker sends it again,
with the same Message-ID, so the duplicate is recognisable. Nothing else is ever sent twice.
"""
from __future__ import annotations

import base64
import logging
import smtplib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid
from typing import NamedTuple

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app, g, has_app_context
from flask_mail import Connection, Message

from app.core.db import affected_rows, utcnow
from app.core.extensions import db, mail
from app.core.text import single_line
from app.core.urls import public_host
from app.mail.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

MAX_ATTACHMENTS_BYTES = 5 * 1024 * 1024  # total, before base64
MAX_ATTEMPTS = 10  # 1 + 2 + 4 + … + 256 min: about 8.5 hours of a dead SMTP server before giving up
FIRST_RETRY_DELAY = timedelta(minutes=1)
MAX_RETRY_DELAY = timedelta(hours=6)
DEFAULT_LOCK_SECONDS = 600
SMTP_TIMEOUT_SECONDS = 60  # a server that stops answering must not hold a batch (and its locks) forever
# Errors that mean the connection itself is gone: the rest of the batch is not tried on it.
CONNECTION_ERRORS = (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError)


class OutboxError(ValueError):
    """A message that cannot be queued (bad address, header injection, attachments too large)."""


class MailAttachment(NamedTuple):
    filename: str
    content_type: str
    data: bytes


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    retry_later: int = 0

    def count(self, status: OutboxStatus) -> None:
        if status is OutboxStatus.SENT:
            self.sent += 1
        elif status is OutboxStatus.FAILED:
            self.failed += 1
        else:
            self.retry_later += 1

    def __str__(self) -> str:
        return f"sent {self.sent}, failed {self.failed}, retry later {self.retry_later}"


# --- enqueueing ---------------------------------------------------------------

def normalise_address(address: str) -> str:
    """The address in normal form, or OutboxError saying why it cannot receive mail."""
    try:
        # ASCII form (IDNA domain): the same text as the address stored on the person (app.core.text.normalise_email).
        result = validate_email(address.strip(), check_deliverability=False, allow_smtputf8=False)
        return result.ascii_email or result.normalized
    except EmailNotValidError as error:
        raise OutboxError(f"invalid email address {address!r}: {error}") from error


def encode_attachments(attachments: Iterable[MailAttachment]) -> list[dict[str, str]]:
    encoded, total = [], 0
    for attachment in attachments:
        filename, content_type, data = attachment
        filename = single_line(filename)  # a header parameter: one line, like the subject
        total += len(data)
        if total > MAX_ATTACHMENTS_BYTES:
            raise OutboxError(f"attachments too large: more than {MAX_ATTACHMENTS_BYTES // (1024 * 1024)} MiB in all")
        if not filename or content_type != single_line(content_type) or content_type.count("/") != 1:
            raise OutboxError(f"invalid attachment {filename!r} ({content_type!r})")
        encoded.append({"filename": filename, "content_type": content_type,
                        "data_base64": base64.b64encode(data).decode("ascii")})
    return encoded


def new_message_id() -> str:
    return make_msgid(domain=public_host())


def enqueue(to: str, subject: str, text_body: str, *, html_body: str | None = None, language: str = "fr",
            attachments: Iterable[MailAttachment] = (), dedupe_key: str | None = None) -> OutboxMessage:
    """Queue a mail in the current transaction (flushes, never commits).

    With a ``dedupe_key`` already queued (say ``"registration-42-confirmed"``), returns that message
    instead of adding one, even when two transactions race: the UNIQUE constraint decides.
    """
    message = OutboxMessage(
        to_address=normalise_address(to), subject=single_line(subject), text_body=text_body, html_body=html_body,
        language=language, attachments=encode_attachments(attachments), dedupe_key=dedupe_key,
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=utcnow(), message_id=new_message_id())
    message = _insert_once(message)
    if has_app_context():
        g.outbox_enqueued = True
    return message


def find_by_dedupe_key(dedupe_key: str) -> OutboxMessage | None:
    return db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key))


def _insert_once(message: OutboxMessage) -> OutboxMessage:
    if message.dedupe_key is None:
        db.session.add(message)
        db.session.flush()
        return message
    existing = find_by_dedupe_key(message.dedupe_key)
    if existing is not None:
        return existing
    try:
        with db.session.begin_nested():  # a savepoint: losing the race must not spoil the caller's transaction
            db.session.add(message)
    except sa.exc.IntegrityError:
        existing = find_by_dedupe_key(message.dedupe_key)
        if existing is None:
            raise
        return existing
    return message


# --- claiming (worker side) -------------------------------------------------------

def _due(now: datetime) -> sa.ColumnElement[bool]:
    """Pending and due, or claimed by a worker whose lock has expired (it crashed)."""
    return sa.or_(
        sa.and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now),
        sa.and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.locked_until <= now),
    )


def due_ids(limit: int, now: datetime) -> sa.Select:
    return sa.select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)


def _mark_sending(locked_until: datetime) -> sa.Update:
    return sa.update(OutboxMessage).values(
        status=OutboxStatus.SENDING, locked_until=locked_until, attempts=OutboxMessage.attempts + 1,
    ).execution_options(synchronize_session=False)


def claim_with_row_locks(limit: int, now: datetime, locked_until: datetime) -> list[int]:
    """PostgreSQL: lock due rows, skipping those another worker holds, and mark them sending."""
    ids = list(db.session.scalars(due_ids(limit, now).with_for_update(skip_locked=True)))
    if ids:
        db.session.execute(_mark_sending(locked_until).where(OutboxMessage.id.in_(ids)))
    return ids


def claim_by_compare_and_set(ids: Iterable[int], now: datetime, locked_until: datetime) -> list[int]:
    """Without row locks (SQLite): an atomic UPDATE per message that only matches while it is still due;
    a message another worker claimed in the meantime updates 0 rows and is not ours."""
    claimed = []
    for message_id in ids:
        result = db.session.execute(_mark_sending(locked_until).where(OutboxMessage.id == message_id, _due(now)))
        if affected_rows(result) == 1:
            claimed.append(message_id)
    return claimed


def claim_batch(limit: int, now: datetime, lock_seconds: int = DEFAULT_LOCK_SECONDS) -> list[OutboxMessage]:
    """Claim up to ``limit`` due messages for this worker until ``now + lock_seconds``.

    COMMITS (the claim must be visible to other workers): call it only from the worker, never
    with unrelated changes in the session. Counts one attempt per claimed message.
    """
    locked_until = now + timedelta(seconds=lock_seconds)
    if db.session.get_bind().dialect.name == "postgresql":
        ids = claim_with_row_locks(limit, now, locked_until)
    else:
        ids = claim_by_compare_and_set(list(db.session.scalars(due_ids(limit, now))), now, locked_until)
    db.session.commit()
    if not ids:
        return []
    query = sa.select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)
    return list(db.session.scalars(query))


# --- sending and recording ------------------------------------------------------------

def deliver(message: OutboxMessage, connection: Connection) -> None:
    """Send one message on an open flask-mail connection, with its stored Message-ID."""
    mail_message = Message(subject=message.subject, recipients=[message.to_address], body=message.text_body,
                           html=message.html_body, extra_headers={"Content-Language": message.language})
    mail_message.msgId = message.message_id
    for attachment in message.attachments:
        mail_message.attach(attachment["filename"], attachment["content_type"],
                            base64.b64decode(attachment["data_base64"]))
    connection.send(mail_message)


def record_success(message: OutboxMessage, now: datetime) -> None:
    message.status = OutboxStatus.SENT
    message.sent_at = now
    message.locked_until = None
    message.last_error = None
    db.session.flush()


def retry_delay(attempts: int) -> timedelta:
    """1 min after the first failed attempt, then doubling, at most 6 hours."""
    return min(FIRST_RETRY_DELAY * 2 ** min(max(attempts - 1, 0), 20), MAX_RETRY_DELAY)


def record_failure(message: OutboxMessage, error: BaseException | str, now: datetime, *,
                   permanent: bool = False) -> OutboxStatus:
    """Back to pending with a back-off, or failed for good after MAX_ATTEMPTS (or a permanent refusal)."""
    message.last_error = (error if isinstance(error, str) else f"{type(error).__name__}: {error}")[:2000]
    message.locked_until = None
    if permanent or message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
    else:
        message.status = OutboxStatus.PENDING
        message.next_attempt_at = now + retry_delay(message.attempts)
    db.session.flush()
    return message.status


def is_permanent(error: BaseException) -> bool:
    """The server refused the recipient for good (5xx): retrying would not help."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        500 <= code < 600 for code, _ in error.recipients.values())


def release(messages: Iterable[OutboxMessage], now: datetime) -> None:
    """Give claimed but untried messages back, without counting the attempt."""
    for message in messages:
        message.status, message.locked_until, message.next_attempt_at = OutboxStatus.PENDING, None, now
        message.attempts = max(message.attempts - 1, 0)
    db.session.flush()


def _send_one(message: OutboxMessage, connection: Connection, now: datetime, report: SendReport) -> None:
    try:
        deliver(message, connection)
    except Exception as error:  # one bad message must not stop the batch
        logger.warning("mail %s to %s not sent: %s", message.id, message.to_address, error)
        report.count(record_failure(message, error, now, permanent=is_permanent(error)))
        db.session.commit()
        if isinstance(error, CONNECTION_ERRORS):
            raise
        return
    record_success(message, now)
    db.session.commit()
    report.count(OutboxStatus.SENT)


def send_due(limit: int = 100, *, now: datetime | None = None,
             lock_seconds: int = DEFAULT_LOCK_SECONDS) -> SendReport:
    """Claim and send what is due over ONE SMTP connection. Never raises for SMTP trouble.

    COMMITS after the claim and after each message, so that a crash never re-sends a delivered
    message, beyond the one in flight. A server that refuses the connection leaves every claimed
    message pending with a back-off.
    """
    now = now or utcnow()
    report = SendReport()
    untried = claim_batch(limit, now, lock_seconds)
    if not untried:
        return report
    deadline = time.monotonic() + lock_seconds * 0.8  # never send on a lock that may have expired
    try:
        with mail.connect() as connection:
            if connection.host is not None and connection.host.sock is not None:
                connection.host.sock.settimeout(SMTP_TIMEOUT_SECONDS)
            while untried and time.monotonic() < deadline:
                _send_one(untried.pop(0), connection, now, report)
    except OSError as error:  # smtplib errors are OSErrors too
        logger.warning("SMTP connection to %s failed: %s", current_app.config.get("MAIL_SERVER"), error)
        for message in untried:
            report.count(record_failure(message, error, now))
        untried = []
    release(untried, now)
    report.retry_later += len(untried)
    db.session.commit()
    return report


def counts_by_status() -> dict[OutboxStatus, int]:
    rows = db.session.execute(sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status))
    counts = {status: 0 for status in OutboxStatus}
    counts.update({status: count for status, count in rows})
    return counts
