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


def clear_hard_bounce(address: str, *, actor: str) -> MailSuppression | None:
    """An organiser knows the address works again (the mailbox was full, the domain fixed): mail it again."""
    row = find_suppression(address)
    if row is None or row.hard_bounced_at is None:
        return row
    previous = row.hard_bounced_at
    row.hard_bounced_at = None
    record_audit("mail.bounce_cleared", target=row, actor=actor, details={"since": previous.isoformat()})
    db.session.flush()
    return row


def list_suppressions(limit: int = 1000) -> list[MailSuppression]:
    """Addresses that opted out or bounced (hard or soft), most recent first, for the organisers' page."""
    query = (sa.select(MailSuppression)
             .where(sa.or_(_suppressed(), MailSuppression.soft_bounces > 0))
             .order_by(MailSuppression.updated_at.desc(), MailSuppression.id.desc()).limit(limit))
    return list(db.session.scalars(query))
