"""Who must not get bulk mail: addresses that opted out (RFC 8058 one-click or the page) or bounced for good.

Tokens: the unsubscribe link carries a signed token naming the address (no database id to guess);
the bounce address (VERP, ``bounces+<id>-<signature>@domain``) names the outbox message, signed too,
so that nobody can forge a bounce that silences someone else's address.
"""
from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from app.audit.models import AuditEntry
from app.audit.operations import record_audit
from app.core.db import utcnow
from app.core.extensions import db
from app.mail.models import MailSuppression

UNSUBSCRIBE_SALT = "mail-unsubscribe"
BOUNCE_SIGNATURE_LENGTH = 16  # hex digits of HMAC-SHA256: 64 bits, enough against guessing
VERP_TOKEN = re.compile(r"^(\d{1,12})-([0-9a-f]{" + str(BOUNCE_SIGNATURE_LENGTH) + r"})$")


def suppression_key(address: str) -> str:
    """The form an address is compared in: trimmed, lower case (mailboxes are case-insensitive in practice)."""
    return address.strip().lower()


# --- tokens ---------------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(address: str) -> str:
    return _serializer().dumps(suppression_key(address))


def address_from_unsubscribe_token(token: str) -> str | None:
    """The address a token names, or None when it was not signed by us."""
    if len(token) > 600:
        return None
    try:
        address = _serializer().loads(token)
    except BadSignature:
        return None
    return address if isinstance(address, str) and "@" in address else None


def _bounce_signature(message_id: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"bounce:{message_id}".encode(), hashlib.sha256).hexdigest()[:BOUNCE_SIGNATURE_LENGTH]


def bounce_address(message_id: int) -> str | None:
    """``bounces+<id>-<signature>@domain`` from ``MAIL_BOUNCE_ADDRESS`` (None when it is not configured)."""
    configured = current_app.config.get("MAIL_BOUNCE_ADDRESS")
    if not configured or "@" not in configured:
        return None
    local, domain = configured.rsplit("@", 1)
    return f"{local}+{message_id}-{_bounce_signature(message_id)}@{domain}"


def message_id_from_bounce_address(address: str) -> int | None:
    """The outbox message a VERP address names, or None (not ours, or a forged signature)."""
    local = address.strip().strip("<>").rsplit("@", 1)[0]
    if "+" not in local:
        return None
    match = VERP_TOKEN.match(local.rsplit("+", 1)[1].lower())
    if match is None:
        return None
    message_id = int(match.group(1))
    return message_id if hmac.compare_digest(match.group(2), _bounce_signature(message_id)) else None


# --- the suppression list --------------------------------------------------------

def find_suppression(address: str) -> MailSuppression | None:
    return db.session.scalar(sa.select(MailSuppression).where(MailSuppression.address == suppression_key(address)))


def _suppressed() -> sa.ColumnElement[bool]:
    return sa.or_(MailSuppression.opted_out_at.is_not(None), MailSuppression.hard_bounced_at.is_not(None))


def is_suppressed(address: str) -> bool:
    """True when bulk mail must not go to ``address``: it opted out, or it bounced for good."""
    query = sa.select(MailSuppression.id).where(MailSuppression.address == suppression_key(address), _suppressed())
    return db.session.scalar(query) is not None


def suppressed_addresses(addresses: Iterable[str]) -> set[str]:
    """Which of ``addresses`` (compared by ``suppression_key``) must not get bulk mail, as keys."""
    keys = sorted({suppression_key(address) for address in addresses})
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        found.update(db.session.scalars(sa.select(MailSuppression.address).where(
            MailSuppression.address.in_(chunk), _suppressed())))
    return found


def _row_for(address: str) -> MailSuppression:
    """The address's row, created if needed (a savepoint absorbs the race with another process)."""
    row = find_suppression(address)
    if row is not None:
        return row
    row = MailSuppression(address=suppression_key(address), soft_bounces=0)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except sa.exc.IntegrityError:
        found = find_suppression(address)
        if found is None:
            raise
        return found
    return row


def opt_out(address: str, *, actor: str, how: str, now: datetime | None = None) -> MailSuppression:
    """The address gets no more bulk mail (transactional mail still goes). Flushes; the caller commits."""
    row = _row_for(address)
    if row.opted_out_at is None:
        row.opted_out_at = now or utcnow()
        record_audit("mail.opt_out", target=row, actor=actor, details={"how": how})
    db.session.flush()
    return row


