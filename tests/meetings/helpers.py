"""A bilateral Assises with two French and two Vietnamese collectivités, their people and a few themes."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.core.extensions import db
from app.events.models import EventKind
from app.mail.models import OutboxMessage
from app.meetings import operations
from app.people.models import CollectiviteType
from app.registration.models import Delegation, DelegationSide
from tests.factories import make_collectivite, make_event, make_person, make_registration


@dataclass
class Assises:
    event: object
    lyon: object
    hue: object
    nantes: object
    danang: object
    anne: object  # Lyon
    binh: object  # Huế, head of the Vietnamese delegation
    chi: object  # Huế, member of Binh's delegation
    dung: object  # Đà Nẵng
    water: object
    heritage: object
    youth: object


def make_assises(suffix: str = "", **event_fields) -> Assises:
    event = make_event(kind=EventKind.ASSISES, partner_country="VN", **event_fields)
    lyon = make_collectivite(name="Lyon" + suffix, country="FR", type=CollectiviteType.COMMUNE)
    nantes = make_collectivite(name="Nantes" + suffix, country="FR", type=CollectiviteType.COMMUNE)
    hue = make_collectivite(name="Huế" + suffix, country="VN", type=CollectiviteType.FOREIGN_AUTHORITY)
    danang = make_collectivite(name="Đà Nẵng" + suffix, country="VN", type=CollectiviteType.FOREIGN_AUTHORITY)
    anne = make_registration(event, make_person(given_name="Anne", collectivite_id=lyon.id), language="en")
    binh_person = make_person(given_name="Binh", country="VN", collectivite_id=hue.id)
    delegation = Delegation(event_id=event.id, name="Huế", country="VN", side=DelegationSide.PARTNER,
                            head_person_id=binh_person.id, collectivites=[hue])
    db.session.add(delegation)
    db.session.flush()
    binh = make_registration(event, binh_person, delegation_id=delegation.id)
    chi = make_registration(event, make_person(given_name="Chi", country="VN", collectivite_id=hue.id),
                            delegation_id=delegation.id)
    dung = make_registration(event, make_person(given_name="Dung", country="VN", collectivite_id=danang.id))
    water = operations.add_theme(event, "Eau et assainissement", "Water and sanitation", actor="test")
    heritage = operations.add_theme(event, "Patrimoine et tourisme", "Heritage and tourism", actor="test")
    youth = operations.add_theme(event, "Jeunesse et mobilité", "Youth and mobility", actor="test")
    return Assises(event, lyon, hue, nantes, danang, anne, binh, chi, dung, water, heritage, youth)


def mails_to(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.to_address == address)
                                   .order_by(OutboxMessage.id)))
