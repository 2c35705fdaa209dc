"""The programme in the schedule formats of the conference-app ecosystem.

* **frab schedule XML** (``schedule.xml``: Giggity, ConfClerk, EventFahrplan, the c3voc video pipeline, signage)
* **c3voc schedule JSON** (``schedule.json``: the same tree in JSON)

Both are checked against the schema files the c3voc publishes (vendored in ``tests/programme/schemas/``).

The mapping (docs/api.md, "Schedule exports"):

* a **day** runs from the day change (``DAY_CHANGE``, 04:00 in the event's zone) to the next day's, so a
  session at 01:00 belongs to the evening before; every day of the event is listed, numbered from 1;
* a **room** has a guid derived from the event and the room; sessions without a room are in one room named
  after the venue (or "Online");
* a **session** is an ``event`` with a stable guid (``session_guid``: uuid5 of ``SCHEDULE_NAMESPACE`` and
  ``<event slug>/<session id>``), a slug, its start (HH:MM, local) and duration (HH:MM), track, type,
  first spoken language, abstract (its description) and public URL (its place in the programme page);
* a **speaker** is a ``person``: the person's id, a guid derived from it, their public name and URL;
* cancelled and hidden sessions are left out (the format has no "cancelled" mark); join links never appear.
"""
from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.etree import ElementTree as ET

from app.events.models import Event
from app.people.models import Person
from app.programme.models import Room, Session, Track

# Never change: every guid the exports have published is derived from it.
SCHEDULE_NAMESPACE = uuid.UUID("4f7c2d0e-8a55-5b8e-9c1d-52656e636f6e")
DAY_CHANGE = time(4, 0)
TIMESLOT_DURATION = "00:15"
GENERATOR = "rencontres"
JSON_SCHEMA_URL = "https://c3voc.de/schedule/schema.json"


def session_guid(event_slug: str, session_id: int) -> uuid.UUID:
    """The session's guid in every export and in programme.json: the same for the same session, always."""
    return uuid.uuid5(SCHEDULE_NAMESPACE, f"{event_slug}/{session_id}")


def room_guid(event_slug: str, room_id: int | None) -> uuid.UUID:
    return uuid.uuid5(SCHEDULE_NAMESPACE, f"{event_slug}/room/{room_id if room_id is not None else 'none'}")


def person_guid(person_id: int) -> uuid.UUID:
    """The same person has the same guid in every event's export."""
    return uuid.uuid5(SCHEDULE_NAMESPACE, f"person/{person_id}")


def acronym(event: Event) -> str:
    """The event's slug in the acronym alphabet of both schemas (lower-case letters, digits and ``_``)."""
    return re.sub(r"[^a-z0-9_]", "_", event.slug.lower()).ljust(4, "_")


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60].strip("-")


def session_slug(event: Event, session: Session) -> str:
    """``<acronym>-<session id>-<title>``: unique in the event, and in both schemas' slug alphabet."""
    return f"{acronym(event)}-{session.id}-{_ascii_slug(session.title_fr) or 'session'}"


