"""The transactional outbox: enqueue mail in the caller's transaction, send it later, never twice.

``enqueue`` and the ``record_*`` functions flush and never commit: the caller's transaction decides.
The worker side (``claim_batch``, ``send_due``) is the exception: it must commit its claim and then
each result, and says so.

Delivery is at least once: a worker that dies after the SMTP server accepted a message but before
recording it leaves the message "sending"; once its lock expires another worker sends it again,
with the same Message-ID, so the duplicate is recognisable. Nothing else is ever sent twice
(docs/mail.md gives the argument).

Bulk mail (``bulk=True``: campaigns, general messages) honours opt-outs and hard bounces (the message
is stored ``suppressed``, never sent) and carries the RFC 8058 headers and an opt-out link. Streams
(``stream="campaign-12"``) can be paused, resumed, rate-limited and followed (app.mail.streams).

This module is the mail API of the other packages: ``enqueue``, ``enqueue_many``/``NewMail``,
``pause_stream``, ``resume_stream``, ``stream_progress``, ``set_stream_rate``, ``is_suppressed``.
"""
from __future__ import annotations

import base64
import functools
import logging
import re
import smtplib
import socket
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import formataddr, make_msgid, parseaddr
from typing import Any, NamedTuple

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app, g, has_app_context

from app.core.db import affected_rows, utcnow
from app.core.extensions import db, mail
from app.core.text import single_line
from app.core.urls import external_url, public_host
from app.mail.models import OutboxMessage, OutboxStatus
from app.mail.render import email_bytes_for
from app.mail.streams import (  # noqa: F401  (re-exported: the API of the other packages)
    MAX_STREAM_LENGTH,
    budget,
    pause_stream,
    paused_streams,
    rate_limited_streams,
    resume_stream,
    set_stream_rate,
    stream_progress,
)
from app.mail.suppression import (  # noqa: F401  (re-exported)
    bounce_address,
    is_suppressed,
    suppressed_addresses,
    suppression_key,
    unsubscribe_token,
)

logger = logging.getLogger(__name__)

MAX_ATTACHMENTS_BYTES = 5 * 1024 * 1024  # total, before base64
MAX_ATTEMPTS = 10  # 1 + 2 + 4 + … + 256 min: about 8.5 hours of a dead SMTP server before giving up
FIRST_RETRY_DELAY = timedelta(minutes=1)
MAX_RETRY_DELAY = timedelta(hours=6)
DEFAULT_LOCK_SECONDS = 600
PAUSE_CHECK_SECONDS = 1.0  # how soon a sender notices that a stream was paused
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
    suppressed: int = 0

    def count(self, status: OutboxStatus) -> None:
        if status is OutboxStatus.SENT:
            self.sent += 1
        elif status is OutboxStatus.FAILED:
            self.failed += 1
        else:
            self.retry_later += 1

    def __str__(self) -> str:
        text = f"sent {self.sent}, failed {self.failed}, retry later {self.retry_later}"
        return text + (f", suppressed {self.suppressed}" if self.suppressed else "")


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


@dataclass(frozen=True)
class NewMail:
    """One mail for ``enqueue_many``: the same fields as ``enqueue``."""

    to: str
    subject: str
    text_body: str
    html_body: str | None = None
    language: str = "fr"
    attachments: Sequence[MailAttachment] = ()
    dedupe_key: str | None = None
    bulk: bool = False
    stream: str | None = None


def _row(mail_: NewMail, now: datetime, suppressed: set[str] | None = None) -> dict[str, Any]:
    """The column values of a new message (validated: address, one-line subject, attachments, stream)."""
    if mail_.stream is not None and not 0 < len(mail_.stream) <= MAX_STREAM_LENGTH:
        raise OutboxError(f"a stream name has 1 to {MAX_STREAM_LENGTH} characters")
    address = normalise_address(mail_.to)
    if mail_.bulk:
        held = suppressed if suppressed is not None else ({suppression_key(address)} if is_suppressed(address) else set())
        status = OutboxStatus.SUPPRESSED if suppression_key(address) in held else OutboxStatus.PENDING
    else:
        status = OutboxStatus.PENDING
    return dict(created_at=now, to_address=address, subject=single_line(mail_.subject), text_body=mail_.text_body,
                html_body=mail_.html_body, language=mail_.language, attachments=encode_attachments(mail_.attachments),
                dedupe_key=mail_.dedupe_key, status=status, attempts=0, next_attempt_at=now,
                message_id=new_message_id(), bulk=mail_.bulk, stream=mail_.stream)


