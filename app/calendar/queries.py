"""Read queries for the calendar feeds: a fixed number of SQL statements whatever the programme's size.

Sessions come with their room and track (joined) and their speakers, people and collectivités
(one more statement, ``subqueryload``: unlike ``selectinload`` it does not split into chunks of
500 ids, so a 2,000-session programme costs the same two statements as a 50-session one).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import ColumnElement

from app.core.extensions import db
from app.events.kinds import kinds_with
from app.events.models import PUBLIC_STATUSES, Event, EventSeries
from app.people.models import Person
from app.programme.models import Room, Session, SessionSpeaker, Track
from app.programme.queries import load_sessions
from app.registration.models import Registration, RegistrationStatus

# A personal feed answers 404 for these: the registration no longer stands.
CLOSED_REGISTRATION_STATUSES = (RegistrationStatus.CANCELLED, RegistrationStatus.REFUSED)


def feed_sessions(*conditions: ColumnElement[bool]) -> list[Session]:
    """Visible (not hidden) sessions matching ``conditions``, eagerly loaded, in time order."""
    return load_sessions(*conditions)


def programme_sessions(event: Event) -> list[Session]:
    return feed_sessions(Session.event_id == event.id)


def find_session(event: Event, session_id: int) -> Session | None:
    found = feed_sessions(Session.event_id == event.id, Session.id == session_id)
    return found[0] if found else None


def find_track(event: Event, slug: str) -> Track | None:
    return db.session.scalar(sa.select(Track).where(Track.event_id == event.id, Track.slug == slug))


def track_sessions(event: Event, track: Track) -> list[Session]:
    return feed_sessions(Session.event_id == event.id, Session.track_id == track.id)


def find_speaker(event: Event, person_id: int) -> Person | None:
    """The person, if they speak at a visible session of the event."""
    speaks_here = (
        sa.select(SessionSpeaker.id).join(SessionSpeaker.session)
        .where(SessionSpeaker.person_id == Person.id, Session.event_id == event.id, Session.is_hidden.is_(False))
        .exists())
    return db.session.scalar(sa.select(Person).where(Person.id == person_id, speaks_here))


def speaker_sessions(event: Event, person: Person) -> list[Session]:
    spoken_at = sa.select(SessionSpeaker.session_id).where(SessionSpeaker.person_id == person.id)
    return feed_sessions(Session.event_id == event.id, Session.id.in_(spoken_at))


def find_chronicle_series(slug: str) -> EventSeries | None:
    return db.session.scalar(
        sa.select(EventSeries).where(EventSeries.slug == slug,
                                    EventSeries.kind.in_(kinds_with("has_recueil"))))


def series_events(series: EventSeries) -> list[Event]:
    return list(db.session.scalars(
        sa.select(Event)
        .where(Event.series_id == series.id, Event.status.in_(PUBLIC_STATUSES))
        .order_by(Event.starts_at, Event.id)))


def events_sessions(events: Iterable[Event]) -> list[Session]:
    return feed_sessions(Session.event_id.in_([event.id for event in events]))


def programme_changed_at(event_ids: Iterable[int]) -> datetime | None:
    """The latest change to any session (hidden ones included), room or track of these events: one statement."""
    ids = list(event_ids)
    if not ids:
        return None
    latest = [sa.select(sa.func.max(model.updated_at)).where(model.event_id.in_(ids)).scalar_subquery()
              for model in (Session, Room, Track)]
    found = [value for value in db.session.execute(sa.select(*latest)).one() if value is not None]
    return max(found, default=None)


def find_open_registration(token: str) -> Registration | None:
    """The registration of a personal feed token, if it still stands and its event is public."""
    return db.session.scalar(
        sa.select(Registration).join(Registration.event)
        .where(Registration.calendar_token == token,
               Registration.status.not_in(CLOSED_REGISTRATION_STATUSES),
               Event.status.in_(PUBLIC_STATUSES))
        .options(joinedload(Registration.event)))