def _hours_minutes(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def programme_day(instant: datetime, event: Event) -> date:
    """The day a session starting at ``instant`` belongs to (the day changes at ``DAY_CHANGE``, local time)."""
    local = instant.astimezone(event.zone)
    return (local - timedelta(hours=DAY_CHANGE.hour, minutes=DAY_CHANGE.minute)).date()


@dataclass(frozen=True)
class Links:
    """The public URLs the documents point to, built by the caller (the web layer knows the routes)."""

    conference: str  # the event's public page
    schedule: str  # this document
    programme: str  # the programme page; a session's URL is ``programme#session-<id>``
    speakers: str  # the speakers page; a person's URL is ``speakers#speaker-<id>``

    def session(self, session: Session) -> str:
        return f"{self.programme}#session-{session.id}"

    def person(self, person: Person) -> str:
        return f"{self.speakers}#speaker-{person.id}"


@dataclass(frozen=True)
class ScheduleRoom:
    name: str
    guid: uuid.UUID
    capacity: int | None


@dataclass
class Schedule:
    """The export's tree, format-neutral: days → rooms → sessions."""

    event: Event
    version: str
    links: Links
    language: str
    rooms: list[ScheduleRoom]
    tracks: list[Track]
    days: list[tuple[date, list[tuple[ScheduleRoom, list[Session]]]]]

    def title(self, obj: Any, field: str) -> str:
        french = getattr(obj, f"{field}_fr")
        english = getattr(obj, f"{field}_en")
        return (english or french) if self.language == "en" else french

    def text(self, obj: Any, field: str) -> str | None:
        return getattr(obj, f"{field}_en") if self.language == "en" else getattr(obj, f"{field}_fr")


def _fallback_room_name(event: Event, language: str) -> str:
    if event.is_online:
        return "Online" if language == "en" else "En ligne"
    return event.venue_name or event.venue_city or ("Venue" if language == "en" else "Lieu")


def build_schedule(event: Event, sessions: list[Session], rooms: list[Room], tracks: list[Track], *,
                   version: str, links: Links, language: str = "fr") -> Schedule:
    """The tree of ``sessions`` (visible ones, in time order); cancelled ones are left out here."""
    kept = [session for session in sessions if not session.is_cancelled]
    by_room_id = {room.id: ScheduleRoom(room.name, room_guid(event.slug, room.id), room.capacity) for room in rooms}
    fallback = ScheduleRoom(_fallback_room_name(event, language), room_guid(event.slug, None), None)
    if any(session.room_id is None for session in kept):
        if fallback.name in {room.name for room in by_room_id.values()}:
            fallback = ScheduleRoom(f"{fallback.name} ·", fallback.guid, None)
        order = [*by_room_id.values(), fallback]
    else:
        order = list(by_room_id.values())
    day_numbers = sorted(set(event.days) | {programme_day(session.starts_at, event) for session in kept})
    grid: dict[date, dict[uuid.UUID, list[Session]]] = {day: {} for day in day_numbers}
    for session in kept:
        room = by_room_id.get(session.room_id) if session.room_id is not None else None
        grid[programme_day(session.starts_at, event)].setdefault((room or fallback).guid, []).append(session)
    days = [(day, [(room, grid[day][room.guid]) for room in order if room.guid in grid[day]]) for day in day_numbers]
    return Schedule(event=event, version=version, links=links, language=language, rooms=order, tracks=tracks,
                    days=days)


def _day_bounds(day: date, event: Event) -> tuple[datetime, datetime]:
    start = datetime.combine(day, DAY_CHANGE, tzinfo=event.zone)
    end = datetime.combine(day + timedelta(days=1), DAY_CHANGE, tzinfo=event.zone)
    return start, end


def _iso(instant: datetime, event: Event) -> str:
    return instant.astimezone(event.zone).isoformat()


def _track_slug(track: Track) -> str | None:
    """The track's slug when both schemas' slug alphabets accept it (else it is left out: it is optional)."""
    return track.slug if re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]", track.slug or "") else None


def _session_fields(schedule: Schedule, room: ScheduleRoom, session: Session) -> dict[str, Any]:
    event = schedule.event
    local_start = session.starts_at.astimezone(event.zone)
    return {
        "guid": str(session_guid(event.slug, session.id)), "id": session.id,
        "date": local_start.isoformat(), "start": local_start.strftime("%H:%M"),
        "duration": _hours_minutes(session.ends_at - session.starts_at), "room": room.name,
        "slug": session_slug(event, session), "url": schedule.links.session(session),
        "title": schedule.title(session, "title"), "subtitle": "",
        "track": schedule.title(session.track, "name") if session.track else None,
        "type": session.type.value, "language": session.languages[0] if session.languages else None,
        "abstract": schedule.text(session, "description") or "", "description": "",
    }


def _persons(schedule: Schedule, session: Session) -> list[dict[str, Any]]:
    seen: set[int] = set()
    persons = []
    for speaker in session.speakers:  # a person with two roles is listed once
        person = speaker.person
        if person.id in seen:
            continue
        seen.add(person.id)
        persons.append({"id": person.id, "guid": str(person_guid(person.id)), "name": person.name,
                        "url": schedule.links.person(person)})
    return persons


