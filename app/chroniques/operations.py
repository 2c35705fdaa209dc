"""Changes organisers make to a chronicle. Plain functions: they flush and write the audit line; the caller commits."""
from __future__ import annotations

from app.audit.operations import record_audit
from app.core.extensions import db
from app.events.models import Event


def save_summary(event: Event, summary_fr: str | None, summary_en: str | None, *, actor: str | None = None) -> Event:
    """The organisers' summary printed in the recueil (empty text: none), with the audit line
    ``event.summary`` (``actor`` None: the logged-in staff member, else ``system``)."""
    event.summary_fr, event.summary_en = summary_fr or None, summary_en or None
    db.session.flush()
    record_audit("event.summary", target=event, event_id=event.id, actor=actor,
                 details={"summary_fr": len(event.summary_fr or ""), "summary_en": len(event.summary_en or "")})
    return event
