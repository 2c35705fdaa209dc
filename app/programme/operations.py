"""Changes to a programme: rooms, tracks, sessions and their speakers, new editions.

Plain functions with explicit arguments; they flush and let the caller commit. The organisers' commands
(``edit_session``, ``add_speaker``, ``edit_room``…) write their audit line (``actor`` None: the logged-in
staff member, else ``system``); ``save_session``, ``save_room`` and ``save_track`` are their building blocks
(also used by the importer, which writes one line for the whole file).
"""
from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.audit.operations import record_audit
from app.core.extensions import db
from app.events.models import Event
from app.people.models import Person
from app.programme.conflicts import Conflict, Slot, conflicts_for_slot, slot_of
from app.programme.models import Room, Session, SessionSpeaker, SessionStatus, SessionType, SpeakerRole, Track, TrackKind


class BlockingConflictsError(Exception):
    """Saving would create room or speaker conflicts and no override reason was given."""

    def __init__(self, conflicts: list[Conflict]):
        super().__init__(f"{len(conflicts)} blocking conflict(s)")
        self.conflicts = conflicts


@dataclass
class SessionData:
    type: SessionType
    title_fr: str
    title_en: str
    starts_at: datetime
    ends_at: datetime
    description_fr: str | None = None
    description_en: str | None = None
    room_id: int | None = None
    track_id: int | None = None
    capacity: int | None = None
    languages: list[str] = field(default_factory=list)
    interpretation: list[str] = field(default_factory=list)
    is_hidden: bool = False
    online_url: str | None = None


@dataclass(frozen=True)
class SpeakerData:
    person_id: int
    role: SpeakerRole = SpeakerRole.SPEAKER


def _accepted_conflicts(event: Event, session: Session | None) -> set[Conflict]:
    """The blocking conflicts an organiser already kept, with a reason, for this session as it stands."""
    if session is None or session.id is None or not session.conflict_override_reason \
            or session.status == SessionStatus.CANCELLED:
        return set()
    return {conflict for conflict in conflicts_for_slot(event, slot_of(session)) if conflict.blocking}


def _check_conflicts(event: Event, slot: Slot, override_reason: str | None,
                     accepted: AbstractSet[Conflict] = frozenset()) -> list[Conflict]:
    """All conflicts of the slot; raises unless every *new* blocking one is overridden with a reason."""
    conflicts = conflicts_for_slot(event, slot)
    new_blocking = [conflict for conflict in conflicts if conflict.blocking and conflict not in accepted]
    if new_blocking and not (override_reason or "").strip():
        raise BlockingConflictsError(new_blocking)
    return conflicts


def save_session(event: Event, data: SessionData, speakers: list[SpeakerData] | None = None,
                 session: Session | None = None, override_reason: str | None = None) -> tuple[Session, list[Conflict]]:
    """Create or update a session. Raises BlockingConflictsError unless conflicts are overridden with a reason.

    ``speakers`` None keeps the current speakers; a list replaces them, in that order.
    """
    person_ids = ({speaker.person_id for speaker in speakers} if speakers is not None
                  else {speaker.person_id for speaker in session.speakers} if session else set())
    slot = Slot(session.id if session else None, data.starts_at, data.ends_at, data.room_id, data.capacity,
                frozenset(person_ids))
    conflicts = _check_conflicts(event, slot, override_reason, _accepted_conflicts(event, session))
    if session is None:
        session = Session(event=event)
        db.session.add(session)
    for name, value in vars(data).items():
        setattr(session, name, value)
    has_blocking = any(conflict.blocking for conflict in conflicts)
    reason = (override_reason or "").strip() or session.conflict_override_reason
    session.conflict_override_reason = reason if has_blocking else None
    if speakers is not None:
        set_speakers(session, speakers)
    db.session.flush()
    return session, conflicts


def edit_session(event: Event, data: SessionData, session: Session | None = None, override_reason: str | None = None,
                 *, actor: str | None = None) -> tuple[Session, list[Conflict]]:
    """``save_session`` by an organiser, with the audit line ``session.create`` or ``session.edit``."""
    action = "session.create" if session is None else "session.edit"
    saved, conflicts = save_session(event, data, session=session, override_reason=override_reason)
    record_audit(action, target=saved, actor=actor, details={"title": saved.title_fr, "conflicts": len(conflicts),
                                                             "override_reason": override_reason or None})
    return saved, conflicts


