"""Labels of the registrations' enumerations (``app.core.labels.label``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.labels import register_labels
from app.registration.models import DelegationSide, RegistrationCategory, RegistrationStatus

register_labels(RegistrationCategory, {
    RegistrationCategory.PARTICIPANT: _l("Participant"),
    RegistrationCategory.SPEAKER: _l("Speaker"),
    RegistrationCategory.ORGANISER: _l("Organisation"),
    RegistrationCategory.PRESS: _l("Press"),
    RegistrationCategory.VIP: _l("VIP"),
    RegistrationCategory.DELEGATION_MEMBER: _l("Delegation member"),
})
register_labels(RegistrationStatus, {
    RegistrationStatus.PENDING: _l("Pending"),
    RegistrationStatus.CONFIRMED: _l("Confirmed"),
    RegistrationStatus.WAITLISTED: _l("Waiting list"),
    RegistrationStatus.REFUSED: _l("Refused"),
    RegistrationStatus.CANCELLED: _l("Cancelled"),
})
register_labels(DelegationSide, {
    DelegationSide.FRENCH: _l("French side"),
    DelegationSide.PARTNER: _l("Partner side"),
})
