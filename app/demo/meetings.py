"""The open Assises' bilateral meetings: cooperation themes, the participating collectivités' profiles, meeting
blocks, tables, interpreters, and requests in every status (waiting, accepted, mutual, declined, protocol).

Rows go in directly (no mail is queued by the demo); loading twice changes nothing (nothing is added once the
event has themes). The solver's part of the demo adds the published schedule.
"""
from __future__ import annotations

import random
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.core.db import utcnow
from app.core.extensions import db
from app.demo.data import SEED
from app.events.models import Event
from app.meetings.models import (
    CooperationProfile,
    Interpreter,
    InterpreterAvailability,
    Meeting,
    MeetingBlock,
    MeetingRequest,
    MeetingSettings,
    MeetingStatus,
    MeetingTable,
    MeetingTheme,
    RequestStatus,
)
from app.people.models import Collectivite, Person
from app.registration.models import Registration, RegistrationStatus

OPEN_ASSISES = "rencontres-franco-japonaises-2027"
THEMES = (
    ("Eau et assainissement", "Water and sanitation"),
    ("Patrimoine et tourisme", "Heritage and tourism"),
    ("Jeunesse et mobilité", "Youth and mobility"),
    ("Climat et résilience", "Climate and resilience"),
    ("Santé et vieillissement", "Health and ageing"),
    ("Gouvernance locale", "Local governance"),
    ("Développement économique", "Economic development"),
    ("Culture", "Culture"),
    ("Agriculture et alimentation", "Agriculture and food"),
)
LOOKING_FOR = {
    "FR": ("Un partenaire japonais pour des échanges de jeunes et d'agents sur la prévention des catastrophes.",
           "Renouveler notre programme culturel et ouvrir un volet tourisme.",
           "Partager nos pratiques d'adaptation au climat et de gestion de l'eau."),
    "JP": ("A French partner for youth exchanges and heritage tourism.",
           "Exchanges of practice on caring for an ageing population.",
           "Partners for agriculture, food and local products."),
}
BLOCKS = (("2027-06-08 14:00", "2027-06-08 17:00"), ("2027-06-09 09:30", "2027-06-09 12:30"))
TABLES = 12
INTERPRETERS = (("Aiko Tanaka", "aiko.tanaka@interpretes.example.org", "fr-ja"),
                ("Hiroshi Sato", "hiroshi.sato@interpretes.example.org", "fr-ja en-ja"),
                ("Claire Moreau", "claire.moreau@interpretes.example.org", "en-fr"))


def ensure_meetings() -> None:
    event = db.session.scalar(sa.select(Event).where(Event.slug == OPEN_ASSISES))
    if event is None or db.session.scalar(sa.select(MeetingTheme.id).where(MeetingTheme.event_id == event.id)):
        return
    zone = ZoneInfo(event.timezone)
    rng = random.Random(f"{SEED}/meetings")
    themes = [MeetingTheme(event_id=event.id, name_fr=fr, name_en=en, position=n)
              for n, (fr, en) in enumerate(THEMES, 1)]
    db.session.add_all(themes)
    db.session.add(MeetingSettings(event_id=event.id, slot_minutes=30, max_meetings_per_person=8, requests_open=True))
    for start, end in BLOCKS:
        db.session.add(MeetingBlock(event_id=event.id, starts_at=_local(start, zone), ends_at=_local(end, zone)))
    db.session.add_all(MeetingTable(event_id=event.id, number=n, room="Salle Cézanne" if n <= 8 else "Salle Zola")
                       for n in range(1, TABLES + 1))
    for name, email, pairs in INTERPRETERS:
        interpreter = Interpreter(event_id=event.id, name=name, email=email, language_pairs=pairs, active=True)
        if name == "Claire Moreau":  # the second morning only
            interpreter.availability = [InterpreterAvailability(starts_at=_local(BLOCKS[1][0], zone),
                                                                ends_at=_local(BLOCKS[1][1], zone))]
        db.session.add(interpreter)
    db.session.flush()
    registrations = list(db.session.scalars(sa.select(Registration).join(Person).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
        Person.collectivite_id.is_not(None)).order_by(Registration.id)))
    french = [r for r in registrations if r.person.country == "FR"]
    japanese = [r for r in registrations if r.person.country != "FR"]
    _profiles(event, registrations, themes, rng)
    _requests(event, french, japanese, rng)
    db.session.flush()


