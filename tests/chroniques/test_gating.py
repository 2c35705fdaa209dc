"""The online link reaches registered, confirmed people only: private page, mails, personal feed."""
from __future__ import annotations

import subprocess

import pytest
import sqlalchemy as sa

from app.mail.models import OutboxMessage
from app.registration.models import Registration, RegistrationStatus
from tests.chroniques.builders import JOIN_URL, build_series, form_data
from tests.factories import make_person, make_registration
from tests.mail.conftest import smtp_server  # noqa: F401  (the real aiosmtpd fixture)
from tests.registration.helpers import post_registration, register_by_mail


def public_urls(chronicle, series) -> list[str]:
    return [f"/chroniques/{chronicle.slug}/", f"/chroniques/{series.slug}/", "/chroniques/",
            f"/chroniques/{chronicle.slug}/programme", f"/chroniques/{chronicle.slug}/speakers",
            f"/chroniques/{chronicle.slug}/programme.ics", f"/chroniques/{series.slug}/series.ics",
            f"/api/events/{chronicle.slug}/programme.json", f"/chroniques/{chronicle.slug}/programme.pdf",
            f"/api/events/{chronicle.slug}/schedule.xml", f"/api/events/{chronicle.slug}/schedule.json",
            f"/chroniques/{chronicle.slug}/register"]


def mails_to(db, address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.to_address == address)
                                   .order_by(OutboxMessage.id)))


def test_public_pages_and_feeds_never_show_the_online_link(client, db):
    built = build_series()
    chronicle = built.upcoming[0]
    make_registration(chronicle, make_person(collectivite_id=built.member.id))  # someone is registered, confirmed
    db.session.commit()
    for url in public_urls(chronicle, built.series):
        response = client.get(url)
        assert response.status_code == 200, url
        text = pdf_text(response.data) if response.mimetype == "application/pdf" else response.get_data(as_text=True)
        assert "Ukraine" in text or "Japon" in text, url  # the page is about the chronicle…
        assert "secret-room" not in text and "visio.example.org" not in text, url  # …without its link


def pdf_text(body: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()


def test_confirmed_member_sees_the_link_on_private_page_mail_and_personal_feed(client, db):
    built = build_series()
    chronicle = built.upcoming[0]
    db.session.commit()
    response = post_registration(client, chronicle, form_data("marie.dupont@lyon.fr", built.member.id))
    assert response.status_code == 200  # a known member: the private link goes to her mailbox only
    assert JOIN_URL not in response.get_data(as_text=True)
    assert register_by_mail(client, chronicle, form_data("marie.dupont@lyon.fr", built.member.id)).status_code == 303
    registration = db.session.scalar(sa.select(Registration))
    assert registration.status == RegistrationStatus.CONFIRMED
    page = client.get(f"/registration/{registration.manage_token}").get_data(as_text=True)
    assert JOIN_URL in page
    claims, mail = mails_to(db, "marie.dupont@lyon.fr")[-2:]  # "confirm your address", then "confirmed"
    assert JOIN_URL not in claims.text_body and JOIN_URL in mail.text_body
    feed = client.get(f"/agenda/{registration.calendar_token}.ics").get_data(as_text=True).replace("\r\n ", "")
    assert f"LOCATION:{JOIN_URL}" in feed and JOIN_URL in feed.split("DESCRIPTION:")[1]


@pytest.mark.parametrize("status", [RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED,
                                    RegistrationStatus.CANCELLED, RegistrationStatus.REFUSED])
def test_registration_not_confirmed_never_sees_the_link(client, db, status):
    built = build_series()
    chronicle = built.upcoming[0]
    registration = make_registration(chronicle, make_person(collectivite_id=built.member.id), status=status)
    db.session.commit()
    page = client.get(f"/registration/{registration.manage_token}")
    assert page.status_code == 200 and JOIN_URL not in page.get_data(as_text=True)
    feed = client.get(f"/agenda/{registration.calendar_token}.ics")
    assert JOIN_URL.encode() not in feed.data


def test_pending_registration_mail_has_no_link_and_approval_mail_has_it(client, db):
    built = build_series()
    chronicle = built.upcoming[0]
    chronicle.requires_approval = True
    db.session.commit()
    register_by_mail(client, chronicle, form_data("wait@lyon.fr", built.member.id))
    registration = db.session.scalar(sa.select(Registration))
    assert registration.status == RegistrationStatus.PENDING
    assert all(JOIN_URL not in mail.text_body for mail in mails_to(db, "wait@lyon.fr"))
    from app.registration.operations import approve

    approve(registration)
    db.session.commit()
    assert JOIN_URL in mails_to(db, "wait@lyon.fr")[-1].text_body


def test_link_mail_delivered_over_smtp_to_the_confirmed_registrant_only(app, client, db, smtp_server):  # noqa: F811
    built = build_series()
    chronicle = built.upcoming[0]
    db.session.commit()
    register_by_mail(client, chronicle, form_data("member@lyon.fr", built.member.id))
    register_by_mail(client, chronicle, form_data("outsider@villeneuve.fr", built.outsider.id))
    from app.mail.outbox import send_due

    send_due()
    by_address: dict[str, list[str]] = {}
    for message in smtp_server.messages:
        by_address.setdefault(str(message["To"]), []).append(message.get_body(("plain",)).get_content())
    assert any(JOIN_URL in body for body in by_address["member@lyon.fr"])
    assert by_address["outsider@villeneuve.fr"] and all(JOIN_URL not in body for body in by_address["outsider@villeneuve.fr"])
