"""Importing a programme spreadsheet into an event: a plan (checked against the database,
nothing written), then, if the plan has no error, the writes.

Import only ADDS: new sessions with their speakers, and the rooms, tracks, people and
collectivités they need that do not exist yet. It never changes an existing session, room,
track, person or collectivité. A session whose French title and start are already in the
programme is refused, which also makes a second submission of the same file import nothing.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.audit.operations import record_audit
from app.core.extensions import db
from app.core.tabular import Table
from app.core.text import search_key
from app.events.models import Event
from app.people.models import Collectivite, CollectiviteType, Person
from app.people.operations import PersonData, save_collectivite, save_person
from app.programme import operations
from app.programme.conflicts import Conflict, ConflictKind, RoomLike, Slot, conflicts_for_event, detect_conflicts, slot_of
from app.programme.import_rows import SessionRow, SpeakerRow, clean_row, comparable, has_speaker, parse_session, parse_speaker
from app.programme.models import Room, Session, SessionStatus, SpeakerRole, Track, TrackKind
from app.programme.spreadsheet import EXTRA_SESSION_COLUMNS, SESSION_COLUMNS

COMPARED_SESSION_COLUMNS = tuple(name for name in SESSION_COLUMNS + EXTRA_SESSION_COLUMNS if name != "session_key")


@dataclass
class RoomPlan:
    name: str
    capacity: int | None
    line: int
    ref: int  # the room's id, or a negative number for a room to create
    existing: Room | None = None
    created: Room | None = None


@dataclass
class TrackPlan:
    slug: str
    kind: TrackKind
    name_fr: str
    name_en: str
    line: int
    existing: Track | None = None
    created: Track | None = None


@dataclass
class CollectivitePlan:
    name: str
    country: str
    line: int
    existing: Collectivite | None = None
    created: Collectivite | None = None

    @property
    def saved(self) -> Collectivite:
        """The existing collectivité, or the one the import created."""
        collectivite = self.existing or self.created
        if collectivite is None:
            raise ValueError("the import has not created this collectivité yet")
        return collectivite


@dataclass
class PersonPlan:
    speaker: SpeakerRow
    line: int
    ref: int  # the person's id, or a negative number for a person to create
    existing: Person | None = None
    matched_by: str | None = None  # "email" or "name"
    collectivite: CollectivitePlan | None = None
    created: Person | None = None

    @property
    def saved(self) -> Person:
        """The existing person, or the one the import created."""
        person = self.existing or self.created
        if person is None:
            raise ValueError("the import has not created this person yet")
        return person

    @property
    def display_name(self) -> str:
        if self.existing is not None:
            return self.existing.name_latin
        speaker = self.speaker
        return " ".join(part for part in (speaker.given_name_latin or speaker.given_name,
                                          speaker.family_name_latin or speaker.family_name) if part)


@dataclass
class SpeakerPlan:
    person: PersonPlan
    role: SpeakerRole
    line: int


@dataclass
class SessionPlan:
    key: str
    line: int
    row: SessionRow
    ref: int  # negative: sessions of the file are not in the database yet
    already_in_programme: bool = False
    kept_despite_conflicts: bool = False  # has blocking conflicts, allowed by its override_reason
    room: RoomPlan | None = None
    track: TrackPlan | None = None
    speakers: list[SpeakerPlan] = field(default_factory=list)
    created: Session | None = None


@dataclass
class ImportPlan:
    sessions: list[SessionPlan] = field(default_factory=list)
    rooms: list[RoomPlan] = field(default_factory=list)  # to create
    tracks: list[TrackPlan] = field(default_factory=list)  # to create
    people: list[PersonPlan] = field(default_factory=list)  # matched and to create, in the file's order
    collectivites: list[CollectivitePlan] = field(default_factory=list)  # to create
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    session_count: int = 0
    already_in_programme: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.sessions)

    @property
    def already_imported(self) -> bool:
        """Every session of the file is already in the programme (e.g. the confirmation was sent twice)."""
        return self.session_count > 0 and self.already_in_programme == self.session_count

    @property
    def new_people(self) -> list[PersonPlan]:
        return [person for person in self.people if person.existing is None]

    @property
    def matched_people(self) -> list[PersonPlan]:
        return [person for person in self.people if person.existing is not None]


@dataclass
class _Lookup:
    """What the plan needs from the database, loaded once, and what the file adds to it."""

    event: Event
    rooms: dict[str, RoomPlan]  # by search_key(name)
    tracks: dict[str, TrackPlan | Track]  # by slug
    existing_sessions: set[tuple[str, datetime]]
    people_by_email: dict[str, PersonPlan] = field(default_factory=dict)
    people_by_name: dict[tuple[str, str], PersonPlan] = field(default_factory=dict)
    collectivites: dict[tuple[str, str], CollectivitePlan] = field(default_factory=dict)
    refs: Iterator[int] = field(default_factory=lambda: itertools.count(-1, -1))


def _load_lookup(event: Event) -> _Lookup:
    rooms = db.session.scalars(sa.select(Room).where(Room.event_id == event.id))
    tracks = db.session.scalars(sa.select(Track).where(Track.event_id == event.id))
    sessions = db.session.execute(sa.select(Session.title_fr, Session.starts_at).where(Session.event_id == event.id))
    return _Lookup(
        event=event,
        rooms={search_key(room.name): RoomPlan(room.name, room.capacity, 0, room.id, existing=room) for room in rooms},
        tracks={track.slug: track for track in tracks},
        existing_sessions={(title, starts_at) for title, starts_at in sessions})


def plan_import(event: Event, table: Table) -> ImportPlan:
    """Check every row against the rules and the database, and say what importing would create."""
    plan = ImportPlan(errors=list(table.errors))
    lookup = _load_lookup(event)
    groups = _group_rows(table, plan)
    plan.session_count = len(groups)
    for key, rows in groups.items():
        session = _plan_session(lookup, key, rows, plan)
        if session is not None:
            plan.sessions.append(session)
    _check_conflicts(event, plan)
    plan.errors.sort(key=lambda error: error[0])
    plan.warnings.sort(key=lambda warning: warning[0])
    return plan


def _group_rows(table: Table, plan: ImportPlan) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """Rows cleaned and grouped by session_key, in the order the sessions first appear."""
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, raw in table.rows:
        row, problems = clean_row(raw)
        plan.errors += [(line, problem) for problem in problems]
        if not row["session_key"]:
            plan.errors.append((line, _("The session_key is missing.")))
            continue
        groups.setdefault(row["session_key"], []).append((line, row))
    return groups


def _plan_session(lookup: _Lookup, key: str, rows: list[tuple[int, dict[str, str]]],
                  plan: ImportPlan) -> SessionPlan | None:
    line, first = rows[0]
    session_row, problems = parse_session(first, lookup.event.timezone)
    plan.errors += [(line, problem) for problem in problems]
    for other_line, other in rows[1:]:
        _check_same_session(line, first, other_line, other, plan)
    session = SessionPlan(key, line, session_row, next(lookup.refs))
    if session_row.starts_at and (session_row.title_fr, session_row.starts_at) in lookup.existing_sessions:
        session.already_in_programme = True
        plan.already_in_programme += 1
        plan.errors.append((line, _("“%(title)s” is already in the programme at this time: import only adds new "
                                    "sessions.", title=session_row.title_fr)))
    session.room = _plan_room(lookup, session_row, line, plan)
    session.track = _plan_track(lookup, session_row, line, plan)
    session.speakers = _plan_speakers(lookup, rows, plan)
    return None if problems else session


def _check_same_session(line: int, first: dict[str, str], other_line: int, other: dict[str, str],
                        plan: ImportPlan) -> None:
    """Later rows of a session repeat its columns or leave them empty."""
    for column in COMPARED_SESSION_COLUMNS:
        if other[column] and comparable(column, other[column]) != comparable(column, first[column]):
            plan.errors.append((other_line, _("Column %(column)s differs from line %(line)s of the same session "
                                              "(%(key)s).", column=column, line=line, key=first["session_key"])))


def _plan_room(lookup: _Lookup, row: SessionRow, line: int, plan: ImportPlan) -> RoomPlan | None:
    """An existing room of the event (by name, case and accents ignored), or one to create."""
    if not row.room:
        return None
    room = lookup.rooms.get(search_key(row.room))
    if room is None:
        room = RoomPlan(row.room, row.room_capacity, line, next(lookup.refs))
        lookup.rooms[search_key(row.room)] = room
        plan.rooms.append(room)
    elif room.existing is None and row.room_capacity is not None and room.capacity != row.room_capacity:
        if room.capacity is not None:
            plan.errors.append((line, _("The capacity of room “%(room)s” differs from line %(line)s.",
                                        room=row.room, line=room.line)))
        room.capacity = row.room_capacity
    return room


def _plan_track(lookup: _Lookup, row: SessionRow, line: int, plan: ImportPlan) -> TrackPlan | None:
    """An existing track of the event (by slug), or one to create from the track_name_* and track_kind columns."""
    if not row.track:
        return None
    known = lookup.tracks.get(row.track)
    if isinstance(known, Track):
        return TrackPlan(known.slug, known.kind, known.name_fr, known.name_en, line, existing=known)
    if known is None:
        if not (row.track_name_fr and row.track_kind):
            plan.errors.append((line, _("Unknown track “%(slug)s”: to create it, fill in track_name_fr and "
                                        "track_kind (thematic or geographic).", slug=row.track)))
            return None
        known = TrackPlan(row.track, row.track_kind, row.track_name_fr, row.track_name_en, line)
        lookup.tracks[row.track] = known
        plan.tracks.append(known)
    elif (row.track_name_fr or row.track_kind) and (row.track_name_fr, row.track_kind) != (known.name_fr, known.kind):
        plan.errors.append((line, _("Track “%(slug)s” is described differently on line %(line)s.",
                                    slug=row.track, line=known.line)))
    return known


def _plan_speakers(lookup: _Lookup, rows: list[tuple[int, dict[str, str]]], plan: ImportPlan) -> list[SpeakerPlan]:
    speakers: list[SpeakerPlan] = []
    for line, row in rows:
        if not has_speaker(row):
            continue
        speaker, problems = parse_speaker(row)
        plan.errors += [(line, problem) for problem in problems]
        if problems:
            continue
        person = _plan_person(lookup, speaker, line, plan)
        if person is None:
            continue
        if any(other.person is person and other.role == speaker.role for other in speakers):
            plan.errors.append((line, _("%(name)s is listed twice in this session with the same role.",
                                        name=person.display_name)))
            continue
        speakers.append(SpeakerPlan(person, speaker.role, line))
    return speakers


# --- people -------------------------------------------------------------------

def _name_keys(given: str | None, family: str | None, given_latin: str | None, family_latin: str | None) -> set[str]:
    keys = {search_key(given, family)}
    if given_latin or family_latin:
        keys.add(search_key(given_latin or given, family_latin or family))
    return keys - {""}


def _same_person_in_file(lookup: _Lookup, speaker: SpeakerRow) -> PersonPlan | None:
    if speaker.email and speaker.email in lookup.people_by_email:
        return lookup.people_by_email[speaker.email]
    for key in _name_keys(speaker.given_name, speaker.family_name, speaker.given_name_latin, speaker.family_name_latin):
        known = lookup.people_by_name.get((key, speaker.country))
        if known is not None and not (speaker.email and known.speaker.email and speaker.email != known.speaker.email):
            return known
    return None


def _plan_person(lookup: _Lookup, speaker: SpeakerRow, line: int, plan: ImportPlan) -> PersonPlan | None:
    """The same person as on an earlier row, else an existing person (by email, else names and country), else a new one."""
    known = _same_person_in_file(lookup, speaker)
    if known is not None:
        if known.existing is None and _speaker_fields(known.speaker) != _speaker_fields(speaker):
            plan.errors.append((line, _("The speaker columns of %(name)s differ from line %(line)s.",
                                        name=known.display_name, line=known.line)))
        return known
    matches, matched_by = _existing_people(speaker)
    if len(matches) > 1:
        plan.errors.append((line, _("Several people are called %(name)s (%(country)s): add the speaker's email to "
                                    "choose.", name=speaker.family_name, country=speaker.country)))
        return None
    person = PersonPlan(speaker, line, matches[0].id if matches else next(lookup.refs),
                        existing=matches[0] if matches else None, matched_by=matched_by)
    if person.existing is None and speaker.collectivite:
        person.collectivite = _plan_collectivite(lookup, speaker, line, plan)
    _remember_person(lookup, person)
    plan.people.append(person)
    return person


def _speaker_fields(speaker: SpeakerRow) -> tuple:
    return tuple(value for name, value in vars(speaker).items() if name != "role")


def _remember_person(lookup: _Lookup, person: PersonPlan) -> None:
    speaker = person.speaker
    if speaker.email:
        lookup.people_by_email[speaker.email] = person
    for key in _name_keys(speaker.given_name, speaker.family_name, speaker.given_name_latin, speaker.family_name_latin):
        lookup.people_by_name.setdefault((key, speaker.country), person)


def _existing_people(speaker: SpeakerRow) -> tuple[list[Person], str | None]:
    """People matching by email; else by names (any script, accents ignored) in the same country.

    A namesake whose email differs from the row's is another person.
    """
    if speaker.email:
        by_email = db.session.scalar(sa.select(Person).where(Person.email == speaker.email))
        if by_email is not None:
            return [by_email], "email"
    keys = _name_keys(speaker.given_name, speaker.family_name, speaker.given_name_latin, speaker.family_name_latin)
    candidates = db.session.scalars(sa.select(Person).where(
        Person.country == speaker.country,
        Person.search_key.contains(search_key(speaker.family_name_latin or speaker.family_name), autoescape=True)))
    matches = [person for person in candidates
               if keys & _name_keys(person.given_name, person.family_name, person.given_name_latin, person.family_name_latin)
               and not (speaker.email and person.email)]
    return matches, ("name" if matches else None)


def _plan_collectivite(lookup: _Lookup, speaker: SpeakerRow, line: int, plan: ImportPlan) -> CollectivitePlan:
    """An existing collectivité (by name, accents and case ignored, and country), or one to create."""
    name = speaker.collectivite or ""  # called for speakers who name one
    key = (search_key(name), speaker.collectivite_country)
    if key in lookup.collectivites:
        return lookup.collectivites[key]
    candidates = db.session.scalars(sa.select(Collectivite).where(
        Collectivite.country == speaker.collectivite_country,
        Collectivite.search_key.contains(key[0], autoescape=True)))
    existing = next((candidate for candidate in candidates
                     if key[0] in (search_key(candidate.name), search_key(candidate.name_latin))), None)
    collectivite = CollectivitePlan(name, speaker.collectivite_country, line, existing=existing)
    lookup.collectivites[key] = collectivite
    if existing is None:
        plan.collectivites.append(collectivite)
    return collectivite


# --- conflicts ----------------------------------------------------------------

@dataclass(frozen=True)
class _RoomStub:
    """A room to create, as the conflict rules see it."""

    id: int
    capacity: int | None


def _check_conflicts(event: Event, plan: ImportPlan) -> None:
    """Room and speaker conflicts with the programme and within the file are errors, unless the
    session gives an override_reason; sessions outside the event's days or above their room's
    capacity are warnings."""
    existing = list(db.session.scalars(
        sa.select(Session).where(Session.event_id == event.id, Session.status != SessionStatus.CANCELLED)
        .options(selectinload(Session.speakers), selectinload(Session.room))))
    rooms: dict[int, RoomLike] = {session.room.id: session.room for session in existing if session.room is not None}
    rooms |= {room.ref: room.existing or _RoomStub(room.ref, room.capacity) for room in _all_rooms(plan)}
    file_sessions = {session.ref: session for session in plan.sessions
                     if not (session.row.cancelled or session.already_in_programme)}
    slots = [slot_of(session) for session in existing] + [_slot(session) for session in file_sessions.values()]
    context = _ConflictContext({session.id: session for session in existing}, file_sessions,
                               {person.ref: person.display_name for person in plan.people})
    for conflict in detect_conflicts(event, slots, rooms):
        _report_conflict(conflict, context, plan)


def _all_rooms(plan: ImportPlan) -> list[RoomPlan]:
    return list({id(session.room): session.room for session in plan.sessions if session.room is not None}.values())


def _slot(session: SessionPlan) -> Slot:
    starts_at, ends_at = session.row.starts_at, session.row.ends_at
    if starts_at is None or ends_at is None:  # a line with a bad time is not planned (an error)
        raise ValueError(f"session {session.key} has no time")
    return Slot(session.ref, starts_at, ends_at, session.room.ref if session.room else None,
                session.row.capacity, frozenset(speaker.person.ref for speaker in session.speakers))


@dataclass
class _ConflictContext:
    existing: dict[int, Session]
    file_sessions: dict[int, SessionPlan]
    names: dict[int, str]


def _report_conflict(conflict: Conflict, context: _ConflictContext, plan: ImportPlan) -> None:
    ours = [context.file_sessions[ref] for ref in (conflict.session_id, conflict.other_session_id)
            if ref in context.file_sessions]
    if not ours:
        return  # between two sessions already in the programme: not this import's business
    if not conflict.blocking:
        message = (_("This session is outside the event's days.") if conflict.kind == ConflictKind.OUTSIDE_EVENT_DAYS
                   else _("This session has more seats than its room."))
        plan.warnings.append((ours[0].line, message))
        return
    session = max(ours, key=lambda item: item.line)
    other_ref = conflict.other_session_id if conflict.session_id == session.ref else conflict.session_id
    if other_ref is None:
        raise ValueError(f"a {conflict.kind} conflict names two sessions")
    message = _conflict_message(conflict, session, other_ref, context)
    reason = next((item.row.override_reason for item in ours if item.row.override_reason), None)
    for item in ours:
        item.kept_despite_conflicts = item.kept_despite_conflicts or bool(item.row.override_reason)
    if reason:
        plan.warnings.append((session.line, _("%(conflict)s Kept, as asked: “%(reason)s”.", conflict=message, reason=reason)))
    else:
        plan.errors.append((session.line, message))


def _conflict_message(conflict: Conflict, session: SessionPlan, other_ref: int, context: _ConflictContext) -> str:
    if other_ref in context.file_sessions:
        other = context.file_sessions[other_ref]
        where = _("“%(title)s”, line %(line)s", title=other.row.title_fr, line=other.line)
    else:
        where = _("“%(title)s”, already in the programme", title=context.existing[other_ref].title_fr)
    if conflict.kind == ConflictKind.ROOM_DOUBLE_BOOKED:
        return _("Room “%(room)s” is booked at the same time by %(other)s.",
                 room=session.room.name if session.room else "?", other=where)
    name = context.names.get(conflict.person_id, "?") if conflict.person_id is not None else "?"
    return _("%(name)s speaks at the same time in %(other)s.", name=name, other=where)


# --- writing ------------------------------------------------------------------

def apply_import(event: Event, plan: ImportPlan, *, actor: str | None = None) -> list[Session]:
    """Create what the plan says, in one transaction the caller commits (or rolls back), with one audit line
    ``programme.import`` (``actor`` None: the logged-in staff member, else ``system``).

    The plan checked conflicts for the whole file at once; the programme is checked once more
    after writing (BlockingConflictsError if it changed meanwhile: the caller must roll back).
    Saving session by session with ``save_session`` would re-read the programme for each one.
    """
    if not plan.is_valid:
        raise ValueError("an import plan with errors cannot be applied")
    position = len(operations.event_rooms(event))
    for offset, room in enumerate(plan.rooms):  # new rooms after the existing ones, in the file's order
        room.created = operations.save_room(event, room.name, room.capacity, Room(event=event, position=position + offset))
    for track in plan.tracks:
        track.created = operations.save_track(event, track.slug, track.kind, track.name_fr, track.name_en)
    for collectivite in plan.collectivites:
        collectivite.created = save_collectivite(collectivite.name, _collectivite_type(collectivite.country),
                                                 collectivite.country)
    for person in plan.new_people:
        person.created = save_person(_person_data(person), allow_similar_name=True)
    for session in plan.sessions:
        session.created = _create_session(event, session)
    db.session.flush()
    _refuse_new_blocking_conflicts(event, plan)
    record_audit("programme.import", target=event, event_id=event.id, actor=actor,
                 details={"sessions": len(plan.sessions)})
    return [session.created for session in plan.sessions if session.created is not None]  # all of them


def _refuse_new_blocking_conflicts(event: Event, plan: ImportPlan) -> None:
    """The rule of ``save_session``: a room or speaker conflict of a new session needs an override reason."""
    created = {session.created.id: session.created for session in plan.sessions if session.created is not None}
    blocking = []
    for conflict in conflicts_for_event(event):
        involved = [created[ref] for ref in (conflict.session_id, conflict.other_session_id) if ref in created]
        if conflict.blocking and involved and not any(session.conflict_override_reason for session in involved):
            blocking.append(conflict)
    if blocking:
        raise operations.BlockingConflictsError(blocking)


def _collectivite_type(country: str) -> CollectiviteType:
    """A new collectivité's type is not in the file: "other" in France, "foreign local authority" elsewhere."""
    return CollectiviteType.OTHER if country == "FR" else CollectiviteType.FOREIGN_AUTHORITY


