"""Programme conflicts: a room booked twice, a speaker in two places at once, a session
outside the event's days, a session with more seats than its room.

Room and speaker conflicts are *blocking*: saving a session that has one needs an explicit
override with a reason. The other two are warnings.
"""
from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import subqueryload

from app.core.extensions import db
from app.events.models import Event
from app.programme.models import Room, Session, SessionStatus

if TYPE_CHECKING:
    from app.people.models import Person


class ConflictKind(enum.StrEnum):
    ROOM_DOUBLE_BOOKED = "room_double_booked"
    SPEAKER_OVERLAP = "speaker_overlap"
    OUTSIDE_EVENT_DAYS = "outside_event_days"
    CAPACITY_ABOVE_ROOM = "capacity_above_room"

    @property
    def blocking(self) -> bool:
        return self in (ConflictKind.ROOM_DOUBLE_BOOKED, ConflictKind.SPEAKER_OVERLAP)


class RoomLike(Protocol):
    """What the conflict rules read of a room (a Room, or a room an import would create)."""

    @property
    def id(self) -> int: ...
    @property
    def capacity(self) -> int | None: ...


@dataclass(frozen=True)
class Conflict:
    kind: ConflictKind
    session_id: int | None
    other_session_id: int | None = None
    person_id: int | None = None
    room_id: int | None = None

    @property
    def blocking(self) -> bool:
        return self.kind.blocking


@dataclass(frozen=True)
class Slot:
    """What conflict rules need to know of a session, saved or not."""

    session_id: int | None
    starts_at: datetime
    ends_at: datetime
    room_id: int | None
    capacity: int | None
    person_ids: frozenset[int]


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def slot_of(session: Session) -> Slot:
    return Slot(session.id, session.starts_at, session.ends_at, session.room_id, session.capacity,
                frozenset(speaker.person_id for speaker in session.speakers))


def _pair_conflicts(a: Slot, b: Slot) -> list[Conflict]:
    if not overlaps(a.starts_at, a.ends_at, b.starts_at, b.ends_at):
        return []
    found = []
    if a.room_id is not None and a.room_id == b.room_id:
        found.append(Conflict(ConflictKind.ROOM_DOUBLE_BOOKED, a.session_id, b.session_id, room_id=a.room_id))
    for person_id in sorted(a.person_ids & b.person_ids):
        found.append(Conflict(ConflictKind.SPEAKER_OVERLAP, a.session_id, b.session_id, person_id=person_id))
    return found


def _own_conflicts(slot: Slot, event: Event, rooms: Mapping[int, RoomLike]) -> list[Conflict]:
    found = []
    first_day, last_day = event.days[0], event.days[-1]
    zone = event.zone
    if slot.starts_at.astimezone(zone).date() < first_day or slot.ends_at.astimezone(zone).date() > last_day:
        found.append(Conflict(ConflictKind.OUTSIDE_EVENT_DAYS, slot.session_id))
    room = rooms.get(slot.room_id) if slot.room_id is not None else None
    if room is not None and room.capacity is not None and slot.capacity is not None and slot.capacity > room.capacity:
        found.append(Conflict(ConflictKind.CAPACITY_ABOVE_ROOM, slot.session_id, room_id=room.id))
    return found


def _active_slots(event: Event, exclude_id: int | None = None) -> list[Slot]:
    query = (sa.select(Session).where(Session.event_id == event.id, Session.status != SessionStatus.CANCELLED)
             .options(subqueryload(Session.speakers)).order_by(Session.starts_at))
    return [slot_of(session) for session in db.session.scalars(query) if session.id != exclude_id]


def _rooms(event: Event) -> dict[int, Room]:
    return {room.id: room for room in db.session.scalars(sa.select(Room).where(Room.event_id == event.id))}


def conflicts_for_slot(event: Event, slot: Slot) -> list[Conflict]:
    """Conflicts a session would have with these values (used by the session form before saving)."""
    found = _own_conflicts(slot, event, _rooms(event))
    for other in _active_slots(event, exclude_id=slot.session_id):
        found += _pair_conflicts(slot, other)
    return found


def conflicts_for_event(event: Event) -> list[Conflict]:
    """Every conflict in an event's programme (cancelled sessions ignored), each pair reported once."""
    return detect_conflicts(event, _active_slots(event), _rooms(event))


def conflicts_among(event: Event, sessions: list[Session]) -> list[Conflict]:
    """The same, for sessions already loaded with their rooms and speakers (no query)."""
    active = sorted((session for session in sessions if session.status != SessionStatus.CANCELLED),
                    key=lambda session: session.starts_at)
    rooms = {session.room.id: session.room for session in active if session.room is not None}
    return detect_conflicts(event, [slot_of(session) for session in active], rooms)


def detect_conflicts(event: Event, slots: list[Slot], rooms: Mapping[int, RoomLike]) -> list[Conflict]:
    """Sweep the slots in start order, comparing only those that overlap: O(n log n + overlaps)."""
    slots = sorted(slots, key=lambda slot: slot.starts_at)
    found: list[Conflict] = []
    open_slots: list[Slot] = []
    for slot in slots:
        found += _own_conflicts(slot, event, rooms)
        open_slots = [other for other in open_slots if other.ends_at > slot.starts_at]
        for other in open_slots:
            found += _pair_conflicts(other, slot)
        open_slots.append(slot)
    return found


def conflicts_by_session(conflicts: list[Conflict]) -> dict[int, list[Conflict]]:
    grouped: dict[int, list[Conflict]] = defaultdict(list)
    for conflict in conflicts:
        for session_id in (conflict.session_id, conflict.other_session_id):
            if session_id is not None:
                grouped[session_id].append(conflict)
    return grouped


@dataclass(frozen=True)
class ConflictSubjects:
    """The sessions and people conflicts point at, so that messages name them (title and time, name), not ids."""

    sessions: dict[int, Session]
    people: dict[int, Person]


def conflict_subjects(conflicts: list[Conflict]) -> ConflictSubjects:
    """Two queries whatever the number of conflicts."""
    from app.people.models import Person

    session_ids = {item for conflict in conflicts for item in (conflict.session_id, conflict.other_session_id) if item}
    person_ids = {conflict.person_id for conflict in conflicts if conflict.person_id}
    sessions = {session.id: session for session in db.session.scalars(
        sa.select(Session).where(Session.id.in_(session_ids)))} if session_ids else {}
    people = {person.id: person for person in db.session.scalars(
        sa.select(Person).where(Person.id.in_(person_ids)))} if person_ids else {}
    return ConflictSubjects(sessions, people)
