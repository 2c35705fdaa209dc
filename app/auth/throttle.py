"""Login lockout per account and client address, with exponential backoff.

After ``FREE_FAILURES`` wrong passwords for one email from one address, that pair is locked for
1 minute, then 2, 4, … up to ``MAX_LOCK`` (each further failure doubles it). During a lockout even
the right password is refused, with a message saying how long to wait. A success, or
``FORGET_AFTER`` without failure, clears the counter. Other addresses are never affected, so an
attacker cannot lock the owner out; a lockout is recorded in the audit log (no password in it).
Emails that have no account are counted the same way (no hint whether an account exists).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.audit.operations import record_audit
from app.auth.models import LoginThrottle, User
from app.auth.services import normalise_email
from app.core.db import utcnow
from app.core.extensions import db

FREE_FAILURES = 10  # the rate limit (5 per minute per address) comes first; this stops slow guessing
FIRST_LOCK = timedelta(minutes=1)
MAX_LOCK = timedelta(hours=1)
FORGET_AFTER = timedelta(hours=24)


@dataclass(frozen=True)
class Lockout:
    until: datetime

    def minutes_left(self, now: datetime | None = None) -> int:
        return max(1, math.ceil(((self.until - (now or utcnow())).total_seconds()) / 60))


def _row(email: str, address: str, lock: bool = False) -> LoginThrottle | None:
    query = sa.select(LoginThrottle).where(LoginThrottle.email == normalise_email(email)[:254],
                                           LoginThrottle.address == address[:64])
    return db.session.scalar(query.with_for_update() if lock else query)


def current_lockout(email: str, address: str, now: datetime | None = None) -> Lockout | None:
    row = _row(email, address)
    now = now or utcnow()
    if row is not None and row.locked_until is not None and row.locked_until > now:
        return Lockout(row.locked_until)
    return None


def lock_duration(failures: int) -> timedelta | None:
    if failures < FREE_FAILURES:
        return None
    return min(FIRST_LOCK * 2 ** (failures - FREE_FAILURES), MAX_LOCK)


def record_failure(email: str, address: str, now: datetime | None = None) -> Lockout | None:
    """Count a wrong password; the lockout it starts, if any. Flushes; the caller commits."""
    now = now or utcnow()
    email, address = normalise_email(email)[:254], address[:64]
    row = _row(email, address, lock=True)
    if row is None:
        row = LoginThrottle(email=email, address=address, failures=0, last_failure_at=now)
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except sa.exc.IntegrityError:  # another request created it at the same moment
            row = _row(email, address, lock=True)
            if row is None:
                raise RuntimeError("the login throttle row another request created is gone") from None
    elif now - row.last_failure_at > FORGET_AFTER:
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    duration = lock_duration(row.failures)
    if duration is None:
        db.session.flush()
        return None
    row.locked_until = now + duration
    user = db.session.scalar(sa.select(User).where(User.email == email))
    record_audit("login.locked", target=user, target_type="user_account", actor="system",
                 details={"email": email, "address": address, "failures": row.failures,
                          "minutes": int(duration.total_seconds() // 60)})
    return Lockout(row.locked_until)


def clear_failures(email: str, address: str) -> None:
    db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.email == normalise_email(email)[:254],
                                                      LoginThrottle.address == address[:64]))