def set_speakers(session: Session, speakers: list[SpeakerData]) -> None:
    """Make the session's speakers exactly these, in this order, keeping rows that stay."""
    existing = {(row.person_id, row.role): row for row in session.speakers}
    wanted = [(speaker.person_id, speaker.role) for speaker in dict.fromkeys(speakers)]
    for key, row in existing.items():
        if key not in wanted:
            session.speakers.remove(row)
    db.session.flush()
    rows = []
    for position, key in enumerate(wanted):
        row = existing.get(key) or SessionSpeaker(person_id=key[0], role=key[1])
        row.position = position
        rows.append(row)
    session.speakers = rows


def add_speaker(session: Session, person: Person, role: SpeakerRole, override_reason: str | None = None, *,
                actor: str | None = None) -> list[Conflict]:
    """Add one speaker at the end of the list (conflict rules as for saving the session); audit line
    ``session.add_speaker``."""
    speakers = [SpeakerData(row.person_id, row.role) for row in session.speakers] + [SpeakerData(person.id, role)]
    _, conflicts = save_session(session.event, session_data_of(session), speakers, session, override_reason)
    record_audit("session.add_speaker", target=session, actor=actor,
                 details={"person_id": person.id, "role": SpeakerRole(role).value})
    return conflicts


def _speaker_details(session: Session, speaker: SessionSpeaker) -> dict[str, object]:
    """What putting a speaker back needs (``restore_speaker`` reads it from the removal's audit line)."""
    return {"person_id": speaker.person_id, "role": speaker.role.value, "position": list(session.speakers).index(speaker)}


def remove_speaker(session: Session, speaker: SessionSpeaker, *, actor: str | None = None) -> None:
    """Take a speaker off the session; the audit line ``session.speaker_remove`` keeps what undoing it needs."""
    details = _speaker_details(session, speaker)
    set_speakers(session, [SpeakerData(row.person_id, row.role) for row in session.speakers if row is not speaker])
    db.session.flush()
    record_audit("session.speaker_remove", target=session, actor=actor, details=details)


@dataclass(frozen=True)
class RemovedSpeaker:
    entry_id: int
    person: Person
    role: SpeakerRole
    position: int
    at: datetime


def removed_speakers(session: Session) -> list[RemovedSpeaker]:
    """The speakers removed from the session who are not back, newest first, from the audit lines of removals."""
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "session.speaker_remove",
                                    AuditEntry.target_type == Session.__tablename__, AuditEntry.target_id == session.id)
        .order_by(AuditEntry.id.desc()).limit(50))
    current = {speaker.person_id for speaker in session.speakers}
    found: dict[int, RemovedSpeaker] = {}
    for entry in entries:
        details = entry.details or {}
        person_id, role = details.get("person_id"), details.get("role")
        if (not isinstance(person_id, int) or not isinstance(role, str) or person_id in current or person_id in found
                or role not in SpeakerRole._value2member_map_):
            continue
        person = db.session.get(Person, person_id)
        if person is not None:
            found[person_id] = RemovedSpeaker(entry.id, person, SpeakerRole(role), int(details.get("position") or 0),
                                              entry.at)
    return list(found.values())


def restore_speaker(session: Session, entry_id: int, override_reason: str | None = None, *,
                    actor: str | None = None) -> RemovedSpeaker:
    """Put a removed speaker back, with their role, where they were in the order (conflict rules as when adding).

    Raises LookupError if ``entry_id`` is not a removal from this session still to undo.
    """
    removed = next((item for item in removed_speakers(session) if item.entry_id == entry_id), None)
    if removed is None:
        raise LookupError(entry_id)
    speakers = [SpeakerData(row.person_id, row.role) for row in session.speakers]
    speakers.insert(min(removed.position, len(speakers)), SpeakerData(removed.person.id, removed.role))
    # A conflict the organiser had kept with a reason (still on the session) comes back with the speaker.
    save_session(session.event, session_data_of(session), speakers, session,
                 override_reason or session.conflict_override_reason)
    record_audit("session.speaker_restore", target=session, actor=actor,
                 details={"person_id": removed.person.id, "role": removed.role.value, "position": removed.position})
    return removed


