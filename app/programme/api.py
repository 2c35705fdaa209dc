"""The programme for machines and for print, public for published events.

| URL | what |
| --- | --- |
| ``/api/events/<slug>/programme.json`` | the event, its rooms, tracks and visible sessions (JSON, both languages) |
| ``/api/events/<slug>/schedule.xml`` | the same programme as frab schedule XML (``app.programme.schedule``) |
| ``/api/events/<slug>/schedule.json`` | the same programme as c3voc schedule JSON |
| ``/<kind>/<slug>/programme.pdf`` | the printable programme (A4), in the reader's language |
| ``/<kind>/<slug>/speakers.pdf`` | the speaker list in protocol order |

Drafts answer 404 (``{"error": "not found"}`` for the JSON). Times in the JSON are ISO 8601
in the event's own zone, with its offset (``2023-09-18T09:30:00+02:00``). Join links of online
events and sessions are never included. The API and the exports are readable from any origin
(``app.core.cors``); docs/api.md describes every field.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, jsonify, request
from flask.typing import ResponseReturnValue

from app.core.cors import cross_origin
from app.core.i18n import current_language
from app.core.page_cache import cached_page
from app.core.pdf import UnprintableTextError, pdf_response
from app.core.urls import external_url
from app.events.models import Event
from app.events.queries import find_public_event_by_slug, get_public_event_or_404
from app.events.urls import KIND_URL_PART, KINDS_BY_URL
from app.events.version import public_event_version
from app.people.models import Person
from app.programme.models import Room, Session, SessionSpeaker, Track
from app.programme.pdf import programme_pdf, speakers_pdf
from app.programme.queries import visible_sessions
from app.programme.schedule import (
    Links,
    build_schedule,
    person_guid,
    room_guid,
    schedule_json,
    schedule_xml,
    session_guid,
)

bp = Blueprint("programme_public", __name__)


@bp.get("/api/events/<slug>/programme.json")
@cross_origin
@cached_page(public_event_version, per_language=False)
def programme_json(slug: str) -> ResponseReturnValue:
    event = find_public_event_by_slug(slug)
    if event is None:
        return jsonify(error="not found"), 404
    return _json_response(programme_document(event, visible_sessions(event), public_links(event)))


@bp.get("/api/events/<slug>/schedule.json")
@cross_origin
@cached_page(public_event_version, per_language=False)  # ?lang=en is in the key (query string)
def schedule_json_export(slug: str) -> ResponseReturnValue:
    """c3voc schedule JSON; ``?lang=en`` for the English titles (French by default)."""
    event = find_public_event_by_slug(slug)
    if event is None:
        return jsonify(error="not found"), 404
    return _json_response(schedule_json(_schedule(event, "schedule_json_export")))


@bp.get("/api/events/<slug>/schedule.xml")
@cross_origin
@cached_page(public_event_version, per_language=False)  # ?lang=en is in the key (query string)
def schedule_xml_export(slug: str) -> ResponseReturnValue:
    """frab schedule XML; ``?lang=en`` for the English titles (French by default)."""
    event = find_public_event_by_slug(slug)
    if event is None:
        abort(404)
    return _conditional(schedule_xml(_schedule(event, "schedule_xml_export")), "application/xml")


def _schedule(event: Event, endpoint: str):
    language = "en" if request.args.get("lang") == "en" else "fr"
    sessions = visible_sessions(event)
    links = public_links(event, external_url(f"programme_public.{endpoint}", slug=event.slug,
                                             lang=language if language == "en" else None))
    rooms, tracks = rooms_and_tracks(sessions)
    version = programme_version(programme_document(event, sessions, links, versioned=False))
    return build_schedule(event, sessions, rooms, tracks, version=version, links=links, language=language)


def public_links(event: Event, schedule_url: str | None = None) -> Links:
    """The event's public page URLs (absolute, on PUBLIC_URL) that the documents link to."""
    prefix = event.kind.url_prefix
    return Links(conference=external_url(f"{prefix}.event_page", slug=event.slug),
                 schedule=schedule_url or external_url("programme_public.schedule_json_export", slug=event.slug),
                 programme=external_url(f"{prefix}.programme", slug=event.slug),
                 speakers=external_url(f"{prefix}.speakers", slug=event.slug))


@bp.get(f"/{KIND_URL_PART}/<slug>/programme.pdf")
def programme_pdf_download(kind: str, slug: str) -> ResponseReturnValue:
    event = get_public_event_or_404(KINDS_BY_URL[kind], slug)
    language = current_language()
    return pdf_response(_printed(programme_pdf, event, language), f"{event.slug}-programme-{language}.pdf")


