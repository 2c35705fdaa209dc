"""Read-side queries of the Chroniques: a series' chronicles with their speakers, past and upcoming."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.core.db import utcnow
from app.core.extensions import db
from app.events.models import Event, EventSeries
from app.people.models import Person
from app.programme.models import Session, SessionSpeaker


@dataclass
class Chronicle:
    event: Event
    speakers: list[SessionSpeaker] = field(default_factory=list)  # in programme order, one entry per person


@dataclass
class SeriesListing:
    upcoming: list[Chronicle]
    past: list[Chronicle]


def with_speakers(events: list[Event]) -> list[Chronicle]:
    """The chronicles with the speakers of their visible sessions, in two queries whatever their number."""
    ids = [event.id for event in events]
    rows = db.session.scalars(
        sa.select(SessionSpeaker).join(SessionSpeaker.session)
        .where(Session.event_id.in_(ids), Session.is_hidden.is_(False))
        .options(joinedload(SessionSpeaker.person).joinedload(Person.collectivite), joinedload(SessionSpeaker.session))
        .order_by(Session.starts_at, SessionSpeaker.position)).all() if ids else []
    speakers: dict[int, list[SessionSpeaker]] = defaultdict(list)
    for row in rows:
        if all(known.person_id != row.person_id for known in speakers[row.session.event_id]):
            speakers[row.session.event_id].append(row)
    return [Chronicle(event, speakers[event.id]) for event in events]


def split_by_time(chronicles: list[Chronicle]) -> SeriesListing:
    """Upcoming soonest first, past latest first."""
    now = utcnow()
    return SeriesListing(upcoming=[item for item in chronicles if item.event.ends_at >= now],
                         past=[item for item in reversed(chronicles) if item.event.ends_at < now])


def chronicles_of_series(series: EventSeries) -> list[Event]:
    """Every chronicle of the series, drafts included (staff pages, the recueil), in date order."""
    return list(db.session.scalars(sa.select(Event).where(Event.series_id == series.id).order_by(Event.starts_at)))