def enqueue(to: str, subject: str, text_body: str, *, html_body: str | None = None, language: str = "fr",
            attachments: Iterable[MailAttachment] = (), dedupe_key: str | None = None, bulk: bool = False,
            stream: str | None = None) -> OutboxMessage:
    """Queue a mail in the current transaction (flushes, never commits).

    With a ``dedupe_key`` already queued (say ``"registration-42-confirmed"``), returns that message
    instead of adding one, even when two transactions race: the UNIQUE constraint decides.
    ``bulk=True`` (not transactional): an address that opted out or bounced for good gets the message
    stored ``suppressed``, never sent; the others get the opt-out headers and footer at sending.
    """
    values = _row(NewMail(to, subject, text_body, html_body, language, tuple(attachments), dedupe_key, bulk, stream),
                  utcnow())
    message = _insert_once(OutboxMessage(**values))
    _note_enqueued()
    return message


def _note_enqueued() -> None:
    if has_app_context():
        g.outbox_enqueued = True


def enqueue_many(mails: Sequence[NewMail]) -> list[int]:
    """Queue many mails at once (flushes, never commits): the ids, in the order of ``mails``.

    One suppression query per 500 addresses and one multi-row INSERT: thousands of messages a second.
    A ``dedupe_key`` already queued gives the existing message's id, as ``enqueue`` does.
    """
    if not mails:
        return []
    now = utcnow()
    suppressed = suppressed_addresses(mail_.to for mail_ in mails if mail_.bulk)
    rows = [_row(mail_, now, suppressed) for mail_ in mails]
    keys = [row["dedupe_key"] for row in rows if row["dedupe_key"] is not None]
    existing = _ids_by_dedupe_key(keys)
    ids: list[int | None] = [existing.get(row["dedupe_key"]) if row["dedupe_key"] else None for row in rows]
    fresh_positions, seen_keys = [], set(existing)
    for position, row in enumerate(rows):
        key = row["dedupe_key"]
        if key is not None and key in seen_keys:
            continue  # queued before, or twice in this very list (resolved below)
        if key is not None:
            seen_keys.add(key)
        fresh_positions.append(position)
    db.session.flush()
    try:
        with db.session.begin_nested():
            inserted = list(db.session.scalars(sa.insert(OutboxMessage).returning(OutboxMessage.id, sort_by_parameter_order=True),
                                               [rows[position] for position in fresh_positions]))
    except sa.exc.IntegrityError:  # another transaction queued one of the keys meanwhile: one at a time
        inserted = [_insert_once(OutboxMessage(**rows[position])).id for position in fresh_positions]
    for position, new_id in zip(fresh_positions, inserted, strict=True):
        ids[position] = new_id
    by_key = _ids_by_dedupe_key([key for key in keys if key not in existing])
    final = [new_id if new_id is not None else by_key[rows[position]["dedupe_key"]]
             for position, new_id in enumerate(ids)]
    _note_enqueued()
    return final


def _ids_by_dedupe_key(keys: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), 500):
        rows = db.session.execute(sa.select(OutboxMessage.dedupe_key, OutboxMessage.id)
                                  .where(OutboxMessage.dedupe_key.in_(unique[start:start + 500])))
        found.update((key, message_id) for key, message_id in rows if key is not None)
    return found


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


def due_ids(limit: int, now: datetime, where: sa.ColumnElement[bool] | None = None) -> sa.Select:
    condition = _due(now) if where is None else where
    return sa.select(OutboxMessage.id).where(condition).order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)


def _mark_sending(locked_until: datetime) -> sa.Update:
    return sa.update(OutboxMessage).values(
        status=OutboxStatus.SENDING, locked_until=locked_until, attempts=OutboxMessage.attempts + 1,
    ).execution_options(synchronize_session=False)


def claim_with_row_locks(limit: int, now: datetime, locked_until: datetime,
                         where: sa.ColumnElement[bool] | None = None) -> list[int]:
    """PostgreSQL: lock due rows, skipping those another worker holds, and mark them sending."""
    ids = list(db.session.scalars(due_ids(limit, now, where).with_for_update(skip_locked=True)))
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


def _claim_plan(limit: int, now: datetime, postgres: bool) -> list[tuple[sa.ColumnElement[bool], int]]:
    """What to claim: each rate-limited stream up to its budget, then the rest (paused streams never)."""
    limited = rate_limited_streams(lock=postgres)
    excluded = paused_streams() + list(limited)
    plan = []
    for name, rate in limited.items():
        allowed = budget(name, rate, now)
        if allowed:
            plan.append((sa.and_(_due(now), OutboxMessage.stream == name), allowed))
    others = _due(now) if not excluded else sa.and_(
        _due(now), sa.or_(OutboxMessage.stream.is_(None), OutboxMessage.stream.not_in(excluded)))
    plan.append((others, limit))
    return plan


