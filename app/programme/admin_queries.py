from __future__ import annotations

from app.events.models import Event
from app.programme.models import Session
from app.programme.queries import load_sessions


def sessions_for_organisers(event: Event) -> list[Session]:
    """Every session of the event (hidden and cancelled too), eagerly loaded: two queries."""
    return load_sessions(Session.event_id == event.id, include_hidden=True)
