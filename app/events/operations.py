"""Changes to events: create, edit, start a new edition from a previous one. They flush; the caller commits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.core.dates import same_wall_clock, shift_local_days
from app.events.models import Event, EventStatus
from app.extensions import db
from app.programme.models import Room, Session, SessionStatus, Track

EDITABLE_FIELDS = (
    "kind", "slug", "series_id", "edition", "title_fr", "title_en", "theme_fr", "theme_en", "description_fr",
    "description_en", "starts_at", "ends_at", "timezone", "is_online", "venue_name", "venue_address", "venue_city",
    "venue_country", "co_organisers", "partner_country", "status", "capacity", "online_url",
)


class SlugTakenError(ValueError):
    pass


def slug_is_free(slug: str, event: Event | None = None) -> bool:
    query = sa.select(Event.id).where(Event.slug == slug)
    if event is not None and event.id is not None:
        query = query.where(Event.id != event.id)
    return db.session.scalar(query) is None


def save_event(values: dict, event: Event | None = None) -> Event:
    """Create or update an event. A new time zone keeps its sessions at the same local times."""
    if not slug_is_free(values["slug"], event):
        raise SlugTakenError(values["slug"])
    if event is not None and event.id is not None and values.get("timezone", event.timezone) != event.timezone:
        _keep_local_times(event, event.timezone, values["timezone"])
    event = event or Event()
    for name in EDITABLE_FIELDS:
        if name in values:
            setattr(event, name, values[name])
    db.session.add(event)
    db.session.flush()
    return event


def _keep_local_times(event: Event, old_zone: str, new_zone: str) -> None:
    for session in db.session.scalars(sa.select(Session).where(Session.event_id == event.id)):
        session.starts_at = same_wall_clock(session.starts_at, old_zone, new_zone)
        session.ends_at = same_wall_clock(session.ends_at, old_zone, new_zone)


@dataclass(frozen=True)
class NewEdition:
    slug: str
    title_fr: str
    title_en: str
    first_day: date
    edition: int | None = None


def copy_edition(source: Event, new: NewEdition) -> Event:
    """A draft copy of ``source`` starting on ``new.first_day``: rooms, tracks and the session skeleton
    (no speakers; cancelled sessions left behind, hidden ones stay hidden)."""
    if not slug_is_free(new.slug):
        raise SlugTakenError(new.slug)
    days = (new.first_day - source.local_start.date()).days
    values = {name: getattr(source, name) for name in EDITABLE_FIELDS}
    values |= {"slug": new.slug, "title_fr": new.title_fr, "title_en": new.title_en, "status": EventStatus.DRAFT,
               "edition": new.edition, "starts_at": shift_local_days(source.starts_at, days, source.timezone),
               "ends_at": shift_local_days(source.ends_at, days, source.timezone)}
    event = save_event(values)
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
    db.session.flush()
    return event


def _copy_rooms(source: Event, target: Event) -> dict[int, Room]:
    copies = {}
    for room in db.session.scalars(sa.select(Room).where(Room.event_id == source.id)):
        copies[room.id] = Room(event=target, name=room.name, capacity=room.capacity, position=room.position)
        db.session.add(copies[room.id])
    return copies


def _copy_tracks(source: Event, target: Event) -> dict[int, Track]:
    copies = {}
    for track in db.session.scalars(sa.select(Track).where(Track.event_id == source.id)):
        copies[track.id] = Track(event=target, slug=track.slug, kind=track.kind, name_fr=track.name_fr, name_en=track.name_en)
        db.session.add(copies[track.id])
    return copies
