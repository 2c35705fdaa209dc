"""Opt-out (RFC 8058): headers and visible link in bulk mail, the page, the one-click POST, opting back in."""
from __future__ import annotations

import logging
import re
from email.utils import parsedate_to_datetime

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.db import utcnow
from app.core.extensions import db
from app.mail.models import MailSuppression
from app.mail.outbox import enqueue, is_suppressed, send_due
from app.mail.suppression import unsubscribe_token
from tests.conftest import csrf_token_from

PUBLIC = "https://rencontres.example.org"
UNSUBSCRIBE_URL = re.compile(r"https://rencontres\.example\.org/unsubscribe/[A-Za-z0-9_.-]+")


@pytest.fixture
def public(app):
    app.config.update(PUBLIC_URL=PUBLIC, MAIL_UNSUBSCRIBE_ADDRESS="desinscription@rencontres.example.org")
    return app


def sent(smtp_server, **fields):
    enqueue(**({"to": "maire@mairie-exemple.fr", "subject": "Invitation", "text_body": "Bonjour,\n\nVenez."} | fields))
    db.session.commit()
    send_due(now=utcnow())
    return smtp_server.messages[-1]


def test_bulk_mail_carries_rfc8058_headers_and_a_visible_opt_out_link(public, smtp_server):
    received = sent(smtp_server, bulk=True, language="en")

    targets = [target.strip() for target in received["List-Unsubscribe"].split(",")]
    assert len(targets) == 2
    https = targets[0][1:-1]
    assert UNSUBSCRIBE_URL.fullmatch(https)
    assert targets[1] == "<mailto:desinscription@rencontres.example.org?subject=unsubscribe>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received.get_content_type() == "multipart/alternative"
    text = received.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = received.get_body(("html",)).get_content()
    assert text.startswith("Bonjour,\n\nVenez.") and f"Stop receiving these messages: {https}" in text
    assert f'<a href="{https}">Stop receiving these messages</a>' in html
    assert "<p>Bonjour,</p>" in html and "<p>Venez.</p>" in html
    assert received["Message-ID"].endswith("@rencontres.example.org>")
    assert abs((parsedate_to_datetime(received["Date"]) - utcnow()).total_seconds()) < 120
    assert received["Content-Language"] == "en"


def test_transactional_mail_has_no_opt_out_but_is_multipart(public, smtp_server):
    received = sent(smtp_server, text_body="Votre inscription est confirmée : https://rencontres.example.org/x")

    assert received["List-Unsubscribe"] is None and received["List-Unsubscribe-Post"] is None
    assert "unsubscribe" not in received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    assert '<a href="https://rencontres.example.org/x">https://rencontres.example.org/x</a>' in html
    assert received["Content-Language"] == "fr"


def test_french_bulk_mail_has_a_french_opt_out_link(public, smtp_server):
    received = sent(smtp_server, bulk=True)
    assert "Ne plus recevoir ces messages : https://" in received.get_body(("plain",)).get_content()


def unsubscribe_path(address: str = "maire@mairie-exemple.fr") -> str:
    return f"/unsubscribe/{unsubscribe_token(address)}"


def test_opening_the_link_only_shows_a_button(public, client):
    """A mail scanner that follows every link must not unsubscribe anyone."""
    response = client.get(unsubscribe_path())

    assert response.status_code == 200
    assert "maire@mairie-exemple.fr" in response.text and 'value="unsubscribe"' in response.text
    assert not is_suppressed("maire@mairie-exemple.fr")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MailSuppression)) == 0
    assert "Ne plus les recevoir" in client.get(unsubscribe_path() + "?lang=fr").text


def test_one_click_post_without_cookie_or_csrf_token_opts_out(public, client):
    response = client.post(unsubscribe_path(), data={"List-Unsubscribe": "One-Click"},
                           content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200  # RFC 8058: no redirect
    assert is_suppressed("maire@mairie-exemple.fr")
    again = client.post(unsubscribe_path(), data={"List-Unsubscribe": "One-Click"})  # multipart, and twice: fine
    assert again.status_code == 200 and is_suppressed("maire@mairie-exemple.fr")


def test_page_post_without_csrf_token_is_refused_and_changes_nothing(public, client):
    response = client.post(unsubscribe_path(), data={"action": "unsubscribe"})
    assert response.status_code == 400
    assert not is_suppressed("maire@mairie-exemple.fr")


def test_page_opts_out_and_back_in(public, client, smtp_server):
    page = client.get(unsubscribe_path())
    response = client.post(unsubscribe_path(), data={"action": "unsubscribe", "csrf_token": csrf_token_from(page.text)})
    assert response.status_code == 200 and 'value="resubscribe"' in response.text
    assert is_suppressed("MAIRE@mairie-exemple.fr")

    enqueue("maire@mairie-exemple.fr", "Invitation", "Bonjour", bulk=True)
    enqueue("maire@mairie-exemple.fr", "Votre badge", "Bonjour")  # transactional: always sent
    db.session.commit()
    send_due(now=utcnow())
    assert [received["Subject"] for received in smtp_server.messages] == ["Votre badge"]

    response = client.post(unsubscribe_path(), data={"action": "resubscribe",
                                                     "csrf_token": csrf_token_from(response.text)})
    assert response.status_code == 200 and 'value="unsubscribe"' in response.text
    assert not is_suppressed("maire@mairie-exemple.fr")


def test_a_forged_or_altered_token_is_not_found(public, client):
    token = unsubscribe_token("maire@mairie-exemple.fr")
    payload, signature = token.split(".")
    other_payload = unsubscribe_token("victim@example.org").split(".")[0]
    for bad in (f"{other_payload}.{signature}", f"{payload}.{signature[:-2]}xx", "1", "maire@mairie-exemple.fr"):
        assert client.get(f"/unsubscribe/{bad}").status_code == 404
        assert client.post(f"/unsubscribe/{bad}", data={"List-Unsubscribe": "One-Click"}).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MailSuppression)) == 0


def test_the_token_is_never_logged(public, client, caplog):
    token = unsubscribe_token("maire@mairie-exemple.fr")
    with caplog.at_level(logging.INFO):
        client.get(f"/unsubscribe/{token}")
        client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert caplog.records and all(token not in record.getMessage() for record in caplog.records)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(min_size=1, max_size=300).filter(lambda text: "/" not in text),
       form=st.dictionaries(st.sampled_from(["List-Unsubscribe", "action", "csrf_token"]), st.text(max_size=50)))
def test_fuzzed_unsubscribe_requests_never_fail(public, client, token, form):
    assert client.get(f"/unsubscribe/{token}").status_code in (200, 404)
    assert client.post(f"/unsubscribe/{token}", data=form).status_code in (200, 400, 404)
