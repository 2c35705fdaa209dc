"""Labels of the events' enumerations (``app.core.labels.label``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.labels import register_labels
from app.events.models import EventKind, EventStatus

register_labels(EventKind, {
    EventKind.RAICT: _l("RAICT"),
    EventKind.ASSISES: _l("Assises"),
    EventKind.CHRONIQUE: _l("Chronicle"),
})
register_labels(EventStatus, {
    EventStatus.DRAFT: _l("Draft"),
    EventStatus.PUBLISHED: _l("Published"),
    EventStatus.REGISTRATION_OPEN: _l("Registration open"),
    EventStatus.REGISTRATION_CLOSED: _l("Registration closed"),
    EventStatus.ARCHIVED: _l("Archived"),
})
