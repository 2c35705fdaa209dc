"""A database that cannot record anything: the desk gets a clear, retryable JSON answer and nothing is half-done."""
from __future__ import annotations

import sqlalchemy as sa

from app.badges.tokens import badge_code_for
from app.checkin.models import CheckIn, Scan
from tests.checkin.helpers import desk_token, event_now, scan
from tests.core.test_operations import read_only_app
from tests.factories import make_registration


def test_scan_on_a_read_only_database_answers_a_retryable_503_and_records_nothing(app, db, tmp_path):
    event = event_now()
    registration = make_registration(event)
    token = desk_token(event)
    code = badge_code_for(registration)
    read_only = read_only_app(app, tmp_path)
    read_only.config["SECRET_KEY"] = app.config["SECRET_KEY"]
    response = scan(read_only.test_client(), event, token, code, nonce="offline-1",
                    headers={"Accept-Language": "en"})
    with read_only.app_context():
        from app.core.extensions import db as read_only_db

        read_only_db.engine.dispose()
    assert response.status_code == 503 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["retryable"] is True and body["status"] == 503
    assert "Nothing was saved" in body["message"]
    assert response.headers["Retry-After"] == "5"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Scan)) == 0

    # The same request (same nonce) once the database is writable again: welcomed, once.
    retried = scan(app.test_client(), event, token, code, nonce="offline-1")
    assert retried.status_code == 200 and retried.get_json()["status"] == "ok"


def test_api_refusals_that_must_not_be_retried_say_so(client, db):
    response = client.post("/api/checkin/no-such-event/scan", json={}, headers={"Authorization": "Bearer x"})
    assert response.status_code in (401, 404)
    assert response.get_json().get("retryable", False) is False
