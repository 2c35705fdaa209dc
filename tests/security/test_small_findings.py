"""The smaller findings of issue 14 (finding 9), each as the request that used to fail."""
from __future__ import annotations

import sqlalchemy as sa

from app.auth.models import Role
from app.mail.models import OutboxMessage
from app.people.models import Person
from app.registration.models import Delegation
from tests.backoffice.helpers import login_as, post_form
from tests.conftest import csrf_token_from
from tests.factories import make_person
from tests.registration.helpers import open_event, register_someone, workshop


def test_a_newline_in_a_session_title_gives_a_one_line_subject_not_a_500(client, db):
    event = open_event()
    session = workshop(event, capacity=1, title_fr="Atelier\nBcc: victime@example.org", title_en="Workshop\r\nX")
    seated = register_someone(event, "seated@example.org", [session])
    waiting = register_someone(event, "waiting@example.org", [session])
    db.session.commit()
    url = f"/registration/{seated.manage_token}"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    assert client.post(url + "/cancel", data={"csrf_token": token}).status_code == 303  # was a 500
    promoted = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.dedupe_key.startswith(f"registration-{waiting.id}-session_promoted"))).all()
    assert promoted and all("\n" not in mail.subject and "\r" not in mail.subject for mail in promoted)
    assert "Atelier Bcc: victime@example.org" in promoted[0].subject


def test_function_and_honorific_are_stored_on_one_line(client, db):
    login_as(client, db, Role.ORGANISER)
    person = make_person(function="Maire", honorific="M.")
    db.session.commit()
    url = f"/organiser/people/{person.id}/edit"
    page = client.get(url).get_data(as_text=True)
    data = {"given_name": person.given_name, "family_name": person.family_name, "country": person.country,
            "honorific": "M.\r\nBcc: x", "function": "Maire\r\nadjointe\u2028chargée", "email": "",
            "preferred_language": "fr", "collectivite_id": "0", "protocol_rank_id": "0",
            "csrf_token": csrf_token_from(page)}
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    db.session.expire_all()
    stored = db.session.get(Person, person.id)
    assert (stored.honorific, stored.function) == ("M. Bcc: x", "Maire adjointe chargée")
    assert make_person(function="a\r\n\x00b").function == "a b"  # every writer, not only this form


def test_ids_beyond_the_database_integer_are_404_not_500(client, db):
    event = open_event()
    delegation = Delegation(event=event, name="Délégation", country="VN", head=make_person(country="VN"))
    db.session.add(delegation)
    db.session.commit()
    for number in (2**31, 2**63, 2**64 + 1, int("9" * 40)):
        response = client.get(f"/delegations/{delegation.manage_token}/members/{number}/edit")
        assert response.status_code == 404, (number, response.status_code)
    login_as(client, db, Role.ADMIN)
    assert client.get(f"/organiser/people/{2**31}/edit").status_code == 404


def test_unicode_digits_and_huge_numbers_in_query_arguments_are_ignored(client, db):
    event = open_event()
    db.session.commit()
    login_as(client, db, Role.ADMIN)
    base = f"/organiser/events/{event.slug}"
    for query in ("delegation=²", "delegation=٣", f"delegation={2**63}", "session=²", "delegation=-1"):
        assert client.get(f"{base}/registrations?{query}").status_code == 200, query
        assert client.get(f"{base}/badges/?{query}").status_code == 200, query
    for query in (f"event={'9' * 30}", "event=²", f"page={'9' * 30}", "page=²", "event=-5"):
        assert client.get(f"/organiser/audit/?{query}").status_code == 200, query


def test_logout_ends_the_session_cookie(client, db):
    login_as(client, db, Role.ORGANISER)
    assert client.get("/organiser/").status_code == 200
    copied = client.get_cookie("session").value
    post_form(client, "/logout", {}, page_url="/organiser/")
    assert client.get("/organiser/").status_code == 302
    client.set_cookie("session", copied)  # an attacker replays the cookie copied before the logout
    assert client.get("/organiser/").status_code == 302


def test_a_password_change_ends_other_sessions(app, client, db):
    user = login_as(client, db, Role.ORGANISER)
    assert client.get("/organiser/").status_code == 200
    user = db.session.merge(user)
    user.set_password("another long password 123")
    db.session.commit()
    assert client.get("/organiser/").status_code == 302


def test_csv_downloads_name_their_charset_once(client, db):
    event = open_event(slug="raict-csv")
    db.session.commit()
    login_as(client, db, Role.ADMIN)
    for url in (f"/organiser/events/{event.slug}/registrations/export.csv", f"/organiser/events/{event.slug}/export.csv",
                f"/organiser/figures/events/{event.slug}/figures.csv", f"/desk/{event.slug}/arrivals.csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8", url
