"""Organisers see who opted out of bulk mail and which addresses bounced, from the organiser home."""
from __future__ import annotations

import html

from app.auth.models import Role
from app.mail.outbox import enqueue
from app.mail.suppression import opt_out, record_bounce
from tests.backoffice.helpers import login_as


def test_organiser_reaches_the_opt_out_and_bounce_list_from_home(app, client, db):
    opt_out("parti@mairie-exemple.fr", actor="recipient", how="one-click")
    record_bounce("inconnu@mairie-exemple.fr", hard=True, status="5.1.1", diagnostic="550 5.1.1 User unknown",
                  actor="mail bounces")
    record_bounce("plein@mairie-exemple.fr", hard=False, status="4.2.2", diagnostic="452 Mailbox full",
                  actor="mail bounces")
    enqueue("reste@mairie-exemple.fr", "Invitation", "Bonjour", bulk=True)
    db.session.commit()
    login_as(client, db, Role.ORGANISER)

    dashboard = client.get("/organiser/").get_data(as_text=True)
    assert 'href="/organiser/mail/suppressions"' in dashboard
    page = html.unescape(client.get("/organiser/mail/suppressions?lang=en").get_data(as_text=True))

    assert "Opted out: 1" in page and "Hard bounces: 1" in page and "With soft bounces: 1" in page
    assert "parti@mairie-exemple.fr" in page and "inconnu@mairie-exemple.fr" in page
    assert "5.1.1 550 5.1.1 User unknown" in page and "plein@mairie-exemple.fr" in page
    assert "reste@mairie-exemple.fr" not in page


def test_the_list_is_for_organisers_only(app, client, db):
    assert client.get("/organiser/mail/suppressions").status_code in (302, 401, 403)
