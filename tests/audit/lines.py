"""The audit lines a test reads back: (action, actor, user id, target type, target id, event id, details)."""
from __future__ import annotations

import sqlalchemy as sa

from app.audit.models import AuditEntry


def audit_lines(db, action: str) -> list[tuple]:
    """Every line of ``action``, oldest first."""
    db.session.expire_all()
    entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
    return [(entry.action, entry.actor, entry.user_id, entry.target_type, entry.target_id, entry.event_id,
             entry.details) for entry in entries]


def last_line(db, action: str) -> tuple:
    lines = audit_lines(db, action)
    assert lines, f"no audit line {action}"
    return lines[-1]

