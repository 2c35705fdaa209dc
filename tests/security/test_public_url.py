"""Absolute links come from PUBLIC_URL, never from the request's Host header; unknown hosts are refused
in production (issue 14, finding 2)."""
from __future__ import annotations

import pytest

from app import create_app
from app.core.urls import PublicUrlMissing, parse_id
from tests.conftest import base_settings, csrf_token_from
from tests.factories import make_session
from tests.registration.helpers import form_data, open_event, outbox, register_url

FORGED = "evil.example"
PUBLIC_URL = "https://rencontres.example.org"


def test_registration_mails_link_to_public_url_not_a_forged_host(app, client, db):
    event = open_event()
    make_session(event)
    db.session.commit()
    forged = {"Host": FORGED}
    page = client.get(register_url(event), headers=forged).get_data(as_text=True)
    response = client.post(register_url(event), headers=forged,
                           data={**form_data(), "csrf_token": csrf_token_from(page)})
    assert response.status_code in (200, 302, 303)
    mails = outbox(db)
    assert mails, "the registration queued no mail"
    for message in mails:
        assert FORGED not in message.text_body + (message.html_body or "") + message.message_id
    assert any("http://localhost/" in message.text_body for message in mails)


def test_calendar_subscription_links_on_pages_ignore_a_forged_host(app, client, db):
    event = open_event()
    make_session(event)
    db.session.commit()
    page = client.get(f"/{event.kind.url_prefix}/{event.slug}/programme", headers={"Host": FORGED})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "webcal://localhost/" in text and FORGED not in text


def test_public_url_with_a_path_prefix_builds_links_under_it(app, db):
    app.config["PUBLIC_URL"] = "https://example.org/rencontres/"
    from app.core.urls import external_url

    assert external_url("registration.manage", token="abc", lang="fr") == \
        "https://example.org/rencontres/registration/abc?lang=fr"


def _production_app(tmp_path, database_uri, **settings):
    values = base_settings(tmp_path / "prod-instance", database_uri) | settings
    values.pop("TESTING")
    return create_app(values)


def test_production_refuses_to_start_without_public_url(tmp_path, database_uri, monkeypatch):
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    with pytest.raises(PublicUrlMissing):
        _production_app(tmp_path, database_uri)
    with pytest.raises(ValueError):
        _production_app(tmp_path, database_uri, PUBLIC_URL="rencontres.example.org")


def test_production_answers_400_to_an_unknown_host(tmp_path, database_uri):
    app = _production_app(tmp_path, database_uri, PUBLIC_URL=PUBLIC_URL, EXTRA_TRUSTED_HOSTS=["www.example.org"])
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "rencontres.example.org"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "www.example.org"}).status_code == 200
    assert client.get("/healthz", headers={"Host": FORGED}).status_code == 400
    assert client.post("/raict/x/register", headers={"Host": FORGED}).status_code == 400


def test_forwarded_host_and_proto_are_ignored_without_trusted_proxies(tmp_path, database_uri):
    app = _production_app(tmp_path, database_uri, PUBLIC_URL=PUBLIC_URL, TRUSTED_PROXIES=0)
    client = app.test_client()
    response = client.get("/healthz", headers={"Host": "rencontres.example.org", "X-Forwarded-Host": FORGED})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["²", "٣", "1" * 20, str(2**31), "-1", " ", "", "0x10", "1_000"])
def test_parse_id_refuses_what_is_not_a_small_ascii_number(value):
    assert parse_id(value) is None


def test_parse_id_reads_ids():
    assert parse_id("42") == 42 and parse_id(str(2**31 - 1)) == 2**31 - 1
