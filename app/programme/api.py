"""The programme for machines and for print, public for published events.

| URL | what |
| --- | --- |
| ``/api/events/<slug>/programme.json`` | the event and its visible sessions (JSON, both languages) |
| ``/<kind>/<slug>/programme.pdf`` | the printable programme (A4), in the reader's language |
| ``/<kind>/<slug>/speakers.pdf`` | the speaker list in protocol order |

Drafts answer 404 (``{"error": "not found"}`` for the JSON). Times in the JSON are ISO 8601
in the event's own zone, with its offset (``2023-09-18T09:30:00+02:00``). Join links of online
events and sessions are never included.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, jsonify, request
from flask.typing import ResponseReturnValue

from app.core.i18n import current_language
from app.core.page_cache import cached_page
from app.core.pdf import UnprintableTextError, pdf_response
from app.events.models import Event
from app.events.public import KIND_URL_PART, KINDS_BY_URL
from app.events.queries import find_public_event_by_slug, get_public_event_or_404
from app.events.version import public_event_version
from app.people.models import Person
from app.programme.models import Session, SessionSpeaker
from app.programme.pdf import programme_pdf, speakers_pdf
from app.programme.queries import visible_sessions

bp = Blueprint("programme_public", __name__)


@bp.get("/api/events/<slug>/programme.json")
@cached_page(public_event_version, per_language=False)
def programme_json(slug: str) -> ResponseReturnValue:
    event = find_public_event_by_slug(slug)
    if event is None:
        return jsonify(error="not found"), 404
    document = {"event": event_document(event), "sessions": [session_document(session, event.zone)
                                                             for session in visible_sessions(event)]}
    return _json_response(document)


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
    """UTF-8 JSON with a strong ETag (304 when the client has it), cacheable for a minute by anyone."""
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    response = Response(body, mimetype="application/json")
    response.set_etag(hashlib.sha256(body).hexdigest()[:40])
    response.cache_control.public = True
    response.cache_control.max_age = 60
    response.headers["Access-Control-Allow-Origin"] = "*"  # public data, readable from partners' pages
    return response.make_conditional(request)


# --- documents ---------------------------------------------------------------

def _local_iso(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).isoformat()


def _both(obj: Any, field: str) -> dict[str, str | None]:
    """Both languages; an English title or name left empty (it is optional) is the French one, as on the pages."""
    french, english = getattr(obj, f"{field}_fr"), getattr(obj, f"{field}_en")
    return {"fr": french, "en": (english or french) if field in ("title", "name") else english}


def event_document(event: Event) -> dict[str, Any]:
    venue = None if event.is_online else {
        "name": event.venue_name, "address": event.venue_address, "city": event.venue_city,
        "country": event.venue_country}
    return {
        "slug": event.slug, "kind": event.kind.value, "title": _both(event, "title"), "theme": _both(event, "theme"),
        "timezone": event.timezone, "start": _local_iso(event.starts_at, event.zone),
        "end": _local_iso(event.ends_at, event.zone), "venue": venue, "online": event.is_online,
    }


def session_document(session: Session, zone: ZoneInfo) -> dict[str, Any]:
    track = session.track
    return {
        "id": session.id, "type": session.type.value, "title": _both(session, "title"),
        "description": _both(session, "description"),
        "start": _local_iso(session.starts_at, zone), "end": _local_iso(session.ends_at, zone),
        "room": session.room.name if session.room else None,
        "track": {"slug": track.slug, "name": _both(track, "name"), "kind": track.kind.value} if track else None,
        "status": session.status.value, "capacity": session.capacity,
        "languages": list(session.languages or []), "interpretation": list(session.interpretation or []),
        "speakers": [speaker_document(speaker) for speaker in session.speakers],
    }


def speaker_document(speaker: SessionSpeaker) -> dict[str, Any]:
    person: Person = speaker.person
    collectivite = person.collectivite
    return {
        "role": speaker.role.value, "position": speaker.position, "name": person.name,
        "name_latin": person.name_latin, "honorific": person.honorific, "function": person.function,
        "collectivite": {"name": collectivite.name, "country": collectivite.country} if collectivite else None,
        "country": person.country,
    }