def claim_ids(limit: int, now: datetime, lock_seconds: int = DEFAULT_LOCK_SECONDS) -> list[int]:
    """Claim up to ``limit`` due messages for this worker until ``now + lock_seconds``: their ids.

    COMMITS (the claim must be visible to other workers): call it only from the worker, never
    with unrelated changes in the session. Counts one attempt per claimed message.
    """
    locked_until = now + timedelta(seconds=lock_seconds)
    postgres = db.session.get_bind().dialect.name == "postgresql"
    ids: list[int] = []
    for condition, allowed in _claim_plan(limit, now, postgres):
        wanted = min(allowed, limit - len(ids))
        if wanted <= 0:
            break
        if postgres:
            ids += claim_with_row_locks(wanted, now, locked_until, condition)
        else:
            ids += claim_by_compare_and_set(list(db.session.scalars(due_ids(wanted, now, condition))), now, locked_until)
    db.session.commit()
    return ids


def claim_batch(limit: int, now: datetime, lock_seconds: int = DEFAULT_LOCK_SECONDS) -> list[OutboxMessage]:
    """``claim_ids`` returning the messages. COMMITS, like it."""
    ids = claim_ids(limit, now, lock_seconds)
    if not ids:
        return []
    query = sa.select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)
    return list(db.session.scalars(query))


# --- sending and recording ------------------------------------------------------------

@dataclass
class Claimed:
    """What the sender needs of a claimed message, read once: commits never reload it."""

    message: OutboxMessage  # a transient copy, never added to the session
    attempts: int

    @property
    def id(self) -> int:
        return self.message.id


def _load_claimed(ids: list[int]) -> list[Claimed]:
    columns = [column for column in OutboxMessage.__table__.columns]
    rows = db.session.execute(sa.select(*columns).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id))
    claimed = []
    for row in rows.mappings():
        copy = OutboxMessage(**{key: row[key] for key in row.keys()})
        claimed.append(Claimed(copy, row["attempts"]))
    return claimed


def sender_address() -> str:
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or "rencontres@localhost"
    return sender if isinstance(sender, str) else formataddr(tuple(sender))


@functools.lru_cache(maxsize=16)
def address_part(value: str) -> str:
    """``Name <a@b>`` → ``a@b`` (cached: the sender's address is asked for at every message)."""
    return parseaddr(value)[1]


def unsubscribe_targets(address: str) -> dict[str, str]:
    """The RFC 8058 one-click URL (from the public URL) and the mailto fallback for ``address``."""
    mailto = current_app.config.get("MAIL_UNSUBSCRIBE_ADDRESS") or address_part(sender_address())
    return {"url": external_url("mail_public.unsubscribe", token=unsubscribe_token(address)), "mailto": mailto}


def envelope_sender(message: OutboxMessage) -> str:
    """The SMTP MAIL FROM (Return-Path): the message's VERP bounce address, else the sender's address."""
    return bounce_address(message.id) or address_part(sender_address())


def email_bytes(message: OutboxMessage, now: datetime) -> bytes:
    unsubscribe = unsubscribe_targets(message.to_address) if message.bulk else None
    return email_bytes_for(message, sender=sender_address(), now=now, unsubscribe=unsubscribe)


def _quote_periods(data: bytes) -> bytes:
    """RFC 5321 dot-stuffing, and the final CRLF before the terminating dot."""
    stuffed = re.sub(rb"(?m)^\.", b"..", data)
    return stuffed if stuffed.endswith(b"\r\n") else stuffed + b"\r\n"


def start_transaction(smtp: smtplib.SMTP, envelope_from: str, recipient: str, data: bytes) -> None:
    """MAIL, RCPT, DATA and the whole content, all but the terminating dot: the server has not accepted
    the message yet (``finish_transaction`` makes it accept it). Raises as ``smtplib.sendmail`` does."""
    smtp.ehlo_or_helo_if_needed()
    code, reply = smtp.mail(envelope_from)
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPSenderRefused(code, reply, envelope_from)
    code, reply = smtp.rcpt(recipient)
    if code not in (250, 251):
        smtp.rset()
        raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
    smtp.putcmd("data")
    code, reply = smtp.getreply()
    if code != 354:
        smtp.rset()
        raise smtplib.SMTPDataError(code, reply)
    smtp.send(_quote_periods(data))


