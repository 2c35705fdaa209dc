"""The category a badge shows, by a colour band and a word, derived from the registration.

An explicit role (speaker, organisation, press, VIP) wins; otherwise a member of a delegation
shows its side (French or partner delegation); everyone else is a participant.
"""
from __future__ import annotations

import enum

from app.registration.models import DelegationSide, Registration, RegistrationCategory


class BadgeCategory(enum.StrEnum):
    PARTICIPANT = "participant"
    SPEAKER = "speaker"
    ORGANISATION = "organisation"
    PRESS = "press"
    VIP = "vip"
    FRENCH_DELEGATION = "french_delegation"
    PARTNER_DELEGATION = "partner_delegation"


# The band's colour (white words print on each).
COLOURS = {
    BadgeCategory.PARTICIPANT: "#00796B",
    BadgeCategory.SPEAKER: "#C62828",
    BadgeCategory.ORGANISATION: "#37474F",
    BadgeCategory.PRESS: "#E65100",
    BadgeCategory.VIP: "#6A1B9A",
    BadgeCategory.FRENCH_DELEGATION: "#0D47A1",
    BadgeCategory.PARTNER_DELEGATION: "#2E7D32",
}

_BY_ROLE = {
    RegistrationCategory.SPEAKER: BadgeCategory.SPEAKER,
    RegistrationCategory.ORGANISER: BadgeCategory.ORGANISATION,
    RegistrationCategory.PRESS: BadgeCategory.PRESS,
    RegistrationCategory.VIP: BadgeCategory.VIP,
}
_BY_SIDE = {DelegationSide.FRENCH: BadgeCategory.FRENCH_DELEGATION,
            DelegationSide.PARTNER: BadgeCategory.PARTNER_DELEGATION}


def badge_category(registration: Registration) -> BadgeCategory:
    if registration.category in _BY_ROLE:
        return _BY_ROLE[registration.category]
    delegation = registration.delegation
    if delegation is not None and delegation.side in _BY_SIDE:
        return _BY_SIDE[delegation.side]
    return BadgeCategory.PARTICIPANT