def _person_data(person: PersonPlan) -> PersonData:
    speaker = person.speaker
    collectivite = person.collectivite
    return PersonData(
        given_name=speaker.given_name, family_name=speaker.family_name, country=speaker.country,
        given_name_latin=speaker.given_name_latin, family_name_latin=speaker.family_name_latin,
        honorific=speaker.honorific, function=speaker.function, email=speaker.email,
        collectivite_id=collectivite.saved.id if collectivite else None)


def _person_id(person: PersonPlan) -> int:
    return person.saved.id


def _create_session(event: Event, plan: SessionPlan) -> Session:
    row = plan.row
    room = (plan.room.existing or plan.room.created) if plan.room else None
    track = (plan.track.existing or plan.track.created) if plan.track else None
    session = Session(
        event=event, type=row.type, title_fr=row.title_fr, title_en=row.title_en, description_fr=row.description_fr,
        description_en=row.description_en, starts_at=row.starts_at, ends_at=row.ends_at,
        room_id=room.id if room else None, track_id=track.id if track else None, capacity=row.capacity,
        languages=row.languages, interpretation=row.interpretation, is_hidden=row.hidden,
        status=SessionStatus.CANCELLED if row.cancelled else SessionStatus.SCHEDULED,
        conflict_override_reason=row.override_reason if (plan.kept_despite_conflicts or row.cancelled) else None)
    db.session.add(session)
    db.session.flush()
    operations.set_speakers(session, [operations.SpeakerData(_person_id(speaker.person), speaker.role)
                                      for speaker in plan.speakers])
    return session
