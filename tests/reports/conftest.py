"""A small world with known figures: one RAICT in 2023, an Assises in 2023, an event of 2024, chronicles of 2022."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.checkin.models import CheckIn
from app.events.models import EventKind, EventSeries, EventStatus
from app.people.models import CollectiviteType
from app.programme.models import SessionStatus, SessionType
from app.registration.models import Delegation, RegistrationCategory, RegistrationStatus
from tests.factories import make_collectivite, make_event, make_person, make_registration, make_session

PARIS = ZoneInfo("Europe/Paris")
TOKYO = ZoneInfo("Asia/Tokyo")


@dataclass
class World:
    raict: object
    assises: object
    series: object
    chronicles: list


def check_in(registration, day: date) -> CheckIn:
    from app.core.extensions import db

    moment = datetime.combine(day, datetime.min.time(), tzinfo=PARIS) + timedelta(hours=9)
    row = CheckIn(event_id=registration.event_id, registration_id=registration.id, day=day, checked_in_at=moment,
                  recorded_at=moment, desk="A")
    db.session.add(row)
    db.session.flush()
    return row


def build_raict(db):
    """RAICT 2023: 7 confirmed (3 from abroad: VN ×2, MA), 2 + 2 collectivités, 2 checked in, 3 conferences."""
    raict = make_event(slug="raict-test", starts_at=datetime(2023, 9, 18, 8, 30, tzinfo=PARIS), status=EventStatus.ARCHIVED)
    dijon = make_collectivite(name="Dijon", type=CollectiviteType.COMMUNE)
    bretagne = make_collectivite(name="Région Bretagne", type=CollectiviteType.REGION)
    hanoi = make_collectivite(name="Hanoï", type=CollectiviteType.FOREIGN_AUTHORITY, country="VN")
    rabat = make_collectivite(name="Rabat", type=CollectiviteType.FOREIGN_AUTHORITY, country="MA")
    vietnam = Delegation(event=raict, name="Délégation vietnamienne", country="VN")
    empty = Delegation(event=raict, name="Délégation vide", country="SN")
    db.session.add_all([vietnam, empty])
    confirmed = RegistrationStatus.CONFIRMED
    people = {
        "p1": (make_person(collectivite=dijon), RegistrationCategory.PARTICIPANT, confirmed, None),
        "p2": (make_person(collectivite=dijon), RegistrationCategory.SPEAKER, confirmed, None),
        "p3": (make_person(collectivite=bretagne), RegistrationCategory.PARTICIPANT, confirmed, None),
        "p4": (make_person(country="VN", collectivite=hanoi), RegistrationCategory.DELEGATION_MEMBER, confirmed, vietnam),
        "p5": (make_person(country="VN", collectivite=hanoi), RegistrationCategory.DELEGATION_MEMBER, confirmed, vietnam),
        "p6": (make_person(country="MA", collectivite=rabat), RegistrationCategory.PARTICIPANT, confirmed, None),
        "p7": (make_person(country="MA"), RegistrationCategory.PARTICIPANT, RegistrationStatus.PENDING, None),
        "p8": (make_person(collectivite=dijon), RegistrationCategory.PARTICIPANT, RegistrationStatus.CANCELLED, None),
        "p9": (make_person(country="VN", collectivite=hanoi), RegistrationCategory.DELEGATION_MEMBER,
               RegistrationStatus.WAITLISTED, vietnam),
        "p10": (make_person(), RegistrationCategory.PRESS, confirmed, None),
    }
    registrations = {key: make_registration(raict, person, category=category, status=status, delegation=delegation)
                     for key, (person, category, status, delegation) in people.items()}
    make_session(raict, type=SessionType.PLENARY)
    make_session(raict, type=SessionType.WORKSHOP)
    make_session(raict, type=SessionType.WORKSHOP, is_hidden=True)
    make_session(raict, type=SessionType.WORKSHOP, status=SessionStatus.CANCELLED)
    make_session(raict, type=SessionType.BREAK)
    check_in(registrations["p1"], date(2023, 9, 18))
    check_in(registrations["p1"], date(2023, 9, 19))
    check_in(registrations["p4"], date(2023, 9, 18))
    return raict, registrations


@pytest.fixture
def world(db) -> World:
    raict, registrations = build_raict(db)
    # Assises in 2023: p1 again, and a Japanese participant from a new collectivité.
    assises = make_event(slug="assises-test", kind=EventKind.ASSISES, timezone="Asia/Tokyo",
                         starts_at=datetime(2023, 11, 20, 9, 0, tzinfo=TOKYO), status=EventStatus.ARCHIVED)
    shizuoka = make_collectivite(name="Shizuoka", type=CollectiviteType.FOREIGN_AUTHORITY, country="JP")
    make_registration(assises, registrations["p1"].person)
    make_registration(assises, make_person(country="JP", collectivite=shizuoka))
    db.session.add(Delegation(event=assises, name="Délégation vietnamienne", country="VN"))
    # 1 January 2024 at 00:30 in Tokyo is still 2023 in UTC: it belongs to 2024.
    new_year = make_event(slug="new-year-2024", timezone="Asia/Tokyo",
                          starts_at=datetime(2024, 1, 1, 0, 30, tzinfo=TOKYO), status=EventStatus.ARCHIVED)
    make_registration(new_year, make_person(country="KR"))
    # A draft of 2023 never counts in the year.
    draft = make_event(slug="draft-2023", starts_at=datetime(2023, 6, 1, 9, 0, tzinfo=PARIS), status=EventStatus.DRAFT)
    make_registration(draft, make_person(country="BR"))
    # Chronicles of 2022: two held, one still to come, one draft.
    series = EventSeries(slug="chroniques-test", kind=EventKind.CHRONIQUE, title_fr="Chroniques test",
                         title_en="Test chronicles", year=2022)
    db.session.add(series)
    db.session.flush()
    people = {key: registration.person for key, registration in registrations.items()}

    def chronicle(slug, starts_at, status, attendees):
        event = make_event(slug=slug, kind=EventKind.CHRONIQUE, series_id=series.id, starts_at=starts_at,
                           ends_at=starts_at + timedelta(hours=1), status=status, is_online=True)
        for key, registration_status in attendees:
            make_registration(event, people[key], status=registration_status)
        return event

    confirmed, pending = RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING
    chronicles = [
        chronicle("chronique-1", datetime(2022, 3, 10, 12, 30, tzinfo=PARIS), EventStatus.ARCHIVED,
                  [("p1", confirmed), ("p2", confirmed), ("p3", confirmed), ("p6", pending)]),
        chronicle("chronique-2", datetime(2022, 4, 14, 12, 30, tzinfo=PARIS), EventStatus.ARCHIVED,
                  [("p1", confirmed), ("p10", confirmed)]),
        chronicle("chronique-3", datetime(2099, 5, 12, 12, 30, tzinfo=PARIS), EventStatus.PUBLISHED,
                  [("p3", confirmed)]),
        chronicle("chronique-draft", datetime(2022, 6, 9, 12, 30, tzinfo=PARIS), EventStatus.DRAFT,
                  [("p4", confirmed)]),
    ]
    db.session.commit()
    return World(raict, assises, series, chronicles)
