"""Read-side queries on the programme: a fixed, small number of SQL queries whatever its size."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, subqueryload
from sqlalchemy.sql.elements import ColumnElement

from app.core.extensions import db
from app.events.models import Event
from app.people.models import Person
from app.programme.models import Session, SessionSpeaker, SessionType


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


@dataclass
class ProgrammeFilters:
    """The public programme's filters (``?track=&type=&language=``), read from a GET form: they work
    without JavaScript. Unknown values are ignored; the choices offered are those the programme has."""

    track: str = ""
    type: str = ""
    language: str = ""
    tracks: list = field(default_factory=list)
    types: list[SessionType] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args, days: list[ProgrammeDay]) -> ProgrammeFilters:
        sessions = [session for day in days for session in day.sessions]
        tracks: dict[str, object] = {}
        for session in sessions:
            if session.track is not None:
                tracks.setdefault(session.track.slug, session.track)
        types = [kind for kind in SessionType if any(session.type == kind for session in sessions)]
        languages = sorted({code for session in sessions for code in [*session.languages, *session.interpretation]})
        found = cls(tracks=list(tracks.values()), types=types, languages=languages)
        found.track = args.get("track", "") if args.get("track", "") in tracks else ""
        found.type = args.get("type", "") if args.get("type", "") in {kind.value for kind in types} else ""
        found.language = args.get("language", "") if args.get("language", "") in languages else ""
        return found

    @property
    def active(self) -> bool:
        return bool(self.track or self.type or self.language)

    @property
    def offered(self) -> bool:
        return len(self.tracks) > 1 or len(self.types) > 1 or len(self.languages) > 1

    def matches(self, session: Session) -> bool:
        if self.track and (session.track is None or session.track.slug != self.track):
            return False
        if self.type and session.type.value != self.type:
            return False
        spoken = [*session.languages, *session.interpretation]
        return not (self.language and spoken and self.language not in spoken)

    def apply(self, days: list[ProgrammeDay]) -> list[ProgrammeDay]:
        if not self.active:
            return days
        kept = [ProgrammeDay(day.day, [session for session in day.sessions if self.matches(session)]) for day in days]
        return [day for day in kept if day.sessions]
