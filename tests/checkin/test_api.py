"""The check-in API: every verdict, replayed nonces, undo, offline scans, days of a multi-day event."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.badges.tokens import badge_code, badge_code_for
from app.checkin.models import CheckIn, Scan
from app.core.db import utcnow
from app.registration.models import Delegation, RegistrationCategory, RegistrationStatus
from tests.checkin.helpers import desk_token, event_now, local, post_json, scan
from tests.factories import make_person, make_registration


@pytest.fixture
def setting(db):
    event = event_now()
    person = make_person(given_name="Thị Lan", family_name="Nguyễn", given_name_latin="Thi Lan",
                         family_name_latin="Nguyen", country="VN")
    delegation = Delegation(event=event, name="Délégation du Vietnam", country="VN")
    db.session.add(delegation)
    registration = make_registration(event, person, delegation=delegation, category=RegistrationCategory.VIP,
                                     desk_note="Badge to collect", interpretation_needs="Vietnamese")
    db.session.commit()
    return event, registration, desk_token(event, "B")


def _check_ins(db):
    return db.session.scalars(sa.select(CheckIn)).all()


def test_scan_ok_answers_the_contract(client, db, setting):
    event, registration, token = setting
    response = scan(client, event, token, badge_code_for(registration))
    assert response.status_code == 200
    data = response.get_json()
    assert set(data) == {"status", "registration", "checked_in_at", "desk"}
    assert data["status"] == "ok" and data["desk"] == "B"
    assert data["registration"] == {
        "id": registration.id, "name": "Nguyễn Thị Lan", "name_latin": "Nguyen Thi Lan", "category": "vip",
        "delegation": "Délégation du Vietnam", "country": "VN",
        "attention": [{"kind": "vip", "text": "VIP"}, {"kind": "note", "text": "Badge to collect"},
                      {"kind": "interpretation", "text": "Vietnamese"}]}
    [check_in] = _check_ins(db)
    assert data["checked_in_at"] == local(event, check_in.checked_in_at)  # the event's wall clock and offset
    assert check_in.day == check_in.checked_in_at.astimezone(event.zone).date()
    assert check_in.badge_version == 1 and check_in.desk == "B"


def test_scan_twice_answers_already_checked_in_with_first_time_and_desk(client, db, setting):
    event, registration, token = setting
    first = scan(client, event, token, badge_code_for(registration)).get_json()
    other_desk = desk_token(event, "C")
    second = scan(client, event, other_desk, badge_code_for(registration)).get_json()
    assert second["status"] == "already_checked_in"
    assert second["checked_in_at"] == first["checked_in_at"] and second["desk"] == "B"
    assert len(_check_ins(db)) == 1


@pytest.mark.parametrize("mangle", [
    lambda code: code[:-1],  # truncated
    lambda code: code[:-1] + ("A" if code[-1] != "A" else "B"),  # forged signature
    lambda code: code.replace(".1.", ".2.", 1) if ".1." in code else code + "X",  # forged version
    lambda code: "https://example.org/",  # not ours
    lambda code: "",
])
def test_scan_of_a_forged_or_truncated_code_is_invalid_and_reveals_nothing(client, db, setting, mangle):
    event, registration, token = setting
    data = scan(client, event, token, mangle(badge_code_for(registration))).get_json()
    assert data == {"status": "invalid", "registration": None, "checked_in_at": None, "desk": None}
    assert _check_ins(db) == []


def test_scan_of_another_events_badge_is_wrong_event(client, db, setting):
    event, _registration, token = setting
    other = event_now()
    stranger = make_registration(other, make_person(given_name="Secret", family_name="Person"))
    db.session.commit()
    data = scan(client, event, token, badge_code_for(stranger)).get_json()
    assert data == {"status": "wrong_event", "registration": None, "checked_in_at": None, "desk": None}
    assert "Secret" not in json.dumps(data)


def test_scan_of_a_signed_code_naming_no_registration_is_unknown(client, db, setting, app):
    event, registration, token = setting
    code = badge_code(registration.id + 1000, event.id, 1)
    assert scan(client, event, token, code).get_json()["status"] == "unknown"


@pytest.mark.parametrize("status, expected", [
    (RegistrationStatus.CANCELLED, "cancelled"), (RegistrationStatus.REFUSED, "cancelled"),
    (RegistrationStatus.PENDING, "not_confirmed"), (RegistrationStatus.WAITLISTED, "not_confirmed")])
def test_scan_of_a_registration_not_confirmed(client, db, setting, status, expected):
    event, registration, token = setting
    registration.status = status
    db.session.commit()
    data = scan(client, event, token, badge_code_for(registration)).get_json()
    assert data["status"] == expected and data["registration"]["id"] == registration.id
    assert _check_ins(db) == []


def test_scan_of_a_reprinted_badges_old_code_is_superseded(client, db, setting):
    event, registration, token = setting
    old_code = badge_code_for(registration)
    registration.badge_version += 1
    db.session.commit()
    assert scan(client, event, token, old_code).get_json()["status"] == "superseded"
    assert scan(client, event, token, badge_code_for(registration)).get_json()["status"] == "ok"


def test_cancelled_wins_over_superseded(client, db, setting):
    event, registration, token = setting
    old_code = badge_code_for(registration)
    registration.badge_version += 1
    registration.status = RegistrationStatus.CANCELLED
    db.session.commit()
    assert scan(client, event, token, old_code).get_json()["status"] == "cancelled"


def test_same_nonce_twice_gives_the_first_answer_and_no_new_check_in(client, db, setting):
    event, registration, token = setting
    first = scan(client, event, token, badge_code_for(registration), nonce="n-1").get_json()
    again = scan(client, event, token, badge_code_for(registration), nonce="n-1").get_json()
    assert first == again and again["status"] == "ok"
    assert len(_check_ins(db)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Scan)) == 1


def test_undo_by_nonce_removes_the_check_in_and_allows_a_new_welcome(client, db, setting):
    event, registration, token = setting
    scan(client, event, token, badge_code_for(registration), nonce="to-undo")
    response = post_json(client, f"/api/checkin/{event.slug}/undo", {"nonce": "to-undo"}, token)
    assert response.status_code == 200 and response.get_json()["status"] == "undone"
    assert _check_ins(db) == []
    again = post_json(client, f"/api/checkin/{event.slug}/undo", {"nonce": "to-undo"}, token).get_json()
    assert again["status"] == "nothing_to_undo"
    assert scan(client, event, token, badge_code_for(registration)).get_json()["status"] == "ok"


def test_undo_of_an_unknown_nonce_or_a_scan_that_welcomed_no_one(client, db, setting):
    event, registration, token = setting
    response = post_json(client, f"/api/checkin/{event.slug}/undo", {"nonce": "never-seen"}, token)
    assert response.status_code == 404 and response.get_json()["status"] == "not_found"
    scan(client, event, token, badge_code_for(registration), nonce="first")
    scan(client, event, token, badge_code_for(registration), nonce="second")  # already checked in
    assert post_json(client, f"/api/checkin/{event.slug}/undo", {"nonce": "second"}, token).get_json()["status"] \
        == "nothing_to_undo"
    assert len(_check_ins(db)) == 1
    assert post_json(client, f"/api/checkin/{event.slug}/undo", {}, token).status_code == 400


def test_offline_scan_is_recorded_at_its_scan_time(client, db, setting):
    event, registration, token = setting
    scanned_at = (utcnow() - timedelta(hours=3)).replace(microsecond=0)
    data = scan(client, event, token, badge_code_for(registration), scanned_at=scanned_at.isoformat()).get_json()
    assert data["status"] == "ok" and data["checked_in_at"] == local(event, scanned_at)
    [check_in] = _check_ins(db)
    assert check_in.checked_in_at == scanned_at
    assert check_in.recorded_at > scanned_at + timedelta(hours=2)
    assert check_in.day == scanned_at.astimezone(event.zone).date()
    scan_row = db.session.scalar(sa.select(Scan))
    assert scan_row.scanned_at == scanned_at


@pytest.mark.parametrize("scanned_at", ["yesterday", "2030-09-18T09:00:00", "in an hour"])
def test_offline_scan_with_a_bad_time_is_refused(client, db, setting, scanned_at):
    event, registration, token = setting
    if scanned_at == "in an hour":
        scanned_at = (utcnow() + timedelta(hours=1)).isoformat()
    response = scan(client, event, token, badge_code_for(registration), scanned_at=scanned_at)
    assert response.status_code == 400 and "scanned_at" in response.get_json()["error"]
    assert _check_ins(db) == [] and db.session.scalar(sa.select(sa.func.count()).select_from(Scan)) == 0


def test_multi_day_event_welcomes_a_badge_once_per_day(client, db, setting):
    event, registration, token = setting
    code = badge_code_for(registration)
    yesterday = utcnow() - timedelta(days=1)
    assert scan(client, event, token, code, scanned_at=yesterday.isoformat()).get_json()["status"] == "ok"
    assert scan(client, event, token, code, scanned_at=(yesterday + timedelta(minutes=5)).isoformat()) \
        .get_json()["status"] == "already_checked_in"
    assert scan(client, event, token, code).get_json()["status"] == "ok"
    assert scan(client, event, token, code).get_json()["status"] == "already_checked_in"
    days = sorted(check_in.day for check_in in _check_ins(db))
    assert len(days) == 2 and days[0] < days[1]


def test_token_desk_is_recorded_whatever_the_body_says(client, db, setting):
    event, registration, token = setting
    data = scan(client, event, token, badge_code_for(registration), desk="Z").get_json()
    assert data["desk"] == "B"


@pytest.mark.parametrize("body", [{"code": "x", "desk": "B"}, {"code": "x", "desk": "B", "nonce": "n" * 81},
                                  {"code": "x", "desk": "B", "nonce": 12}])
def test_scan_without_a_valid_nonce_is_refused(client, db, setting, body):
    event, _registration, token = setting
    response = post_json(client, f"/api/checkin/{event.slug}/scan", body, token)
    assert response.status_code == 400 and "nonce" in response.get_json()["error"]


def test_scan_with_a_body_that_is_not_json_is_refused(client, db, setting):
    event, _registration, token = setting
    response = client.post(f"/api/checkin/{event.slug}/scan", data="code=x",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400 and response.get_json()["error"]


def test_manual_check_in_records_the_staff_member(client, db, setting):
    event, registration, token = setting
    response = post_json(client, f"/api/checkin/{event.slug}/manual",
                         {"registration_id": registration.id, "desk": "B", "nonce": "by-hand"}, token)
    assert response.get_json()["status"] == "ok"
    assert post_json(client, f"/api/checkin/{event.slug}/manual",
                     {"registration_id": registration.id, "desk": "B", "nonce": "by-hand-2"}, token) \
        .get_json()["status"] == "already_checked_in"
    assert post_json(client, f"/api/checkin/{event.slug}/manual",
                     {"registration_id": "1", "desk": "B", "nonce": "x"}, token).status_code == 400
    assert post_json(client, f"/api/checkin/{event.slug}/manual",
                     {"registration_id": registration.id + 99, "desk": "B", "nonce": "y"}, token) \
        .get_json()["status"] == "unknown"


@pytest.mark.parametrize("scanned_at", ["0001-01-01T00:00:00+14:00", "2001-01-01T09:00:00+01:00"])
def test_offline_scan_time_outside_the_events_days_is_refused_and_records_nothing(client, db, scanned_at):
    """A device with a wrong clock must not invent a welcome on a day the event does not have (nor crash)."""
    event = event_now()
    registration = make_registration(event)
    token = desk_token(event)
    response = scan(client, event, token, badge_code_for(registration), scanned_at=scanned_at,
                    headers={"Accept-Language": "en"})
    assert response.status_code == 400 and "error" in response.get_json()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Scan)) == 0


def test_a_desk_token_undoes_only_its_own_desks_scans(client, db):
    event = event_now()
    registration = make_registration(event)
    desk_a, desk_b = desk_token(event, "A"), desk_token(event, "B")
    assert scan(client, event, desk_a, badge_code_for(registration), nonce="a-1", desk="A").get_json()["status"] == "ok"
    refused = post_json(client, f"/api/checkin/{event.slug}/undo", {"nonce": "a-1"}, desk_b)
    assert refused.status_code == 404 and refused.get_json()["status"] == "not_found"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1
    undone = post_json(client, f"/api/checkin/{event.slug}/undo", {"nonce": "a-1"}, desk_a)
    assert undone.get_json()["status"] == "undone"


def test_a_replayed_nonce_after_undo_says_the_welcome_was_undone(client, db):
    event = event_now()
    registration = make_registration(event)
    token = desk_token(event)
    code = badge_code_for(registration)
    assert scan(client, event, token, code, nonce="n-1").get_json()["status"] == "ok"
    post_json(client, f"/api/checkin/{event.slug}/undo", {"nonce": "n-1"}, token)
    replay = scan(client, event, token, code, nonce="n-1").get_json()
    assert replay["status"] == "ok" and replay["undone_at"]  # the first answer, and that it was undone since
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0  # no new check-in
