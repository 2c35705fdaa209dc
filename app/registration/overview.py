"""Every event with its session count and registrations by status: the organisers' home and the desk's event list."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from app.core.extensions import db
from app.events.models import Event
from app.programme.models import Session
from app.registration.models import Registration, RegistrationStatus


@dataclass
class EventOverview:
    event: Event
    sessions: int
    registrations: dict[RegistrationStatus, int]

    @property
    def confirmed(self) -> int:
        return self.registrations.get(RegistrationStatus.CONFIRMED, 0)


def events_overview() -> list[EventOverview]:
    """Every event (drafts included) with its session count and registrations by status: three queries."""
    events = db.session.scalars(sa.select(Event).order_by(Event.starts_at.desc())).all()
    session_counts = dict(db.session.execute(
        sa.select(Session.event_id, sa.func.count()).group_by(Session.event_id)).all())
    registration_counts: dict[int, dict[RegistrationStatus, int]] = defaultdict(dict)
    for event_id, status, count in db.session.execute(
            sa.select(Registration.event_id, Registration.status, sa.func.count())
            .group_by(Registration.event_id, Registration.status)):
        registration_counts[event_id][status] = count
    return [EventOverview(event, session_counts.get(event.id, 0), registration_counts[event.id]) for event in events]
