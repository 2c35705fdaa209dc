"""Check-in rules found by walking the desk's journeys (issues 13 and 14): days of the event, nonces, inputs."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.auth.models import Role
from app.badges.tokens import badge_code_for
from app.checkin.models import CheckIn, Scan
from app.checkin.operations import issue_desk_token
from app.core.db import utcnow
from app.core.extensions import db as database
from tests.backoffice.helpers import login_as
from tests.checkin.helpers import desk_token, event_now, post_json, scan
from tests.conftest import csrf_token_from
from tests.factories import make_event, make_registration


def _count(model) -> int:
    return database.session.scalar(sa.select(sa.func.count()).select_from(model))


def _session_csrf(client, db, role: Role) -> dict:
    login_as(client, db, role)
    return {"X-CSRFToken": csrf_token_from(client.get("/login").get_data(as_text=True))}


def _past_event():
    """An event of two days that ended long ago (as RAICT 2023 in the demo)."""
    starts_at = datetime(2023, 9, 18, 7, 0, tzinfo=UTC)
    return make_event(starts_at=starts_at, ends_at=starts_at + timedelta(days=1, hours=9))


@pytest.mark.parametrize("when", ["past", "future"])
def test_live_scan_outside_the_events_days_is_not_event_day_and_changes_no_figure(client, db, when):
    """Found: a live check-in today raised RAICT 2023 from 477 to 478 arrivals."""
    event = _past_event() if when == "past" else make_event()  # make_event: September 2030
    registration = make_registration(event)
    db.session.commit()
    headers = _session_csrf(client, db, Role.DESK)
    response = scan(client, event, None, badge_code_for(registration), desk="A", headers=headers)
    assert response.status_code == 200
    data = response.get_json()
    assert data["status"] == "not_event_day" and data["registration"]["id"] == registration.id
    assert data["checked_in_at"] is None
    assert _count(CheckIn) == 0
    manual = post_json(client, f"/api/checkin/{event.slug}/manual",
                       {"registration_id": registration.id, "desk": "A", "nonce": "by-hand"}, headers=headers)
    assert manual.get_json()["status"] == "not_event_day" and _count(CheckIn) == 0


def test_an_organiser_may_override_the_events_days_explicitly(client, db):
    event = _past_event()
    registration = make_registration(event)
    db.session.commit()
    headers = _session_csrf(client, db, Role.ORGANISER)
    without = scan(client, event, None, badge_code_for(registration), desk="A", headers=headers)
    assert without.get_json()["status"] == "not_event_day"
    forced = scan(client, event, None, badge_code_for(registration), desk="A", headers=headers,
                  override_event_days=True)
    assert forced.status_code == 200 and forced.get_json()["status"] == "ok"
    [check_in] = database.session.scalars(sa.select(CheckIn)).all()
    assert check_in.day not in event.days
    from app.audit.models import AuditEntry
    entry = database.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "checkin.scan"))
    assert entry.details["override_event_days"] is True


def test_a_desk_may_not_override_the_events_days(client, db):
    event = _past_event()
    registration = make_registration(event)
    _row, token = issue_desk_token(event, "B", expires_at=utcnow() + timedelta(hours=1))
    db.session.commit()
    by_token = scan(client, event, token, badge_code_for(registration), override_event_days=True)
    assert by_token.status_code == 403
    headers = _session_csrf(client, db, Role.DESK)
    by_desk_account = scan(client, event, None, badge_code_for(registration), desk="A", headers=headers,
                           override_event_days=True)
    assert by_desk_account.status_code == 403
    assert _count(CheckIn) == 0 and _count(Scan) == 0


def test_same_nonce_with_another_code_is_a_conflict_not_the_first_answer(client, db):
    event = event_now()
    first, second = make_registration(event), make_registration(event)
    token = desk_token(event)
    answer = scan(client, event, token, badge_code_for(first), nonce="n-1")
    assert answer.get_json()["status"] == "ok"
    conflict = scan(client, event, token, badge_code_for(second), nonce="n-1")
    assert conflict.status_code == 409
    assert "nonce" in conflict.get_json()["error"] and "status" not in conflict.get_json()
    assert "registration" not in conflict.get_json()  # nothing of the first answer leaks
    [check_in] = database.session.scalars(sa.select(CheckIn)).all()
    assert check_in.registration_id == first.id and _count(Scan) == 1
    by_hand = post_json(client, f"/api/checkin/{event.slug}/manual",
                        {"registration_id": second.id, "desk": "B", "nonce": "n-1"}, token)
    assert by_hand.status_code == 409
    again = scan(client, event, token, badge_code_for(first), nonce="n-1")  # the true repeat is still answered
    assert again.status_code == 200 and again.get_json() == answer.get_json()


def test_nonces_are_per_desk_so_another_desks_nonce_is_neither_replayed_nor_leaked(client, db):
    event = event_now()
    first, second = make_registration(event), make_registration(event)
    desk_a, desk_b = desk_token(event, "A"), desk_token(event, "B")
    assert scan(client, event, desk_a, badge_code_for(first), nonce="shared").get_json()["status"] == "ok"
    other = scan(client, event, desk_b, badge_code_for(second), nonce="shared")
    assert other.status_code == 200
    data = other.get_json()
    assert data["status"] == "ok" and data["registration"]["id"] == second.id and data["desk"] == "B"
    assert sorted(row.registration_id for row in database.session.scalars(sa.select(CheckIn))) \
        == sorted([first.id, second.id])
    undone = post_json(client, f"/api/checkin/{event.slug}/undo", {"nonce": "shared"}, desk_b).get_json()
    assert undone["status"] == "undone" and undone["registration"]["id"] == second.id
    assert [row.registration_id for row in database.session.scalars(sa.select(CheckIn))] == [first.id]


@pytest.mark.parametrize("scanned_at", [1700000000, 0, 1.5, True, ["2030-09-18T09:00:00+02:00"]])
def test_a_scanned_at_that_is_not_text_is_a_400_not_now(client, db, scanned_at):
    event = event_now()
    registration = make_registration(event)
    token = desk_token(event)
    response = scan(client, event, token, badge_code_for(registration), scanned_at=scanned_at)
    assert response.status_code == 400 and "scanned_at" in response.get_json()["error"]
    assert _count(CheckIn) == 0 and _count(Scan) == 0


@pytest.mark.parametrize("path", ["scan", "manual", "undo"])
def test_deeply_nested_json_is_a_clear_400(client, db, path):
    event = event_now()
    token = desk_token(event)
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(f"/api/checkin/{event.slug}/{path}", data=body, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400 and response.get_json()["error"]
    assert _count(Scan) == 0


def test_shallow_nesting_in_a_scan_is_still_answered(client, db):
    event = event_now()
    token = desk_token(event)
    body = json.dumps({"code": "not a badge", "desk": "B", "nonce": "n", "extra": [[[[{"a": []}]]]]})
    response = client.post(f"/api/checkin/{event.slug}/scan", data=body, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.get_json()["status"] == "invalid"