# --- c3voc schedule JSON ----------------------------------------------------

def schedule_json(schedule: Schedule) -> dict[str, Any]:
    event = schedule.event
    days = []
    for index, (day, rooms) in enumerate(schedule.days, start=1):
        start, end = _day_bounds(day, event)
        days.append({"index": index, "date": day.isoformat(), "day_start": start.isoformat(), "day_end": end.isoformat(),
                     "rooms": {room.name: [{**_session_fields(schedule, room, session), "end": _iso(session.ends_at, event),
                                            "persons": _persons(schedule, session), "links": []}
                                           for session in sessions]
                               for room, sessions in rooms}})
    tracks = []
    for track in schedule.tracks:
        entry = {"name": schedule.title(track, "name")}
        if _track_slug(track):
            entry["slug"] = track.slug
        tracks.append(entry)
    conference = {
        "acronym": acronym(event), "title": schedule.title(event, "title"),
        "start": _iso(event.starts_at, event), "end": _iso(event.ends_at, event),
        "daysCount": len(days), "timeslot_duration": TIMESLOT_DURATION, "time_zone_name": event.timezone,
        "url": schedule.links.conference, "tracks": tracks,
        "rooms": [{"name": room.name, "guid": str(room.guid), "capacity": room.capacity} for room in schedule.rooms],
        "days": days,
    }
    return {"$schema": JSON_SCHEMA_URL, "generator": {"name": GENERATOR, "version": schedule.version},
            "schedule": {"version": schedule.version, "url": schedule.links.schedule, "conference": conference}}


# --- frab schedule XML ------------------------------------------------------

def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes: str | None) -> ET.Element:
    child = ET.SubElement(parent, tag, {key: value for key, value in attributes.items() if value is not None})
    if text is not None:
        child.text = text
    return child


def schedule_xml(schedule: Schedule) -> bytes:
    event = schedule.event
    root = ET.Element("schedule")
    _element(root, "generator", name=GENERATOR, version=schedule.version)
    _element(root, "url", schedule.links.schedule)
    _element(root, "version", schedule.version)
    conference = _element(root, "conference")
    _element(conference, "acronym", acronym(event))
    _element(conference, "title", schedule.title(event, "title"))
    _element(conference, "start", _iso(event.starts_at, event))
    _element(conference, "end", _iso(event.ends_at, event))
    _element(conference, "days", str(len(schedule.days)))
    _element(conference, "timeslot_duration", TIMESLOT_DURATION)
    _element(conference, "url", schedule.links.conference)
    _element(conference, "time_zone_name", event.timezone)
    for track in schedule.tracks:
        _element(conference, "track", name=schedule.title(track, "name"), slug=_track_slug(track))
    for index, (day, rooms) in enumerate(schedule.days, start=1):
        start, end = _day_bounds(day, event)
        day_element = _element(root, "day", date=day.isoformat(), start=start.isoformat(), end=end.isoformat(),
                               index=str(index))
        for room, sessions in rooms:
            room_element = _element(day_element, "room", name=room.name, guid=str(room.guid))
            for session in sessions:
                _session_element(room_element, schedule, room, session)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _session_element(parent: ET.Element, schedule: Schedule, room: ScheduleRoom, session: Session) -> None:
    fields = _session_fields(schedule, room, session)
    element = _element(parent, "event", guid=fields["guid"], id=str(fields["id"]))
    for tag in ("room", "title", "subtitle", "type", "date", "start", "duration", "abstract", "slug", "url",
                "language", "description"):
        if fields[tag] is not None:
            _element(element, tag, str(fields[tag]))
    _element(element, "track", fields["track"] or "")
    persons = _element(element, "persons")
    for person in _persons(schedule, session):
        _element(persons, "person", person["name"], id=str(person["id"]), guid=person["guid"])
    _element(element, "links")