@bp.get(f"/{KIND_URL_PART}/<slug>/speakers.pdf")
def speakers_pdf_download(kind: str, slug: str) -> ResponseReturnValue:
    event = get_public_event_or_404(KINDS_BY_URL[kind], slug)
    language = current_language()
    return pdf_response(_printed(speakers_pdf, event, language), f"{event.slug}-speakers-{language}.pdf")


def _printed(build, event, language: str) -> bytes:
    """The PDF, or 503 when a speaker's name has characters no installed font has (organisers see
    which with ``flask programme pdf``); never a half-printed name."""
    try:
        return build(event, language)
    except UnprintableTextError:
        abort(503)


def _json_response(document: dict[str, Any]) -> Response:
    return _conditional(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                        "application/json")


def _conditional(body: bytes, mimetype: str) -> Response:
    """The body with a strong ETag (304 when the client has it), cacheable for a minute by anyone."""
    response = Response(body, mimetype=mimetype)
    response.set_etag(hashlib.sha256(body).hexdigest()[:40])
    response.cache_control.public = True
    response.cache_control.max_age = 60
    response.make_conditional(request)
    return response


# --- documents ---------------------------------------------------------------

def _local_iso(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).isoformat()


def _both(obj: Any, field: str) -> dict[str, str | None]:
    """Both languages; an English title or name left empty (it is optional) is the French one, as on the pages."""
    french, english = getattr(obj, f"{field}_fr"), getattr(obj, f"{field}_en")
    return {"fr": french, "en": (english or french) if field in ("title", "name") else english}


def programme_version(document: dict[str, Any]) -> str:
    """A short hash of the programme's content: it changes when anything in programme.json changes."""
    body = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(body).hexdigest()[:16]


def rooms_and_tracks(sessions: list[Session]) -> tuple[list[Room], list[Track]]:
    """The rooms and tracks of the visible sessions, in the organisers' room order and by track name."""
    rooms = {session.room.id: session.room for session in sessions if session.room}
    tracks = {session.track.id: session.track for session in sessions if session.track}
    return (sorted(rooms.values(), key=lambda room: (room.position, room.name, room.id)),
            sorted(tracks.values(), key=lambda track: (track.name_fr, track.id)))


def programme_document(event: Event, sessions: list[Session], links: Links, *, versioned: bool = True) -> dict[str, Any]:
    """programme.json: ``version`` is a hash of everything else in it."""
    rooms, tracks = rooms_and_tracks(sessions)
    document: dict[str, Any] = {
        "event": event_document(event),
        "rooms": [{"id": room.id, "guid": str(room_guid(event.slug, room.id)), "name": room.name,
                   "capacity": room.capacity} for room in rooms],
        "tracks": [track_document(track) for track in tracks],
        "sessions": [session_document(session, event, links) for session in sessions],
    }
    if versioned:
        document["version"] = programme_version(document)
    return document


def event_document(event: Event) -> dict[str, Any]:
    venue = None if event.is_online else {
        "name": event.venue_name, "address": event.venue_address, "city": event.venue_city,
        "country": event.venue_country}
    return {
        "slug": event.slug, "kind": event.kind.value, "title": _both(event, "title"), "theme": _both(event, "theme"),
        "timezone": event.timezone, "start": _local_iso(event.starts_at, event.zone),
        "end": _local_iso(event.ends_at, event.zone), "venue": venue, "online": event.is_online,
    }


def track_document(track: Track) -> dict[str, Any]:
    return {"id": track.id, "slug": track.slug, "name": _both(track, "name"), "kind": track.kind.value}


def session_document(session: Session, event: Event, links: Links) -> dict[str, Any]:
    zone = event.zone
    return {
        "id": session.id, "guid": str(session_guid(event.slug, session.id)), "type": session.type.value,
        "title": _both(session, "title"), "description": _both(session, "description"),
        "start": _local_iso(session.starts_at, zone), "end": _local_iso(session.ends_at, zone),
        "room": session.room.name if session.room else None, "room_id": session.room_id,
        "track": track_document(session.track) if session.track else None,
        "status": session.status.value, "capacity": session.capacity,
        "languages": list(session.languages or []), "interpretation": list(session.interpretation or []),
        "url": links.session(session),
        "speakers": [speaker_document(speaker, links) for speaker in session.speakers],
    }


def speaker_document(speaker: SessionSpeaker, links: Links) -> dict[str, Any]:
    person: Person = speaker.person
    collectivite = person.collectivite
    return {
        "id": person.id, "guid": str(person_guid(person.id)), "url": links.person(person),
        "role": speaker.role.value, "position": speaker.position, "name": person.name,
        "name_latin": person.name_latin, "honorific": person.honorific, "function": person.function,
        "collectivite": {"name": collectivite.name, "country": collectivite.country} if collectivite else None,
        "country": person.country,
    }
