"""Rate limits of the public forms: 429 with the error page and Retry-After, nothing written, per address."""
from __future__ import annotations

from contextlib import contextmanager

from app import create_app
from app.core.limits import LOGIN_LIMIT, PUBLIC_FORM_LIMIT, SELF_SERVICE_LIMIT
from app.registration.models import PendingClaim
from tests.conftest import ON_POSTGRES, _truncate_all, base_settings, csrf_token_from
from tests.registration.helpers import form_data, open_event, register_someone, register_url

REGISTRATION_PER_MINUTE = int(PUBLIC_FORM_LIMIT.split()[0])
LOGIN_PER_MINUTE = int(LOGIN_LIMIT.split()[0])


def post_registrations(client, event, count: int, headers: dict | None = None, start: int = 0) -> list:
    token = csrf_token_from(client.get(register_url(event)).get_data(as_text=True))
    return [client.post(register_url(event), headers=headers or {},
                        data=form_data(email=f"person{start + n}@example.org", csrf_token=token))
            for n in range(count)]


@contextmanager
def app_with(database_uri, tmp_path, **overrides):
    """A test app with other settings (as the ``app`` fixture, which uses the defaults)."""
    app = create_app(base_settings(tmp_path / "instance", database_uri) | overrides)
    with app.app_context():
        from app.core.extensions import db

        if ON_POSTGRES:
            _truncate_all(app)
        yield app, app.test_client(), db
        db.session.remove()
        db.engine.dispose()


def test_limits_are_what_the_readme_says():
    assert (PUBLIC_FORM_LIMIT, LOGIN_LIMIT, SELF_SERVICE_LIMIT) == (
        "10 per minute;100 per hour", "5 per minute", "20 per minute;200 per hour")


def test_eleventh_registration_within_a_minute_is_refused(client, db):
    event = open_event()
    db.session.commit()
    responses = post_registrations(client, event, REGISTRATION_PER_MINUTE + 1)
    assert [response.status_code for response in responses[:-1]] == [200] * REGISTRATION_PER_MINUTE
    refused = responses[-1]
    assert refused.status_code == 429
    # The fixed one-minute window opened with the first post a moment ago: most of it is left.
    assert 30 <= int(refused.headers["Retry-After"]) <= 61
    assert "429 · Trop de requêtes" in refused.get_data(as_text=True)
    assert db.session.query(PendingClaim).count() == REGISTRATION_PER_MINUTE  # each waits for its mailbox's proof
    assert client.get(register_url(event)).status_code == 200  # reading the form is not limited


def test_429_page_in_french(client, db):
    event = open_event()
    db.session.commit()
    responses = post_registrations(client, event, REGISTRATION_PER_MINUTE + 1)
    token = csrf_token_from(client.get(register_url(event) + "?lang=fr").get_data(as_text=True))
    response = client.post(register_url(event) + "?lang=fr", data=form_data(email="x@example.org", csrf_token=token),
                           headers={"Accept-Language": "fr"})
    assert responses[-1].status_code == response.status_code == 429
    assert "Retry-After" in response.headers
    assert 'lang="fr"' in response.get_data(as_text=True)


def test_forwarded_for_does_not_bypass_the_limit(client, db):
    event = open_event()
    db.session.commit()
    post_registrations(client, event, REGISTRATION_PER_MINUTE)
    response = post_registrations(client, event, 1, headers={"X-Forwarded-For": "203.0.113.9"}, start=100)[0]
    assert response.status_code == 429


def test_another_address_has_its_own_count(client, db):
    event = open_event()
    db.session.commit()
    post_registrations(client, event, REGISTRATION_PER_MINUTE)
    token = csrf_token_from(client.get(register_url(event)).get_data(as_text=True))
    response = client.post(register_url(event), environ_base={"REMOTE_ADDR": "198.51.100.7"},
                           data=form_data(email="other@example.org", csrf_token=token))
    assert response.status_code == 200


def test_forwarded_for_is_trusted_behind_a_configured_proxy(database_uri, tmp_path):
    with app_with(database_uri, tmp_path, TRUSTED_PROXIES=1) as (app, client, db):
        event = open_event()
        db.session.commit()
        post_registrations(client, event, REGISTRATION_PER_MINUTE, headers={"X-Forwarded-For": "203.0.113.1"})
        blocked = post_registrations(client, event, 1, headers={"X-Forwarded-For": "203.0.113.1"}, start=50)[0]
        other = post_registrations(client, event, 1, headers={"X-Forwarded-For": "203.0.113.2"}, start=60)[0]
        assert (blocked.status_code, other.status_code) == (429, 200)


def test_login_is_limited(client, db):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    codes = [client.post("/login", data={"email": "nobody@example.org", "password": "wrong", "csrf_token": token})
             .status_code for _ in range(LOGIN_PER_MINUTE + 1)]
    assert codes == [401] * LOGIN_PER_MINUTE + [429]


def test_limits_can_be_turned_off(database_uri, tmp_path):
    with app_with(database_uri, tmp_path, RATELIMIT_ENABLED=False) as (app, client, db):
        token = csrf_token_from(client.get("/login").get_data(as_text=True))
        codes = {client.post("/login", data={"email": "a@example.org", "password": "x", "csrf_token": token}).status_code
                 for _ in range(LOGIN_PER_MINUTE + 3)}
        assert codes == {401}


def test_every_limited_form_is_wrapped(app):
    from app.core.limits import FORM_LIMITS

    for endpoint in ("registration.register", "delegations.new_delegation", "registration.lost_link", "auth.login",
                     "registration.change_choices", "registration.cancel", "registration_letters.request_letter",
                     "chroniques.register_again"):
        assert endpoint in FORM_LIMITS
        assert getattr(app.view_functions[endpoint], "__wrapper-limiter-instance", None) is not None, endpoint


def test_delegation_creation_is_limited(client, db):
    event = open_event()
    db.session.commit()
    url = f"/{event.kind.url_prefix}/{event.slug}/delegations/new"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    codes = [client.post(url, data={"csrf_token": token}).status_code for _ in range(REGISTRATION_PER_MINUTE + 1)]
    assert codes[-1] == 429 and 429 not in codes[:-1]


def test_chronicle_register_again_is_limited_like_self_service(client, db):
    per_minute = int(SELF_SERVICE_LIMIT.split()[0])
    registration = register_someone(open_event(), "again@example.org")
    db.session.commit()
    token = csrf_token_from(client.get(f"/registration/{registration.manage_token}").get_data(as_text=True))
    url = f"/chroniques/registration/{registration.manage_token}/next"
    codes = [client.post(url, data={"csrf_token": token}).status_code for _ in range(per_minute + 1)]
    assert codes[-1] == 429 and 429 not in codes[:-1]


def test_the_limiter_skips_only_requests_no_limit_applies_to(app):
    from app.core.limits import FORM_LIMITS, no_limit_applies

    with app.test_request_context("/api/checkin/some-event/scan", method="POST"):
        assert no_limit_applies()  # the desks' scans: no limit, no limiter work
        app.config["RATELIMIT_DEFAULT"] = "100 per minute"
        try:
            assert not no_limit_applies()  # a configured default limit applies to every request
        finally:
            del app.config["RATELIMIT_DEFAULT"]
    with app.test_request_context("/login", method="POST"):
        from flask import request

        assert request.endpoint == "auth.login" in FORM_LIMITS and not no_limit_applies()
