"""Who may scan: desk tokens of this event, or a desk/organiser/admin session with its CSRF header."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.auth.models import Role
from app.badges.tokens import badge_code_for
from app.checkin.models import CheckIn, DeskToken
from app.checkin.operations import revoke_desk_token
from tests.backoffice.helpers import login_as
from tests.checkin.helpers import desk_token, event_now, post_json, scan
from tests.conftest import csrf_token_from
from tests.factories import make_registration


@pytest.fixture
def setting(db):
    event = event_now()
    registration = make_registration(event)
    db.session.commit()
    return event, registration


def _nothing_recorded(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0


@pytest.mark.parametrize("path", ["scan", "undo", "manual"])
def test_api_refuses_a_missing_token(client, db, setting, path):
    event, registration = setting
    response = post_json(client, f"/api/checkin/{event.slug}/{path}",
                         {"code": badge_code_for(registration), "desk": "B", "nonce": "n", "registration_id": 1})
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert _nothing_recorded(db)


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 500])
def test_api_refuses_a_wrong_token(client, db, setting, header):
    event, registration = setting
    desk_token(event)
    response = scan(client, event, None, badge_code_for(registration), headers={"Authorization": header})
    assert response.status_code == 401
    assert _nothing_recorded(db)


def test_api_refuses_a_revoked_token(client, db, setting):
    event, registration = setting
    token = desk_token(event)
    assert scan(client, event, token, badge_code_for(registration)).status_code == 200
    revoke_desk_token(db.session.scalar(sa.select(DeskToken)))
    db.session.commit()
    assert scan(client, event, token, badge_code_for(registration)).status_code == 401


def test_api_refuses_another_events_token(client, db, setting):
    event, registration = setting
    other_token = desk_token(event_now())
    response = scan(client, event, other_token, badge_code_for(registration))
    assert response.status_code == 403
    assert _nothing_recorded(db)


def test_api_answers_404_for_an_unknown_event(client, db, setting):
    _event, registration = setting
    response = client.post("/api/checkin/no-such-event/scan", json={"code": "x", "desk": "B", "nonce": "n"})
    assert response.status_code == 404 and response.is_json


def test_api_token_use_is_remembered(client, db, setting):
    event, registration = setting
    token = desk_token(event)
    scan(client, event, token, badge_code_for(registration))
    db.session.expire_all()
    assert db.session.scalar(sa.select(DeskToken)).last_used_at is not None


@pytest.mark.parametrize("role", [Role.DESK, Role.ORGANISER, Role.ADMIN])
def test_api_accepts_a_staff_session_with_its_csrf_header(client, db, setting, role):
    event, registration = setting
    login_as(client, db, role)
    csrf = csrf_token_from(client.get("/login").get_data(as_text=True))
    without = scan(client, event, None, badge_code_for(registration))
    assert without.status_code == 400 and "CSRF" in without.get_json()["error"]
    assert _nothing_recorded(db)
    data = scan(client, event, None, badge_code_for(registration), desk="A", headers={"X-CSRFToken": csrf}).get_json()
    assert data["status"] == "ok" and data["desk"] == "A"


def test_api_session_scan_needs_a_desk_name(client, db, setting):
    event, registration = setting
    login_as(client, db, Role.DESK)
    csrf = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = scan(client, event, None, badge_code_for(registration), desk=" ", headers={"X-CSRFToken": csrf})
    assert response.status_code == 400 and _nothing_recorded(db)


DESK_PAGES = ["/desk/", "/desk/{slug}/", "/desk/{slug}/search.json?q=martin", "/desk/{slug}/arrivals",
              "/desk/{slug}/arrivals.csv"]


def test_desk_pages_send_anonymous_users_to_login(client, db, setting):
    event, _registration = setting
    for url in DESK_PAGES:
        response = client.get(url.format(slug=event.slug))
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


@pytest.mark.parametrize("role", [Role.DESK, Role.ORGANISER, Role.ADMIN])
def test_desk_pages_answer_desk_organiser_and_admin(client, db, setting, role):
    event, _registration = setting
    login_as(client, db, role)
    for url in DESK_PAGES:
        assert client.get(url.format(slug=event.slug)).status_code == 200, url
    assert client.get("/desk/no-such-event/").status_code == 404


def test_desk_user_lands_on_the_desk_index_after_login(client, db):
    from tests.factories import TEST_PASSWORD, make_user

    user = make_user(Role.DESK)
    db.session.commit()
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD,
                                           "csrf_token": csrf_token_from(page)})
    assert response.headers["Location"] == "/desk/"