def finish_transaction(smtp: smtplib.SMTP) -> None:
    """The terminating dot: from the server's 250 on, the message is delivered as far as we are concerned."""
    smtp.send(b".\r\n")
    code, reply = smtp.getreply()
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPDataError(code, reply)


def deliver(message: OutboxMessage, smtp: smtplib.SMTP | None, now: datetime) -> None:
    """Send one message on an open SMTP connection (None: ``MAIL_SUPPRESS_SEND``, nothing leaves)."""
    data = email_bytes(message, now)
    if smtp is not None:
        start_transaction(smtp, envelope_sender(message), message.to_address, data)
        finish_transaction(smtp)


def _update_statement(ids: Sequence[int], **values: Any) -> sa.Update:
    return (sa.update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(**values)
            .execution_options(synchronize_session=False))


def _update(ids: Sequence[int], **values: Any) -> None:
    db.session.execute(_update_statement(ids, **values))


def _sent_values(sent_at: datetime) -> dict[str, Any]:
    return dict(status=OutboxStatus.SENT, sent_at=sent_at, locked_until=None, last_error=None)


@functools.cache
def _sent_statement() -> sa.Update:
    """``sent`` for one message, built once (bound per message): the hot path of the recorder."""
    return (sa.update(OutboxMessage).where(OutboxMessage.id == sa.bindparam("b_id"))
            .values(status=OutboxStatus.SENT, sent_at=sa.bindparam("b_sent_at"), locked_until=None, last_error=None)
            .execution_options(synchronize_session=False))


def record_sent(ids: Sequence[int], sent_at: datetime) -> None:
    """Mark messages sent (one UPDATE; the caller commits)."""
    _update(ids, **_sent_values(sent_at))


def retry_delay(attempts: int) -> timedelta:
    """1 min after the first failed attempt, then doubling, at most 6 hours."""
    return min(FIRST_RETRY_DELAY * 2 ** min(max(attempts - 1, 0), 20), MAX_RETRY_DELAY)


def failure_values(claimed: Claimed, error: BaseException | str, now: datetime, *,
                   permanent: bool = False) -> dict[str, Any]:
    """Back to pending with a back-off, or failed for good after MAX_ATTEMPTS (or a permanent refusal)."""
    last_error = (error if isinstance(error, str) else f"{type(error).__name__}: {error}")[:2000]
    if permanent or claimed.attempts >= MAX_ATTEMPTS:
        return dict(status=OutboxStatus.FAILED, last_error=last_error, locked_until=None)
    return dict(status=OutboxStatus.PENDING, last_error=last_error, locked_until=None,
                next_attempt_at=now + retry_delay(claimed.attempts))


def record_failure(claimed: Claimed, error: BaseException | str, now: datetime, *,
                   permanent: bool = False) -> OutboxStatus:
    """Write ``failure_values`` (the caller commits); the new status."""
    values = failure_values(claimed, error, now, permanent=permanent)
    _update([claimed.id], **values)
    return values["status"]


