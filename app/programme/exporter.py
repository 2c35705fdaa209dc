"""Exporting an event's whole programme (hidden and cancelled sessions included) in the import format."""
from __future__ import annotations

from app.core.dates import to_local
from app.events.models import Event
from app.programme.models import Session, SessionSpeaker, SessionStatus
from app.programme.queries import load_sessions


def sessions_for_export(event: Event) -> list[Session]:
    return load_sessions(Session.event_id == event.id, include_hidden=True)


def programme_rows(event: Event) -> list[dict[str, str]]:
    """One row per session × speaker (one row with empty speaker columns for a session without speakers)."""
    rows = []
    for session in sessions_for_export(event):
        columns = session_columns(session, event.timezone)
        speakers = [speaker_columns(speaker) for speaker in session.speakers] or [{}]
        rows += [columns | speaker for speaker in speakers]
    return rows


def session_columns(session: Session, timezone: str) -> dict[str, str]:
    start, end = to_local(session.starts_at, timezone), to_local(session.ends_at, timezone)
    room, track = session.room, session.track
    return {
        "session_key": f"S{session.id}", "type": session.type.value, "title_fr": session.title_fr,
        "title_en": session.title_en, "description_fr": session.description_fr or "",
        "description_en": session.description_en or "", "day": start.date().isoformat(),
        "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M"),
        "room": room.name if room else "", "room_capacity": _number(room.capacity if room else None),
        "track": track.slug if track else "", "track_name_fr": track.name_fr if track else "",
        "track_name_en": track.name_en if track else "", "track_kind": track.kind.value if track else "",
        "capacity": _number(session.capacity), "languages": ", ".join(session.languages or []),
        "interpretation": ", ".join(session.interpretation or []),
        "status": SessionStatus(session.status).value, "hidden": "yes" if session.is_hidden else "no",
        "override_reason": session.conflict_override_reason or "",
    }


def speaker_columns(speaker: SessionSpeaker) -> dict[str, str]:
    person = speaker.person
    collectivite = person.collectivite
    return {
        "speaker_role": speaker.role.value, "speaker_given_name": person.given_name,
        "speaker_family_name": person.family_name, "speaker_given_name_latin": person.given_name_latin or "",
        "speaker_family_name_latin": person.family_name_latin or "", "speaker_honorific": person.honorific or "",
        "speaker_function": person.function or "", "speaker_email": person.email or "",
        "speaker_country": person.country, "speaker_collectivite": collectivite.name if collectivite else "",
        "speaker_collectivite_country": collectivite.country if collectivite else "",
    }


def _number(value: int | None) -> str:
    return "" if value is None else str(value)
