"""Data for the whole-app tests, written straight into a served database before gunicorn starts."""
from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from tests.conftest import base_settings

PARIS = ZoneInfo("Europe/Paris")


@dataclass
class Scenario:
    secret_key: str
    database_url: str
    instance: Path
    slug: str = ""
    codes: list[str] = field(default_factory=list)
    registration_ids: list[int] = field(default_factory=list)
    desk_tokens: dict[str, str] = field(default_factory=dict)
    open_slug: str = ""
    workshop_id: int = 0

    def app(self):
        settings = base_settings(self.instance, self.database_url) | {"SECRET_KEY": self.secret_key}
        settings.pop("TESTING")
        settings["PUBLIC_URL"] = "http://127.0.0.1"
        return create_app(settings)


def new_scenario(database_url: str, instance: Path) -> Scenario:
    scenario = Scenario(secret_key="ops-" + uuid.uuid4().hex, database_url=database_url, instance=instance)
    app = scenario.app()
    with app.app_context():
        upgrade()
        from app.core.extensions import db

        db.session.remove()
        db.engine.dispose()
    return scenario


def add_event_on_today(scenario: Scenario, *, badges: int, desks: list[str]) -> None:
    """An event running today (from yesterday to tomorrow), ``badges`` confirmed people, one token per desk."""
    from app.badges.tokens import badge_code_for
    from app.checkin.operations import issue_desk_token
    from app.core.extensions import db
    from tests.factories import make_event, make_person, make_registration

    app = scenario.app()
    with app.app_context():
        today = datetime.now(PARIS).replace(hour=8, minute=0, second=0, microsecond=0)
        event = make_event(starts_at=today - timedelta(days=1), ends_at=today + timedelta(days=1, hours=10))
        registrations = [make_registration(event, make_person()) for _ in range(badges)]
        scenario.slug = event.slug
        scenario.codes = [badge_code_for(registration) for registration in registrations]
        scenario.registration_ids = [registration.id for registration in registrations]
        scenario.desk_tokens = {desk: issue_desk_token(event, desk)[1] for desk in desks}
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def add_event_open_for_registration(scenario: Scenario, *, workshop_seats: int) -> None:
    from app.core.extensions import db
    from app.events.models import EventStatus
    from app.programme.models import SessionType
    from tests.factories import make_event, make_session

    app = scenario.app()
    with app.app_context():
        starts_at = datetime.now(PARIS).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=60)
        event = make_event(starts_at=starts_at, status=EventStatus.REGISTRATION_OPEN)
        session = make_session(event, type=SessionType.WORKSHOP, capacity=workshop_seats)
        scenario.open_slug = event.slug
        scenario.workshop_id = session.id
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def query(scenario: Scenario, statement):
    app = scenario.app()
    with app.app_context():
        from app.core.extensions import db

        try:
            return db.session.execute(statement).all()
        finally:
            db.session.remove()
            db.engine.dispose()


def nonce() -> str:
    return secrets.token_hex(12)


def count(scenario: Scenario, model, *where) -> int:
    return query(scenario, sa.select(sa.func.count()).select_from(model).where(*where))[0][0]
