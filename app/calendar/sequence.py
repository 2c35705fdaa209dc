"""``Session.sequence`` (iCalendar SEQUENCE) goes up whenever a session's time, place or status changes.

Calendar clients replace an event they already have (same UID) only by one with a higher
SEQUENCE, so it is bumped, once per flush, when a session's ``starts_at``, ``ends_at``,
room or ``status`` changes, and for every session of an event whose venue changes
(``venue_*``, ``is_online``); ``Event.sequence`` likewise, for an event shown as one entry
(a chronicle without sessions), when its times or place change. Other edits (title, description, speakers…) do not bump it:
they are not a reschedule; subscribed calendars still pick them up through ``LAST-MODIFIED``
and the changed feed. Bulk ``UPDATE`` statements bypass the ORM and so this rule: use the ORM.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session as OrmSession

from app.events.models import Event
from app.programme.models import Session

SESSION_FIELDS = ("starts_at", "ends_at", "room", "room_id", "status")
EVENT_PLACE_FIELDS = ("venue_name", "venue_address", "venue_city", "venue_country", "is_online")
EVENT_TIME_FIELDS = ("starts_at", "ends_at")


def install_sequence_bump(session_factory: Any) -> None:
    """Listen to ``before_flush`` of ``session_factory`` (a scoped session, sessionmaker or class); idempotent."""
    if not sa.event.contains(session_factory, "before_flush", bump_sequences):
        sa.event.listen(session_factory, "before_flush", bump_sequences)


def bump_sequences(orm_session: OrmSession, flush_context: Any, instances: Any) -> None:
    to_bump: set[Session] = {obj for obj in orm_session.dirty
                             if isinstance(obj, Session) and _changed(obj, SESSION_FIELDS)}
    moved_events = [obj for obj in orm_session.dirty if isinstance(obj, Event) and _changed(obj, EVENT_PLACE_FIELDS)]
    if moved_events:
        to_bump.update(orm_session.scalars(
            sa.select(Session).where(Session.event_id.in_([event.id for event in moved_events]))))
    for session in to_bump:
        session.sequence = (session.sequence or 0) + 1
    for event in orm_session.dirty:
        if isinstance(event, Event) and _changed(event, EVENT_TIME_FIELDS + EVENT_PLACE_FIELDS):
            event.sequence = (event.sequence or 0) + 1


def _changed(obj: object, fields: tuple[str, ...]) -> bool:
    state = sa.inspect(obj)
    if state.persistent is False:
        return False
    return any(state.attrs[field].history.has_changes() for field in fields)
