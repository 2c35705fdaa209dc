"""Read returned mail: ``flask --app wsgi mail bounces MAILBOX`` (a Maildir folder or an mbox file).

Each message we send has its own envelope sender (VERP, ``bounces+<id>-<signature>@domain``, from
``MAIL_BOUNCE_ADDRESS``), so a delivery status notification (RFC 3464, ``multipart/report`` with a
``message/delivery-status`` part) comes back to an address that names the outbox message, signed:
nobody can forge a bounce that silences someone else's address. ``Status: 5.x.x`` with
``Action: failed`` is a hard bounce (the address is suppressed for bulk mail); ``4.x.x`` a soft one
(counted). Anything else (auto-replies, spam, a DSN without a valid VERP address, broken bytes) is
ignored. Every returned mail is remembered by its SHA-256, so reading the same mailbox twice changes
nothing.
"""
from __future__ import annotations

import email
import email.policy
import hashlib
import logging
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import sqlalchemy as sa

from app.core.extensions import db
from app.mail.models import MailBounce, OutboxMessage
from app.mail.suppression import message_id_from_bounce_address, record_bounce

logger = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 10 * 1024 * 1024  # a returned mail larger than this is not a DSN worth reading
STATUS = re.compile(r"^([245])\.\d{1,3}\.\d{1,3}$")
# Where the VERP address shows in a returned mail: the MTA's delivery headers first, then To.
VERP_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To")
ADDRESS = re.compile(r"[^\s<>,;\"]+@[^\s<>,;\"]+")


class MailboxError(ValueError):
    """The path is neither a Maildir folder nor an mbox file."""


@dataclass(frozen=True)
class Finding:
    """What one recipient block of a DSN says."""

    recipient: str
    action: str
    status: str
    diagnostic: str | None

    @property
    def hard(self) -> bool:
        return self.status.startswith("5.") and self.action == "failed"

    @property
    def soft(self) -> bool:
        return self.status.startswith("4.") and self.action in ("failed", "delayed")


@dataclass
class BounceReport:
    read: int = 0
    hard: int = 0
    soft: int = 0
    already_read: int = 0
    ignored: int = 0
    hard_addresses: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"read {self.read} mails: {self.hard} hard bounces, {self.soft} soft bounces, "
                f"{self.already_read} already read, {self.ignored} ignored")


# --- parsing ----------------------------------------------------------------------

def _field(block: Message, name: str) -> str:
    value = block.get(name)
    return " ".join(str(value).split()) if value is not None else ""


def _typed_address(value: str) -> str:
    """``rfc822; someone@example.org`` → ``someone@example.org``."""
    return value.split(";", 1)[1].strip().strip("<>") if ";" in value else value.strip().strip("<>")


def delivery_status_findings(message: Message) -> list[Finding]:
    """The per-recipient blocks of the message's ``message/delivery-status`` part (none: not a DSN)."""
    findings = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        if not isinstance(blocks, list):
            continue
        for block in blocks:
            if not isinstance(block, Message):
                continue
            recipient = _typed_address(_field(block, "Final-Recipient") or _field(block, "Original-Recipient"))
            status = _field(block, "Status").split(" ")[0]
            if not recipient or not STATUS.match(status):
                continue
            diagnostic = _typed_address(_field(block, "Diagnostic-Code")) or None
            findings.append(Finding(recipient, _field(block, "Action").lower(), status, diagnostic))
    return findings


def verp_message_id(message: Message) -> int | None:
    """The outbox message named by a (validly signed) VERP address this mail was returned to."""
    for header in VERP_HEADERS:
        for value in message.get_all(header) or []:
            for address in ADDRESS.findall(str(value)):
                found = message_id_from_bounce_address(address)
                if found is not None:
                    return found
    return None


# --- reading a mailbox -----------------------------------------------------------------

def open_mailbox(path: Path) -> mailbox.Mailbox:
    if path.is_dir():
        if not all((path / sub).is_dir() for sub in ("cur", "new", "tmp")):
            raise MailboxError(f"{path} is a folder but not a Maildir (no cur/, new/, tmp/)")
        return mailbox.Maildir(str(path), factory=None, create=False)
    if path.is_file():
        return mailbox.mbox(str(path), factory=None, create=False)
    raise MailboxError(f"{path}: no such Maildir or mbox")


def raw_messages(box: mailbox.Mailbox) -> Iterator[bytes | None]:
    """Each mail's bytes; None for one that cannot be read or is too large."""
    for key in box.iterkeys():
        try:
            data = box.get_bytes(key)
        except Exception as error:  # a broken file in the Maildir must not stop the run
            logger.warning("bounce mailbox: message %s unreadable: %s", key, error)
            yield None
            continue
        yield data if len(data) <= MAX_MESSAGE_BYTES else None


def _already_read(fingerprint: str) -> bool:
    return db.session.scalar(sa.select(MailBounce.id).where(MailBounce.fingerprint == fingerprint)) is not None


def process_returned_mail(data: bytes, report: BounceReport) -> None:
    """Read one returned mail; flushes (the caller commits)."""
    fingerprint = hashlib.sha256(data).hexdigest()
    if _already_read(fingerprint):
        report.already_read += 1
        return
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        findings = [finding for finding in delivery_status_findings(message) if finding.hard or finding.soft]
        outbox_id = verp_message_id(message) if findings else None
    except Exception as error:  # garbage is ignored, never fatal
        logger.info("bounce mailbox: unparsable mail ignored: %s", type(error).__name__)
        findings, outbox_id = [], None
    sent = db.session.get(OutboxMessage, outbox_id) if outbox_id is not None else None
    if not findings or sent is None:
        report.ignored += 1
        return
    finding = next((item for item in findings if item.hard), findings[0])
    try:
        with db.session.begin_nested():  # another run reading the same mail at once: the UNIQUE decides
            db.session.add(MailBounce(fingerprint=fingerprint, address=sent.to_address.lower(), outbox_message_id=sent.id,
                                      kind="hard" if finding.hard else "soft", status=finding.status,
                                      diagnostic=(finding.diagnostic or "")[:500] or None))
    except sa.exc.IntegrityError:
        report.already_read += 1
        return
    record_bounce(sent.to_address, hard=finding.hard, status=finding.status, diagnostic=finding.diagnostic,
                  actor="mail bounces")
    if finding.hard:
        report.hard += 1
        report.hard_addresses.append(sent.to_address.lower())
    else:
        report.soft += 1


def read_bounces(path: Path) -> BounceReport:
    """Read every mail of the mailbox at ``path``. COMMITS after each mail (a long run keeps its work)."""
    box = open_mailbox(path)
    report = BounceReport()
    try:
        for data in raw_messages(box):
            report.read += 1
            if data is None:
                report.ignored += 1
                continue
            process_returned_mail(data, report)
            db.session.commit()
    finally:
        box.close()
    return report
