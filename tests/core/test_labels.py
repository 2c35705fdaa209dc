"""Labels of the domain's enumerations: core keeps the registry, each package registers its own."""
from __future__ import annotations

import enum

import pytest
from flask_babel import force_locale

from app.badges.categories import BadgeCategory
from app.core.labels import LABELS, label, register_labels
from app.events.models import EventKind, EventStatus
from app.people.models import CollectiviteType
from app.programme.conflicts import ConflictKind
from app.programme.models import SessionStatus, SessionType, SpeakerRole, TrackKind
from app.registration.models import DelegationSide, RegistrationCategory, RegistrationStatus

LABELLED = [EventKind, EventStatus, CollectiviteType, SessionType, SessionStatus, TrackKind, SpeakerRole,
            ConflictKind, RegistrationCategory, RegistrationStatus, DelegationSide, BadgeCategory]


@pytest.mark.parametrize("enumeration", LABELLED, ids=lambda enumeration: enumeration.__name__)
def test_every_member_of_the_domain_enumerations_has_a_registered_label(enumeration):
    assert [member for member in enumeration if (enumeration, member.value) not in LABELS] == []


@pytest.mark.parametrize(("value", "english", "french"), [
    (EventKind.CHRONIQUE, "Chronicle", "Chronique"),
    (SpeakerRole.SPEAKER, "Speaker", "Intervenant"),
    (BadgeCategory.FRENCH_DELEGATION, "French delegation", "Délégation française"),
    (ConflictKind.ROOM_DOUBLE_BOOKED, "Room booked twice", "Salle réservée deux fois"),
])
def test_labels_are_translated_in_the_readers_language(app, value, english, french):
    with app.test_request_context():
        with force_locale("en"):
            assert label(value) == english
        with force_locale("fr"):
            assert label(value) == french


def test_equal_values_of_different_enumerations_keep_their_own_label(app):
    with app.test_request_context(), force_locale("en"):
        assert label(RegistrationCategory.ORGANISER) == "Organisation"
        assert label(SpeakerRole.SPEAKER) == "Speaker"


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


def test_an_unregistered_value_reads_as_itself_and_registration_checks_the_enumeration():
    assert label(Colour.RED) == "red"
    with pytest.raises(TypeError):
        register_labels(Colour, {EventKind.RAICT: "RAICT"})
