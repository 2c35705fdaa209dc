from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.events.models import Event
from app.registration.models import RegistrationStatus
from tests.factories import make_event, make_person, make_registration


def test_utc_datetime_round_trips_as_aware_utc(db):
    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    event = make_event(timezone="Asia/Ho_Chi_Minh", starts_at=datetime(2023, 4, 11, 9, 0, tzinfo=hanoi))
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Event, event.id)
    assert stored.starts_at == datetime(2023, 4, 11, 2, 0, tzinfo=UTC)
    assert stored.starts_at.utcoffset().total_seconds() == 0
    assert stored.local_start.hour == 9


def test_utc_datetime_refuses_naive_values(db):
    with pytest.raises(sa.exc.StatementError, match="naive datetime"):
        make_event(starts_at=datetime(2030, 1, 1, 9, 0))
    db.session.rollback()


def test_registration_one_active_per_person_and_event(db):
    event, person = make_event(), make_person()
    make_registration(event, person)
    db.session.commit()
    with pytest.raises(sa.exc.IntegrityError):
        make_registration(event, person, status=RegistrationStatus.PENDING)
    db.session.rollback()


def test_registration_allowed_again_after_cancellation(db):
    event, person = make_event(), make_person()
    first = make_registration(event, person)
    first.status = RegistrationStatus.CANCELLED
    db.session.flush()
    again = make_registration(event, person)
    db.session.commit()
    assert again.id != first.id
    assert again.calendar_token != first.calendar_token and len(again.calendar_token) >= 40


def test_person_email_unique_but_optional(db):
    make_person(email=None)
    make_person(email=None)
    make_person(email="same@example.org")
    db.session.commit()
    with pytest.raises(sa.exc.IntegrityError):
        make_person(email="same@example.org")
    db.session.rollback()


def test_enum_values_checked_by_database(db):
    event = make_event()
    db.session.commit()
    with pytest.raises(sa.exc.IntegrityError):
        with db.engine.begin() as connection:
            connection.execute(sa.text("UPDATE event SET status = 'bogus' WHERE id = :id"), {"id": event.id})
