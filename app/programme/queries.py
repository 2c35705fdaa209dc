"""Read-side queries on the programme: a fixed, small number of SQL queries whatever its size."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, subqueryload
from sqlalchemy.sql.elements import ColumnElement

from app.events.models import Event
from app.extensions import db
from app.people.models import Person
from app.programme.models import Session, SessionSpeaker


@dataclass
class ProgrammeDay:
    day: date
    sessions: list[Session] = field(default_factory=list)


def load_sessions(*conditions: ColumnElement[bool], include_hidden: bool = False) -> list[Session]:
    """Sessions matching ``conditions``, in time order, with their room, track, speakers, people and
    collectivités: two SQL statements whatever their number (``subqueryload``, unlike ``selectinload``,
    is not split into batches of 500 ids). Hidden sessions only with ``include_hidden``."""
    visibility = () if include_hidden else (Session.is_hidden.is_(False),)
    return list(db.session.scalars(
        sa.select(Session)
        .where(*visibility, *conditions)
        .options(
            joinedload(Session.room),
            joinedload(Session.track),
            subqueryload(Session.speakers).joinedload(SessionSpeaker.person).joinedload(Person.collectivite),
        )
        .order_by(Session.starts_at, Session.ends_at, Session.id)
    ).unique())


def visible_sessions(event: Event) -> list[Session]:
    """Sessions shown to the public (hidden ones left out, cancelled ones kept and marked)."""
    return load_sessions(Session.event_id == event.id)


def programme_by_day(event: Event) -> list[ProgrammeDay]:
    by_day: dict[date, ProgrammeDay] = {}
    zone = event.zone
    for session in visible_sessions(event):
        day = session.starts_at.astimezone(zone).date()
        by_day.setdefault(day, ProgrammeDay(day)).sessions.append(session)
    return [by_day[day] for day in sorted(by_day)]


@dataclass
class SpeakerEntry:
    person: Person
    sessions: list[Session]


SPEAKER_ORDERS = ("alpha", "protocol")


def speakers_of(event: Event, order: str = "alpha") -> list[SpeakerEntry]:
    """Everyone speaking at a visible session: alphabetically by Latin family name, or in protocol order
    (precedence rank first, unranked people last, then alphabetically)."""
    rows = db.session.scalars(
        sa.select(SessionSpeaker)
        .join(SessionSpeaker.session)
        .where(Session.event_id == event.id, Session.is_hidden.is_(False))
        .options(
            joinedload(SessionSpeaker.person).joinedload(Person.collectivite),
            joinedload(SessionSpeaker.person).joinedload(Person.protocol_rank),
            joinedload(SessionSpeaker.session),
        )
        .order_by(Session.starts_at, SessionSpeaker.position)
    ).all()
    sessions_by_person: dict[int, list[Session]] = defaultdict(list)
    people: dict[int, Person] = {}
    for row in rows:
        people[row.person_id] = row.person
        if row.session not in sessions_by_person[row.person_id]:
            sessions_by_person[row.person_id].append(row.session)
    entries = [SpeakerEntry(person, sessions_by_person[person_id]) for person_id, person in people.items()]
    key = (lambda entry: entry.person.protocol_key) if order == "protocol" else (lambda entry: entry.person.sort_key)
    return sorted(entries, key=key)
