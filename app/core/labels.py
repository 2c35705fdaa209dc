"""Human labels, in the reader's language, for the values of the domain's enumerations."""
from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from app.badges.categories import BadgeCategory
from app.events.models import EventKind, EventStatus
from app.people.models import CollectiviteType
from app.programme.conflicts import ConflictKind
from app.programme.models import SessionStatus, SessionType, SpeakerRole, TrackKind
from app.registration.models import DelegationSide, RegistrationCategory, RegistrationStatus

_LABELS: list[tuple[enum.Enum, object]] = [
    (EventKind.RAICT, _l("RAICT")),
    (EventKind.ASSISES, _l("Assises")),
    (EventKind.CHRONIQUE, _l("Chronicle")),
    (EventStatus.DRAFT, _l("Draft")),
    (EventStatus.PUBLISHED, _l("Published")),
    (EventStatus.REGISTRATION_OPEN, _l("Registration open")),
    (EventStatus.REGISTRATION_CLOSED, _l("Registration closed")),
    (EventStatus.ARCHIVED, _l("Archived")),
    (SessionType.PLENARY, _l("Plenary")),
    (SessionType.WORKSHOP, _l("Workshop")),
    (SessionType.GEOGRAPHIC_GROUP, _l("Geographic group")),
    (SessionType.MICRO_WORKSHOP, _l("Micro-workshop")),
    (SessionType.ROUND_TABLE, _l("Round table")),
    (SessionType.CEREMONY, _l("Ceremony")),
    (SessionType.BREAK, _l("Break")),
    (SessionStatus.SCHEDULED, _l("Scheduled")),
    (SessionStatus.CANCELLED, _l("Cancelled")),
    (TrackKind.THEMATIC, _l("Thematic dynamic")),
    (TrackKind.GEOGRAPHIC, _l("Geographic pole")),
    (SpeakerRole.KEYNOTE, _l("Keynote")),
    (SpeakerRole.MODERATOR, _l("Moderator")),
    (SpeakerRole.SPEAKER, _l("Speaker")),
    (SpeakerRole.RAPPORTEUR, _l("Rapporteur")),
    (CollectiviteType.COMMUNE, _l("Commune")),
    (CollectiviteType.INTERCOMMUNALITE, _l("Intercommunalité")),
    (CollectiviteType.DEPARTEMENT, _l("Département")),
    (CollectiviteType.REGION, _l("Région")),
    (CollectiviteType.FOREIGN_AUTHORITY, _l("Foreign local authority")),
    (CollectiviteType.NETWORK, _l("Association or network")),
    (CollectiviteType.STATE_BODY, _l("State body")),
    (CollectiviteType.OTHER, _l("Other")),
    (RegistrationCategory.PARTICIPANT, _l("Participant")),
    (RegistrationCategory.SPEAKER, _l("Speaker")),
    (RegistrationCategory.ORGANISER, _l("Organisation")),
    (RegistrationCategory.PRESS, _l("Press")),
    (RegistrationCategory.VIP, _l("VIP")),
    (RegistrationCategory.DELEGATION_MEMBER, _l("Delegation member")),
    (RegistrationStatus.PENDING, _l("Pending")),
    (RegistrationStatus.CONFIRMED, _l("Confirmed")),
    (RegistrationStatus.WAITLISTED, _l("Waiting list")),
    (RegistrationStatus.REFUSED, _l("Refused")),
    (RegistrationStatus.CANCELLED, _l("Cancelled")),
    (DelegationSide.FRENCH, _l("French side")),
    (DelegationSide.PARTNER, _l("Partner side")),
    (BadgeCategory.PARTICIPANT, _l("Participant")),
    (BadgeCategory.SPEAKER, _l("Speaker")),
    (BadgeCategory.ORGANISATION, _l("Organisation")),
    (BadgeCategory.PRESS, _l("Press")),
    (BadgeCategory.VIP, _l("VIP")),
    (BadgeCategory.FRENCH_DELEGATION, _l("French delegation")),
    (BadgeCategory.PARTNER_DELEGATION, _l("Partner delegation")),
    (ConflictKind.ROOM_DOUBLE_BOOKED, _l("Room booked twice")),
    (ConflictKind.SPEAKER_OVERLAP, _l("Speaker in two sessions at once")),
    (ConflictKind.OUTSIDE_EVENT_DAYS, _l("Outside the event's days")),
    (ConflictKind.CAPACITY_ABOVE_ROOM, _l("More seats than the room has")),
]


# Keyed by (enumeration, value): StrEnum members of different enumerations with the
# same value (SpeakerRole.SPEAKER, RegistrationCategory.SPEAKER) are equal as strings.
LABELS = {(type(member), member.value): text for member, text in _LABELS}


def label(value: enum.Enum) -> str:
    """The translated label of an enumeration value (its raw value if none is defined)."""
    found = LABELS.get((type(value), value.value))
    return str(found) if found is not None else str(value.value)
