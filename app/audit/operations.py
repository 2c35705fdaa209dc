"""``record_audit``: the one way to write the audit log. It flushes; the caller commits with its own change.

Secrets never reach the log: any detail whose key looks like a token, password or passport number is
dropped, and string values that contain a private-link or calendar path are redacted.
"""
from __future__ import annotations

import re
from typing import Any

from flask import has_request_context
from flask_login import current_user

from app.audit.models import AuditEntry
from app.core.extensions import db
from app.core.security import redact_path

SECRET_KEYS = re.compile(r"token|password|secret|passport_number|hash", re.IGNORECASE)
MAX_DETAIL_LENGTH = 500


def current_actor() -> tuple[str, int | None]:
    """(actor, user id) of the current request: the logged-in staff member, else ``system``."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return f"user:{current_user.id}", current_user.id
    return "system", None


def record_audit(action: str, *, target: Any = None, target_type: str | None = None, target_id: int | None = None,
                 event_id: int | None = None, actor: str | None = None, user_id: int | None = None,
                 details: dict[str, Any] | None = None) -> AuditEntry:
    """Add an entry. ``target`` (a model instance) gives ``target_type``/``target_id``, and ``event_id``
    when it has one. ``actor`` defaults to the logged-in staff member (or ``system``)."""
    if target is not None:
        target_type = target_type or type(target).__tablename__
        target_id = target_id if target_id is not None else target.id
        if event_id is None:
            event_id = getattr(target, "event_id", None)
    if actor is None:
        actor, default_user_id = current_actor()
        user_id = user_id if user_id is not None else default_user_id
    entry = AuditEntry(action=action, actor=actor[:80], user_id=user_id, target_type=target_type,
                       target_id=target_id, event_id=event_id, details=clean_details(details or {}))
    db.session.add(entry)
    db.session.flush()
    return entry


def clean_details(details: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe details without secrets."""
    cleaned: dict[str, Any] = {}
    for key, value in details.items():
        if SECRET_KEYS.search(str(key)):
            continue
        cleaned[str(key)] = _clean_value(value)
    return cleaned


def _clean_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dict):
        return clean_details(value)
    if isinstance(value, list | tuple | set):
        return [_clean_value(item) for item in value][:100]
    text = redact_path(str(getattr(value, "value", value)))
    return text[:MAX_DETAIL_LENGTH]
