"""/healthz, the request log, error pages (FR/EN, JSON under /api/) and the database that refuses writes."""
from __future__ import annotations

import json
import logging

import pytest
import sqlalchemy as sa
from flask import abort

from app import create_app
from tests.conftest import ON_POSTGRES, FreshContextClient, base_settings, csrf_token_from, make_test_app
from tests.registration.helpers import form_data, open_event, register_someone, registrations


def test_healthz_answers_ok_without_cookie(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert "Set-Cookie" not in response.headers and response.headers["Cache-Control"] == "no-store"


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    app = make_test_app(tmp_path / "instance", f"sqlite:///{tmp_path}/missing-dir/nothing.sqlite3")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unreachable"}


def test_request_log_is_one_json_line_with_tokens_redacted(client, db, caplog):
    registration = register_someone(open_event(), "log@example.org")
    db.session.commit()
    caplog.set_level(logging.INFO, logger="rencontres.request")
    client.get(f"/registration/{registration.manage_token}?lang=en", headers={"X-Request-ID": "abc-123"})
    client.get(f"/agenda/{registration.calendar_token}.ics")
    client.get("/no-such-page")
    lines = [json.loads(record.getMessage()) for record in caplog.records if record.name == "rencontres.request"]
    assert [line["status"] for line in lines] == [200, 200, 404]
    first = lines[0]
    assert first["method"] == "GET" and first["endpoint"] == "registration.manage"
    assert first["path"] == "/registration/[token]" and first["request_id"] == "abc-123"
    assert isinstance(first["duration_ms"], float) and first["user_id"] is None and first["role"] is None
    assert lines[1]["path"] == "/agenda/[token].ics"
    assert all(registration.manage_token not in record.getMessage() and registration.calendar_token
               not in record.getMessage() for record in caplog.records)


def test_request_log_names_the_staff_member(client, db, caplog):
    from app.auth.models import Role
    from tests.backoffice.helpers import login_as

    user = login_as(client, db, Role.ADMIN)
    caplog.set_level(logging.INFO, logger="rencontres.request")
    response = client.get("/organiser/", headers={"X-Request-ID": "bad id with spaces"})
    line = json.loads(caplog.records[-1].getMessage())
    assert line["user_id"] == user.id and line["role"] == "admin" and line["status"] == 200
    assert line["request_id"] == response.headers["X-Request-ID"] != "bad id with spaces"


@pytest.mark.parametrize("code, english, french", [
    (400, "Bad request", "Requête invalide"), (403, "Access denied", "Accès refusé"),
    (404, "Page not found", "Page introuvable"), (413, "File too large", "Fichier trop volumineux"),
    (429, "Too many requests", "Trop de requêtes"), (500, "Something went wrong", "Une erreur est survenue"),
])
def test_error_pages_in_french_and_english(app, db, code, english, french):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route(f"/boom-{code}")
    def boom():
        if code == 500:
            raise RuntimeError("boom")
        abort(code)

    client = app.test_client()
    for language, title in [("en", english), ("fr", french)]:
        response = client.get(f"/boom-{code}?lang={language}")
        assert response.status_code == code
        assert f"{code} · {title}" in response.get_data(as_text=True)


def test_500_page_does_not_touch_the_database(app, db, count_queries):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    from app.auth.models import Role
    from tests.backoffice.helpers import login_as

    client = app.test_client()
    login_as(client, db, Role.ADMIN)  # a logged-in user would otherwise be loaded by the page header
    with count_queries() as counter:
        response = client.get("/boom")
    assert response.status_code == 500 and counter.count == 0


def test_api_errors_are_json(client, db):
    assert client.get("/api/events/no-such-event/programme.json").get_json() == {"error": "not found"}  # the view's own
    response = client.get("/api/no-such-endpoint?lang=en")
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert response.get_json()["status"] == 404 and response.get_json()["error"] == "Page not found"


def test_file_too_large_is_413(app, client, db):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/login", data={"email": "a" * 2000})
    assert response.status_code == 413


def read_only_app(app, tmp_path):
    """The same database, opened read-only: SQLite in ``mode=ro`` (as on a read-only mount; file modes would
    not stop root), PostgreSQL with ``default_transaction_read_only`` (as a standby or a full disk does)."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if ON_POSTGRES:
        settings = base_settings(tmp_path / "read-only", uri) | {"SQLALCHEMY_ENGINE_OPTIONS": {
            "connect_args": {"options": "-c default_transaction_read_only=on"}}}
    else:
        path = sa.engine.make_url(uri).database
        settings = base_settings(tmp_path / "read-only", f"sqlite:///file:{path}?mode=ro&uri=true")
    read_only = create_app(settings)
    read_only.test_client_class = FreshContextClient
    return read_only


def test_read_only_database_answers_a_clear_503_and_writes_nothing(app, client, db, tmp_path):
    event = open_event()
    db.session.commit()
    read_only = read_only_app(app, tmp_path)
    read_only_client = read_only.test_client()
    page = read_only_client.get(f"/raict/{event.slug}/register?lang=en").get_data(as_text=True)
    response = read_only_client.post(f"/raict/{event.slug}/register?lang=en",
                                     data={**form_data(email="readonly@example.org"), "csrf_token": csrf_token_from(page)})
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert "The database cannot record anything right now" in text and "Nothing was saved" in text
    assert response.headers["Retry-After"] == "60"
    with read_only.app_context():
        from app.core.extensions import db as read_only_db

        read_only_db.engine.dispose()
    assert registrations(db) == []


def test_any_view_argument_named_like_a_token_is_redacted(app, db, caplog):
    @app.route("/scanner/<desk_token>/scan")
    def scanner(desk_token):
        return "ok"

    caplog.set_level(logging.INFO, logger="rencontres.request")
    client = app.test_client()
    response = client.get("/scanner/s3cr3t-desk-value/scan")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    [line] = [json.loads(record.getMessage()) for record in caplog.records if record.name == "rencontres.request"]
    assert line["path"] == "/scanner/[token]/scan" and "s3cr3t" not in caplog.text
