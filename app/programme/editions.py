"""The programme follows its event (hooks of ``app.events.operations``, registered on import).

- a new time zone keeps the sessions at the same local times;
- a new edition copies rooms, tracks and the session skeleton, shifted to the new first day (no speakers;
  cancelled sessions left behind, hidden ones stay hidden).
"""
from __future__ import annotations

import sqlalchemy as sa

from app.core.dates import same_wall_clock, shift_local_days
from app.core.extensions import db
from app.events.models import Event
from app.events.operations import on_new_edition, on_timezone_change
from app.programme.models import Room, Session, SessionStatus, Track


@on_timezone_change
def keep_local_times(event: Event, old_zone: str, new_zone: str) -> None:
    for session in db.session.scalars(sa.select(Session).where(Session.event_id == event.id)):
        session.starts_at = same_wall_clock(session.starts_at, old_zone, new_zone)
        session.ends_at = same_wall_clock(session.ends_at, old_zone, new_zone)


@on_new_edition
def copy_programme(source: Event, event: Event, days: int) -> None:
    rooms = _copy_rooms(source, event)
    tracks = _copy_tracks(source, event)
    active = sa.select(Session).where(Session.event_id == source.id, Session.status != SessionStatus.CANCELLED)
    for session in db.session.scalars(active):
        db.session.add(Session(
            event=event, type=session.type, title_fr=session.title_fr, title_en=session.title_en,
            description_fr=session.description_fr, description_en=session.description_en,
            starts_at=shift_local_days(session.starts_at, days, source.timezone),
            ends_at=shift_local_days(session.ends_at, days, source.timezone), is_hidden=session.is_hidden,
            room=rooms.get(session.room_id or 0), track=tracks.get(session.track_id or 0), capacity=session.capacity,
            languages=list(session.languages), interpretation=list(session.interpretation)))


def _copy_rooms(source: Event, target: Event) -> dict[int, Room]:
    copies = {}
    for room in db.session.scalars(sa.select(Room).where(Room.event_id == source.id)):
        copies[room.id] = Room(event=target, name=room.name, capacity=room.capacity, position=room.position)
        db.session.add(copies[room.id])
    return copies


def _copy_tracks(source: Event, target: Event) -> dict[int, Track]:
    copies = {}
    for track in db.session.scalars(sa.select(Track).where(Track.event_id == source.id)):
        copies[track.id] = Track(event=target, slug=track.slug, kind=track.kind, name_fr=track.name_fr,
                                 name_en=track.name_en)
        db.session.add(copies[track.id])
    return copies