def is_permanent(error: BaseException) -> bool:
    """The server refused the recipient for good (5xx): retrying would not help."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        500 <= code < 600 for code, _ in error.recipients.values())


def release(claimed: Iterable[Claimed], now: datetime) -> None:
    """Give claimed but untried messages back, without counting the attempt."""
    ids = [item.id for item in claimed]
    if ids:
        _update(ids, status=OutboxStatus.PENDING, locked_until=None, next_attempt_at=now,
                attempts=sa.case((OutboxMessage.attempts > 0, OutboxMessage.attempts - 1), else_=0))


def _suppress_opted_out(untried: list[Claimed], report: SendReport) -> list[Claimed]:
    """Bulk messages whose address opted out or bounced since they were queued: suppressed, not sent."""
    held = suppressed_addresses(item.message.to_address for item in untried if item.message.bulk)
    dropped = [item for item in untried if item.message.bulk and suppression_key(item.message.to_address) in held]
    if dropped:
        _update([item.id for item in dropped], status=OutboxStatus.SUPPRESSED, locked_until=None)
        report.suppressed += len(dropped)
    db.session.commit()  # also ends the read transaction: the recorder writes on its own connection
    return [item for item in untried if item not in dropped]


class Recorder:
    """Writes the outcome of each message in its own transaction, on its own connection and thread, while the
    sender prepares and transmits the next message; ``wait`` blocks until the last write is committed.

    The sender calls ``wait`` before the terminating dot of the next message: at any instant at most one
    message is accepted by the server and not yet recorded (the argument is in docs/mail.md).
    """

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-recorder")
        self.pending: Future[None] | None = None
        self.connection: sa.Connection | None = None  # used by the recorder's thread only, for the whole batch

    def _write(self, statement: sa.Update, parameters: dict[str, Any] | None) -> None:
        if self.connection is None:
            self.connection = self.engine.connect()
        try:
            self.connection.execute(statement, parameters)
            self.connection.commit()  # one transaction per message: committed when this returns
        except Exception:
            self.connection.rollback()
            raise

    def _close_connection(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def submit(self, statement: sa.Update, parameters: dict[str, Any] | None = None) -> None:
        self.wait()
        self.pending = self.executor.submit(self._write, statement, parameters)

    def wait(self) -> None:
        """Block until the last submitted write is committed (raises its error, if any)."""
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self.executor.submit(self._close_connection).result()
            self.executor.shutdown(wait=True)


def _send_one(claimed: Claimed, smtp: smtplib.SMTP | None, recorder: Recorder, now: datetime, clock: float,
              report: SendReport) -> None:
    """Send one message; its outcome is written by the recorder while the next one is prepared."""
    sent_at = now + timedelta(seconds=time.monotonic() - clock)
    try:
        data = email_bytes(claimed.message, sent_at)
        if smtp is not None:
            start_transaction(smtp, envelope_sender(claimed.message), claimed.message.to_address, data)
        recorder.wait()  # the previous message is recorded before this one can be accepted
        if smtp is not None:
            finish_transaction(smtp)
    except Exception as error:  # one bad message must not stop the batch
        logger.warning("mail %s not sent: %s", claimed.id, error)
        values = failure_values(claimed, error, now, permanent=is_permanent(error))
        recorder.submit(_update_statement([claimed.id], **values))
        report.count(values["status"])
        if isinstance(error, CONNECTION_ERRORS):
            raise
        return
    recorder.submit(_sent_statement(), {"b_id": claimed.id, "b_sent_at": sent_at})
    report.count(OutboxStatus.SENT)


def _drop_paused(untried: list[Claimed], now: datetime) -> list[Claimed]:
    """Give back the untried messages of streams paused since the claim."""
    streams = {item.message.stream for item in untried if item.message.stream}
    paused = set(paused_streams()) & streams if streams else set()
    release([item for item in untried if item.message.stream in paused], now)
    db.session.commit()  # ends the read transaction too
    return [item for item in untried if item.message.stream not in paused]


def send_due(limit: int = 100, *, now: datetime | None = None,
             lock_seconds: int = DEFAULT_LOCK_SECONDS) -> SendReport:
    """Claim and send what is due over ONE SMTP connection. Never raises for SMTP trouble.

    COMMITS the claim, then each message's outcome in its own transaction (written while the next
    message is prepared and transmitted, and always before the server can accept that next one), so
    that a crash never re-sends a delivered message, beyond the one in flight. A server that refuses
    the connection leaves every claimed message pending with a back-off. A stream paused meanwhile is
    noticed within a second.
    """
    now = now or utcnow()
    report = SendReport()
    ids = claim_ids(limit, now, lock_seconds)
    if not ids:
        return report
    untried = _suppress_opted_out(_load_claimed(ids), report)
    clock = time.monotonic()
    deadline, next_pause_check = clock + lock_seconds * 0.8, clock + PAUSE_CHECK_SECONDS
    recorder = Recorder(db.engine)
    try:
        with mail.connect() as connection:
            smtp = connection.host
            if smtp is not None and smtp.sock is not None:
                smtp.sock.settimeout(SMTP_TIMEOUT_SECONDS)
                # The terminating dot is a write of its own: without this, Nagle's algorithm holds it until
                # the server's delayed ACK (40 ms), which would cap the sender at about 20 mails a second.
                smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            while untried and time.monotonic() < deadline:  # never send on a lock that may have expired
                if time.monotonic() >= next_pause_check:
                    untried, next_pause_check = _drop_paused(untried, now), time.monotonic() + PAUSE_CHECK_SECONDS
                    if not untried:
                        break
                _send_one(untried.pop(0), smtp, recorder, now, clock, report)
            recorder.wait()
    except OSError as error:  # smtplib errors are OSErrors too
        logger.warning("SMTP connection to %s failed: %s", current_app.config.get("MAIL_SERVER"), error)
        recorder.wait()
        for claimed in untried:
            report.count(record_failure(claimed, error, now))
        untried = []
    finally:
        recorder.close()
    release(untried, now)
    report.retry_later += len(untried)
    db.session.commit()
    return report


def counts_by_status() -> dict[OutboxStatus, int]:
    rows = db.session.execute(sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status))
    counts = {status: 0 for status in OutboxStatus}
    counts.update({status: count for status, count in rows})
    return counts