def _local(text: str, zone: ZoneInfo) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=zone)


def _profiles(event: Event, registrations: list[Registration], themes: list[MeetingTheme],
              rng: random.Random) -> None:
    collectivites: dict[int, Collectivite] = {}
    for registration in registrations:
        collectivite = registration.person.collectivite
        assert collectivite is not None
        collectivites.setdefault(collectivite.id, collectivite)
    names = {country: [c.name for c in collectivites.values() if (c.country == "FR") == (country == "FR")]
             for country in ("FR", "JP")}
    for collectivite in collectivites.values():
        side = "FR" if collectivite.country == "FR" else "JP"
        other = names["JP" if side == "FR" else "FR"]
        db.session.add(CooperationProfile(
            event_id=event.id, collectivite_id=collectivite.id, themes=rng.sample(themes, rng.randint(2, 4)),
            existing_partners=rng.choice(other) if other and rng.random() < 0.4 else None,
            looking_for=rng.choice(LOOKING_FOR[side]),
            languages="en fr" if side == "FR" else rng.choice(("ja", "en ja"))))


def _requests(event: Event, french: list[Registration], japanese: list[Registration], rng: random.Random) -> None:
    """Requests from French people to Japanese collectivités or people, in every status."""
    if not french or not japanese:
        return
    now = utcnow()
    pairs = set()
    statuses = ([RequestStatus.REQUESTED] * 4 + [RequestStatus.ACCEPTED] * 8 + [RequestStatus.DECLINED] * 2
                + [RequestStatus.CANCELLED])
    for n, status in enumerate(statuses):
        origin, other = french[n % len(french)], japanese[(n * 3) % len(japanese)]
        by_name = n % 3 == 0
        key = (origin.id, "person", other.id) if by_name or status == RequestStatus.ACCEPTED \
            else (origin.id, "collectivite", other.person.collectivite_id)
        if key in pairs or (origin.id, "person", other.id) in pairs:
            continue
        pairs.add(key)
        request = MeetingRequest(
            event_id=event.id, from_registration_id=origin.id, asked_by_person_id=origin.person_id,
            to_collectivite_id=None if by_name else other.person.collectivite_id,
            to_registration_id=other.id if by_name or status == RequestStatus.ACCEPTED else None,
            message=rng.choice(("Nous souhaiterions vous présenter notre programme jeunesse.",
                                "Échanger sur la gestion de l'eau et la prévention des crues.",
                                "Préparer ensemble une candidature à un appel à projets conjoint.")),
            status=status, mutual=status == RequestStatus.ACCEPTED and n % 4 == 1,
            reason="Agenda complet cette année" if status == RequestStatus.DECLINED else None,
            answered_by_person_id=other.person_id if status in (RequestStatus.ACCEPTED, RequestStatus.DECLINED)
            else None,
            answered_at=now if status in (RequestStatus.ACCEPTED, RequestStatus.DECLINED) else None)
        db.session.add(request)
        db.session.flush()
        if status == RequestStatus.ACCEPTED:
            db.session.add(Meeting(event_id=event.id, request_id=request.id, side_a_registration_id=origin.id,
                                   side_b_registration_id=other.id, status=MeetingStatus.UNSCHEDULED))
    heads = [r for r in french + japanese if r.delegation is not None and r.delegation.head_person_id == r.person_id]
    french_head = next((r for r in heads if r.person.country == "FR"), None)
    japanese_head = next((r for r in heads if r.person.country != "FR"), None)
    if french_head is not None and japanese_head is not None \
            and (french_head.id, "person", japanese_head.id) not in pairs:
        request = MeetingRequest(event_id=event.id, from_registration_id=french_head.id,
                                 to_registration_id=japanese_head.id, status=RequestStatus.ACCEPTED, protocol=True,
                                 message="Rencontre protocolaire des chefs de délégation.", answered_at=now)
        db.session.add(request)
        db.session.flush()
        db.session.add(Meeting(event_id=event.id, request_id=request.id, side_a_registration_id=french_head.id,
                               side_b_registration_id=japanese_head.id, status=MeetingStatus.UNSCHEDULED))