def move_speaker(session: Session, speaker: SessionSpeaker, offset: int, *, actor: str | None = None) -> None:
    """Move a speaker up (offset -1) or down (+1) in the order of appearance; audit line
    ``session.speaker_up`` or ``session.speaker_down``."""
    details = _speaker_details(session, speaker)
    rows = list(session.speakers)
    index = rows.index(speaker)
    target = min(max(index + offset, 0), len(rows) - 1)
    rows.insert(target, rows.pop(index))
    set_speakers(session, [SpeakerData(row.person_id, row.role) for row in rows])
    db.session.flush()
    record_audit(f"session.speaker_{'up' if offset < 0 else 'down'}", target=session, actor=actor, details=details)


def session_data_of(session: Session) -> SessionData:
    return SessionData(**{name: getattr(session, name) for name in SessionData.__dataclass_fields__})


def set_session_status(session: Session, status: SessionStatus, override_reason: str | None = None, *,
                       actor: str | None = None) -> None:
    """Cancel or restore a session; a cancelled session stays in the programme, marked (audit line
    ``session.cancel`` or ``session.restore``).

    Restoring checks the conflict rules again: the room or a speaker may have been taken meanwhile. The
    conflicts the organiser had kept with a reason before cancelling stay accepted (as when saving the
    session); a new blocking one needs ``override_reason``, as on the session form.
    """
    if status == SessionStatus.SCHEDULED and session.status == SessionStatus.CANCELLED:
        slot = slot_of(session)
        accepted = ({conflict for conflict in conflicts_for_slot(session.event, slot) if conflict.blocking}
                    if session.conflict_override_reason else set())
        conflicts = _check_conflicts(session.event, slot, override_reason, accepted)
        if any(conflict.blocking and conflict not in accepted for conflict in conflicts):
            session.conflict_override_reason = (override_reason or "").strip()
    session.status = status
    db.session.flush()
    record_audit(f"session.{'cancel' if status == SessionStatus.CANCELLED else 'restore'}", target=session,
                 actor=actor, details={"title": session.title_fr, "override_reason": override_reason or None})


def set_session_hidden(session: Session, hidden: bool, *, actor: str | None = None) -> None:
    """Hide a session from the public programme, or show it again (audit line ``session.hide``/``session.show``)."""
    session.is_hidden = hidden
    db.session.flush()
    record_audit(f"session.{'hide' if hidden else 'show'}", target=session, actor=actor,
                 details={"title": session.title_fr, "override_reason": None})


class NameTakenError(ValueError):
    """Another room (or track) of the event already has this name (or short name)."""


def save_room(event: Event, name: str, capacity: int | None, room: Room | None = None) -> Room:
    if any(other.name.casefold() == name.casefold() and other is not room for other in event_rooms(event)):
        raise NameTakenError(name)
    room = room or Room(event=event, position=len(event_rooms(event)))
    room.name, room.capacity = name, capacity
    db.session.add(room)
    db.session.flush()
    return room


def save_track(event: Event, slug: str, kind: TrackKind, name_fr: str, name_en: str, track: Track | None = None) -> Track:
    if any(other.slug == slug and other is not track for other in event_tracks(event)):
        raise NameTakenError(slug)
    track = track or Track(event=event)
    track.slug, track.kind, track.name_fr, track.name_en = slug, kind, name_fr, name_en
    db.session.add(track)
    db.session.flush()
    return track


def edit_room(event: Event, name: str, capacity: int | None, room: Room | None = None, *,
              actor: str | None = None) -> Room:
    """``save_room`` by an organiser, with the audit line ``room.create`` or ``room.edit``."""
    action = "room.create" if room is None else "room.edit"
    saved = save_room(event, name, capacity, room)
    record_audit(action, target=saved, actor=actor, details={"name": saved.name, "capacity": saved.capacity})
    return saved


def edit_track(event: Event, slug: str, kind: TrackKind, name_fr: str, name_en: str, track: Track | None = None, *,
               actor: str | None = None) -> Track:
    """``save_track`` by an organiser, with the audit line ``track.create`` or ``track.edit``."""
    action = "track.create" if track is None else "track.edit"
    saved = save_track(event, slug, kind, name_fr, name_en, track)
    record_audit(action, target=saved, actor=actor, details={"slug": saved.slug})
    return saved


def event_rooms(event: Event) -> list[Room]:
    return list(db.session.scalars(sa.select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.name)))


def event_tracks(event: Event) -> list[Track]:
    return list(db.session.scalars(sa.select(Track).where(Track.event_id == event.id).order_by(Track.kind, Track.name_fr)))
