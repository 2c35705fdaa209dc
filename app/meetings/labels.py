"""Labels of the meetings' enumerations (``app.core.labels.label``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.labels import register_labels
from app.meetings.models import MeetingStatus, RequestStatus

register_labels(RequestStatus, {
    RequestStatus.REQUESTED: _l("Waiting for an answer"),
    RequestStatus.ACCEPTED: _l("Accepted"),
    RequestStatus.DECLINED: _l("Declined"),
    RequestStatus.CANCELLED: _l("Cancelled"),
})
register_labels(MeetingStatus, {
    MeetingStatus.UNSCHEDULED: _l("To be scheduled"),
    MeetingStatus.SCHEDULED: _l("Scheduled"),
    MeetingStatus.CANCELLED: _l("Cancelled"),
})
