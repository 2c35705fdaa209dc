"""The open Assises' published meeting schedule: the solver run on the demo's accepted meetings (after
``app.demo.meetings``), published, without mails (the demo queues none). Loading twice changes nothing
(nothing is done once a meeting of the event is published)."""
from __future__ import annotations

import sqlalchemy as sa

from app.core.extensions import db
from app.demo.meetings import OPEN_ASSISES
from app.events.models import Event
from app.meetings.models import Meeting
from app.meetings.scheduling import schedule_event


def ensure_schedule() -> None:
    event = db.session.scalar(sa.select(Event).where(Event.slug == OPEN_ASSISES))
    if event is None or db.session.scalar(sa.select(Meeting.id).where(Meeting.event_id == event.id,
                                                                      Meeting.published.is_(True)).limit(1)):
        return
    schedule_event(event, publish=True, actor="system", time_limit=10, notify=False)
