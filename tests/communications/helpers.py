"""Shared helpers of the communications tests: contacts, and an event with two workshops, two delegations and
registrants of every kind (the messages tests)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from app.checkin.models import CheckIn
from app.communications.models import Contact
from app.core.db import utcnow
from app.core.extensions import db
from app.events.models import Event
from app.programme.models import Session
from app.registration.models import (
    ChoiceStatus,
    Delegation,
    DelegationSide,
    Registration,
    RegistrationCategory,
    RegistrationStatus,
    SessionChoice,
)
from tests.factories import make_event, make_person, make_registration, make_session


@dataclass
class World:
    event: Event
    workshop: Session  # on the first day
    other_workshop: Session  # on the second day
    french: Delegation
    partner: Delegation
    head: Registration  # heads the French delegation
    member: Registration  # French delegation, workshop, checked in on the first day
    partner_member: Registration  # partner delegation, English, speaker
    waiting: Registration  # waiting list, workshop
    cancelled: Registration
    alone: Registration  # confirmed, no delegation, other workshop


def choose(registration: Registration, session: Session) -> None:
    db.session.add(SessionChoice(registration=registration, session=session, status=ChoiceStatus.CONFIRMED))


def build_world() -> World:
    event = make_event(title_fr="Assises franco-vietnamiennes", title_en="French-Vietnamese Assises")
    workshop = make_session(event, title_fr="Atelier 4 : climat", title_en="Workshop 4: climate")
    other = make_session(event, starts_at=event.starts_at + timedelta(days=1), title_fr="Atelier 7", title_en="Workshop 7")
    head_person = make_person(given_name="Anne", email="anne@example.fr")
    french = Delegation(event=event, name="Région Centre", country="FR", side=DelegationSide.FRENCH, head=head_person)
    partner = Delegation(event=event, name="Province de Thái Nguyên", country="VN", side=DelegationSide.PARTNER)
    db.session.add_all([french, partner])
    head = make_registration(event, head_person, delegation=french)
    member = make_registration(event, make_person(given_name="Marc", email="marc@example.fr"), delegation=french)
    partner_member = make_registration(event, make_person(given_name="Lan", email="lan@example.vn", country="VN"),
                                       delegation=partner, language="en", category=RegistrationCategory.SPEAKER)
    waiting = make_registration(event, make_person(given_name="Paul", email="paul@example.fr"),
                                status=RegistrationStatus.WAITLISTED)
    cancelled = make_registration(event, make_person(given_name="Zoé", email="zoe@example.fr"),
                                  status=RegistrationStatus.CANCELLED)
    alone = make_registration(event, make_person(given_name="Léa", email="lea@example.fr"))
    for registration in (member, waiting):
        choose(registration, workshop)
    choose(alone, other)
    first_day = event.starts_at.astimezone(event.zone).date()
    db.session.add(CheckIn(event_id=event.id, registration_id=member.id, day=first_day, checked_in_at=utcnow(),
                           recorded_at=utcnow(), desk="A"))
    db.session.flush()
    return World(event, workshop, other, french, partner, head, member, partner_member, waiting, cancelled, alone)


def make_contact(email: str, **fields) -> Contact:
    defaults = dict(given_name="Lan", family_name=email.split("@")[0].title(), language="fr", is_member=False)
    contact = Contact(email=email, **(defaults | fields))
    db.session.add(contact)
    db.session.flush()
    return contact
