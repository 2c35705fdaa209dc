"""Labels of the programme's enumerations (``app.core.labels.label``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.labels import register_labels
from app.programme.conflicts import ConflictKind
from app.programme.models import SessionStatus, SessionType, SpeakerRole, TrackKind

register_labels(SessionType, {
    SessionType.PLENARY: _l("Plenary"),
    SessionType.WORKSHOP: _l("Workshop"),
    SessionType.GEOGRAPHIC_GROUP: _l("Geographic group"),
    SessionType.MICRO_WORKSHOP: _l("Micro-workshop"),
    SessionType.ROUND_TABLE: _l("Round table"),
    SessionType.CEREMONY: _l("Ceremony"),
    SessionType.BREAK: _l("Break"),
})
register_labels(SessionStatus, {
    SessionStatus.SCHEDULED: _l("Scheduled"),
    SessionStatus.CANCELLED: _l("Cancelled"),
})
register_labels(TrackKind, {
    TrackKind.THEMATIC: _l("Thematic dynamic"),
    TrackKind.GEOGRAPHIC: _l("Geographic pole"),
})
register_labels(SpeakerRole, {
    SpeakerRole.KEYNOTE: _l("Keynote"),
    SpeakerRole.MODERATOR: _l("Moderator"),
    SpeakerRole.SPEAKER: _l("Speaker"),
    SpeakerRole.RAPPORTEUR: _l("Rapporteur"),
})
register_labels(ConflictKind, {
    ConflictKind.ROOM_DOUBLE_BOOKED: _l("Room booked twice"),
    ConflictKind.SPEAKER_OVERLAP: _l("Speaker in two sessions at once"),
    ConflictKind.OUTSIDE_EVENT_DAYS: _l("Outside the event's days"),
    ConflictKind.CAPACITY_ABOVE_ROOM: _l("More seats than the room has"),
})
