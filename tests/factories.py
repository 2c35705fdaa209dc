"""Small factories for test data: each adds one row (flushed) with sensible defaults."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.auth.models import Role, User
from app.core.extensions import db
from app.events.models import Event, EventKind, EventStatus
from app.people.models import Collectivite, CollectiviteType, Person
from app.programme.models import Room, Session, SessionSpeaker, SessionType, SpeakerRole, Track, TrackKind
from app.registration.models import Registration, RegistrationCategory, RegistrationStatus

_counter = itertools.count(1)
PARIS = ZoneInfo("Europe/Paris")
TEST_PASSWORD = "correct horse battery staple"


def _add(obj):
    db.session.add(obj)
    db.session.flush()
    return obj


def make_event(**fields) -> Event:
    n = next(_counter)
    zone = ZoneInfo(fields.get("timezone", "Europe/Paris"))
    starts_at = fields.pop("starts_at", datetime(2030, 9, 18, 9, 0, tzinfo=zone))
    defaults = dict(
        kind=EventKind.RAICT, slug=f"event-{n}", title_fr=f"Rencontres {n}", title_en=f"Meetings {n}",
        starts_at=starts_at, ends_at=starts_at + timedelta(days=1, hours=9), timezone="Europe/Paris",
        venue_name="Cité des Sciences", venue_city="Paris", venue_country="FR", status=EventStatus.PUBLISHED,
    )
    return _add(Event(**(defaults | fields)))


def make_collectivite(**fields) -> Collectivite:
    n = next(_counter)
    defaults = dict(name=f"Ville {n}", type=CollectiviteType.COMMUNE, country="FR", cuf_member=True)
    return _add(Collectivite(**(defaults | fields)))


def make_person(**fields) -> Person:
    n = next(_counter)
    defaults = dict(given_name="Camille", family_name=f"Martin{n}", country="FR", email=f"person{n}@example.org")
    return _add(Person(**(defaults | fields)))


def make_room(event: Event, **fields) -> Room:
    n = next(_counter)
    return _add(Room(**(dict(event=event, name=f"Salle {n}", capacity=100) | fields)))


def make_track(event: Event, **fields) -> Track:
    n = next(_counter)
    defaults = dict(event=event, slug=f"track-{n}", kind=TrackKind.THEMATIC, name_fr=f"Climat {n}", name_en=f"Climate {n}")
    return _add(Track(**(defaults | fields)))


def make_session(event: Event, **fields) -> Session:
    n = next(_counter)
    starts_at = fields.pop("starts_at", event.starts_at + timedelta(hours=1))
    defaults = dict(
        event=event, type=SessionType.WORKSHOP, title_fr=f"Atelier {n}", title_en=f"Workshop {n}",
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=1, minutes=30), languages=["fr"],
    )
    return _add(Session(**(defaults | fields)))


def add_speaker(session: Session, person: Person, role: SpeakerRole = SpeakerRole.SPEAKER, position: int = 0) -> SessionSpeaker:
    return _add(SessionSpeaker(session=session, person=person, role=role, position=position))


def make_registration(event: Event, person: Person | None = None, **fields) -> Registration:
    person = person or make_person()
    defaults = dict(event=event, person=person, category=RegistrationCategory.PARTICIPANT,
                    status=RegistrationStatus.CONFIRMED)
    return _add(Registration(**(defaults | fields)))


def make_user(role: Role = Role.ORGANISER, password: str = TEST_PASSWORD, **fields) -> User:
    n = next(_counter)
    user = User(email=fields.pop("email", f"staff{n}@example.org"), role=role, **fields)
    user.set_password(password)
    return _add(user)


def sign_in_browser(page, live_server: str, user: User, landing: str = "/organiser/") -> None:
    """Sign ``user`` (made with the test password) in through the login page of a real browser (Playwright)."""
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}{landing}")
