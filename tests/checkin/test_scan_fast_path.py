"""The scan fast path (app/checkin/fast_path.py): a token scan answered before Flask's per-request work gives
exactly the whole way's answer, and everything unusual takes the whole way, which answers it as before."""
from __future__ import annotations

import json
import logging

import pytest
import sqlalchemy as sa

from app.badges.tokens import badge_code_for
from app.checkin import operations
from app.checkin.models import CheckIn, DeskToken, Scan
from app.core.db import utcnow
from tests.checkin.helpers import desk_token, event_now, scan
from tests.factories import make_registration


@pytest.fixture
def fast(app):
    return app.extensions["scan_fast_path"]


def _setting(db, badges: int = 3):
    event = event_now()
    registrations = [make_registration(event) for _ in range(badges)]
    db.session.commit()
    return event, [badge_code_for(registration) for registration in registrations], desk_token(event, "B")


def _warm(client, event, token, code) -> None:
    """The worker's first scan with this token: the whole way (it learns the token and the answer's headers)."""
    assert scan(client, event, token, code).get_json()["status"] == "ok"


def _headers(response) -> list[tuple[str, str]]:
    return sorted((name, value) for name, value in response.headers.items() if name not in ("X-Request-ID", "Date"))


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_scan_fast_path_answers_exactly_as_the_whole_way(app, client, db, fast, caplog):
    event, codes, token = _setting(db)
    _warm(client, event, token, codes[0])
    for code, expected in ((codes[1], "ok"), (codes[1], "already_checked_in"), ("RC1.forged", "invalid")):
        nonce = f"fast-{code}-{expected}"
        served = fast.served
        with caplog.at_level(logging.INFO, logger="rencontres.request"):
            caplog.clear()
            answer = scan(client, event, token, code, nonce=nonce, headers={"X-Request-ID": "desk-7"})
        assert fast.served == served + 1
        line = json.loads(caplog.records[-1].getMessage())
        assert answer.status_code == 200 and answer.get_json()["status"] == expected
        assert answer.headers["X-Request-ID"] == "desk-7" and line["request_id"] == "desk-7"
        app.config["SCAN_FAST_PATH"] = False  # the same request again, the whole way: its nonce's stored answer
        with caplog.at_level(logging.INFO, logger="rencontres.request"):
            caplog.clear()
            whole = scan(client, event, token, code, nonce=nonce)
        app.config["SCAN_FAST_PATH"] = True
        assert fast.served == served + 1
        assert answer.get_data() == whole.get_data()
        assert _headers(answer) == _headers(whole)
        logged = json.loads(caplog.records[-1].getMessage())
        assert line | {"duration_ms": 0, "request_id": 0} == logged | {"duration_ms": 0, "request_id": 0}
        assert token not in caplog.text
    assert _count(db, CheckIn) == 2 and _count(db, Scan) == 4


def test_a_first_scan_or_an_unknown_token_takes_the_whole_way(app, client, db, fast):
    event, codes, token = _setting(db)
    _warm(client, event, token, codes[0])
    other = desk_token(event_now(), "C")  # valid, but for another event
    for bearer, status in ((other, 403), ("not-a-token", 401)):
        served = fast.served
        assert scan(client, event, bearer, codes[1]).status_code == status
        assert fast.served == served
    assert _count(db, CheckIn) == 1


@pytest.mark.parametrize("change", ["cookie", "query", "form", "large", "override", "no-nonce", "not-an-object",
                                    "setting-off", "wide-limit"])
def test_unusual_scans_take_the_whole_way_and_get_its_answer(app, client, db, fast, change):
    event, codes, token = _setting(db)
    _warm(client, event, token, codes[0])
    served = fast.served
    url = f"/api/checkin/{event.slug}/scan"
    body = {"code": codes[1], "desk": "B", "nonce": f"n-{change}"}
    headers = {"Authorization": f"Bearer {token}"}
    expected = 200
    if change == "cookie":
        client.set_cookie("session", "whatever")
    elif change == "query":
        url += "?lang=fr"
    elif change == "large":
        body["padding"] = "x" * 5000
    elif change == "override":
        body["override_event_days"] = True
        expected = 403
    elif change == "no-nonce":
        del body["nonce"]
        expected = 400
    elif change == "setting-off":
        app.config["SCAN_FAST_PATH"] = False
    elif change == "wide-limit":
        app.config["RATELIMIT_APPLICATION"] = "10000/minute"
    if change == "form":
        response = client.post(url, data=body, headers=headers)
        expected = 400
    elif change == "not-an-object":
        response = client.post(url, json=[body], headers=headers)
        expected = 400
    else:
        response = client.post(url, json=body, headers=headers)
    assert response.status_code == expected, response.get_data(as_text=True)
    assert fast.served == served
    assert _count(db, CheckIn) == (2 if expected == 200 else 1)


def test_a_bad_request_falls_back_with_its_translated_message(app, client, db, fast):
    event, codes, token = _setting(db)
    _warm(client, event, token, codes[0])
    served = fast.served
    response = scan(client, event, token, codes[1], desk="B", scanned_at="yesterday",
                    headers={"Accept-Language": "fr"})
    assert response.status_code == 400 and "scanned_at" in response.get_json()["error"]
    assert fast.served == served and _count(db, Scan) == 1


def test_a_nonce_used_for_another_badge_is_a_conflict_the_whole_way(app, client, db, fast):
    event, codes, token = _setting(db)
    _warm(client, event, token, codes[0])
    assert scan(client, event, token, codes[1], nonce="same").get_json()["status"] == "ok"
    served = fast.served
    response = scan(client, event, token, codes[2], nonce="same")
    assert response.status_code == 409 and fast.served == served
    assert _count(db, CheckIn) == 2 and _count(db, Scan) == 2


def test_a_token_revoked_after_the_fast_path_knew_it_is_refused_the_whole_way(app, client, db, fast):
    event, codes, token = _setting(db)
    _warm(client, event, token, codes[0])
    assert scan(client, event, token, codes[1]).status_code == 200
    served = fast.served
    operations.revoke_desk_token(db.session.scalar(sa.select(DeskToken)))
    db.session.commit()
    assert scan(client, event, token, codes[2]).status_code == 401
    assert fast.served == served
    assert operations.known_desk_token(token) is None  # forgotten: the next scan asks the database
    assert _count(db, CheckIn) == 2


def test_the_token_use_is_still_written_once_a_minute_by_the_whole_way(app, client, db, fast):
    event, codes, token = _setting(db)
    _warm(client, event, token, codes[0])
    entry = operations.known_desk_token(token)
    assert entry is not None and not operations.touch_due(entry, utcnow())
    entry.last_used_at = utcnow() - operations.TOKEN_TOUCH_INTERVAL * 2  # a minute went by
    served = fast.served
    assert scan(client, event, token, codes[1]).get_json()["status"] == "ok"
    assert fast.served == served  # the whole way writes last_used_at
    db.session.expire_all()
    used = db.session.scalar(sa.select(DeskToken.last_used_at))
    assert used is not None and utcnow() - used < operations.TOKEN_TOUCH_INTERVAL
    assert scan(client, event, token, codes[2]).get_json()["status"] == "ok"
    assert fast.served == served + 1