def opt_in(address: str, *, actor: str, now: datetime | None = None) -> MailSuppression | None:
    """Undo an opt-out (from the same page). Flushes; the caller commits."""
    row = find_suppression(address)
    if row is None or row.opted_out_at is None:
        return row
    row.opted_out_at = None
    record_audit("mail.opt_in", target=row, actor=actor)
    db.session.flush()
    return row


def record_bounce(address: str, *, hard: bool, status: str, diagnostic: str | None, actor: str,
                  now: datetime | None = None) -> MailSuppression:
    """Count a bounce on the address; a hard one (5.x.x) suppresses it. Flushes; the caller commits."""
    now = now or utcnow()
    row = _row_for(address)
    row.last_bounce_at, row.last_bounce_status = now, status[:16]
    row.last_bounce_diagnostic = (diagnostic or "")[:500] or None
    if hard:
        if row.hard_bounced_at is None:
            row.hard_bounced_at = now
            record_audit("mail.hard_bounce", target=row, actor=actor, details={"status": status})
    else:
        row.soft_bounces = (row.soft_bounces or 0) + 1
    db.session.flush()
    return row


class SuppressionError(ValueError):
    """An organiser asked for something the suppression list refuses (a message for the page)."""


def clear_hard_bounce(address: str, *, actor: str) -> MailSuppression:
    """An organiser knows the address works again (the mailbox was full, the domain fixed): mail it again.

    Only a hard bounce is cleared: an opt-out is the person's own choice, undone only from their own link
    (``opt_in``), so an address that only opted out is refused. The bounce reports (``MailBounce``) are
    kept; ``restore_hard_bounce`` undoes this. Flushes; the caller commits."""
    row = db.session.scalar(sa.select(MailSuppression).where(MailSuppression.address == suppression_key(address))
                            .with_for_update().execution_options(populate_existing=True))  # two organisers at once
    if row is None or row.hard_bounced_at is None:
        raise SuppressionError("only a hard bounce can be cleared; an opt-out is undone by the person alone")
    previous = row.hard_bounced_at
    row.hard_bounced_at = None
    record_audit("mail.bounce_cleared", target=row, actor=actor, details={"since": previous.isoformat()})
    db.session.flush()
    return row


def _last_cleared_bounce(row: MailSuppression) -> datetime | None:
    """When the hard bounce last cleared on this row had been recorded (from the clearing's audit line)."""
    details = db.session.scalar(
        sa.select(AuditEntry.details).where(AuditEntry.action == "mail.bounce_cleared",
                                            AuditEntry.target_type == MailSuppression.__tablename__,
                                            AuditEntry.target_id == row.id)
        .order_by(AuditEntry.id.desc()).limit(1))
    since = (details or {}).get("since")
    try:
        return datetime.fromisoformat(since) if isinstance(since, str) else None
    except ValueError:
        return None


def cleared_bounce_ids(ids: Iterable[int]) -> set[int]:
    """Which of these rows had a hard bounce cleared and no hard bounce now: those ``restore_hard_bounce`` takes."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    return set(db.session.scalars(
        sa.select(MailSuppression.id).join(AuditEntry, sa.and_(
            AuditEntry.target_type == MailSuppression.__tablename__, AuditEntry.target_id == MailSuppression.id,
            AuditEntry.action == "mail.bounce_cleared"))
        .where(MailSuppression.id.in_(wanted), MailSuppression.hard_bounced_at.is_(None)).distinct()))


def restore_hard_bounce(row: MailSuppression, *, actor: str) -> MailSuppression:
    """Undo ``clear_hard_bounce``: the address is suppressed again, from the date of the bounce that was cleared.
    Flushes; the caller commits."""
    db.session.refresh(row, with_for_update=True)  # two organisers at once: the second sees it restored
    since = _last_cleared_bounce(row) if row.hard_bounced_at is None else None
    if since is None:
        raise SuppressionError("there is no cleared hard bounce to restore on this address")
    row.hard_bounced_at = since
    record_audit("mail.bounce_restored", target=row, actor=actor, details={"since": since.isoformat()})
    db.session.flush()
    return row


def list_suppressions(limit: int = 1000, search: str = "") -> list[MailSuppression]:
    """Addresses that opted out or bounced (hard, soft, or a hard bounce since cleared), most recent first, for
    the organisers' page; with ``search``, only the addresses that contain it."""
    query = sa.select(MailSuppression).where(
        sa.or_(_suppressed(), MailSuppression.soft_bounces > 0, MailSuppression.last_bounce_at.is_not(None)))
    if search.strip():
        query = query.where(MailSuppression.address.contains(suppression_key(search), autoescape=True))
    query = (query
             .order_by(MailSuppression.updated_at.desc(), MailSuppression.id.desc()).limit(limit))
    return list(db.session.scalars(query))
