"""Mail that is never lost: the SMTP server is down while someone registers through the public form.

A real SMTP server (aiosmtpd on 127.0.0.1, the ``smtp_server`` fixture of ``tests/mail``) is stopped, a
person registers through the form (CSRF and all), the sender (``flask mail send``) fails and keeps the
mail, the server comes back, the sender runs again once the back-off has passed, and the mail is
delivered exactly once: parsed, addressed, in the registrant's language, with the self-service link and
the agenda (.ics) attached.
"""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import icalendar
import pytest

from app.core.db import utcnow
from app.mail.models import OutboxStatus
from app.mail.outbox import retry_delay, send_due
from app.registration.models import ChoiceStatus, RegistrationStatus
from tests.mail.conftest import smtp_server  # noqa: F401  (the fixture, shared with the mail tests)
from tests.registration.helpers import form_data, open_event, register_by_mail, registration_mails, registrations, workshop

EMAIL = "thi.huong@example.vn"


def register_through_the_form(client, event, session, language: str = "en"):
    """A French page (the default), an English-speaking registrant: the mail must follow the registrant."""
    data = form_data(given_name="Thị Hương", family_name="Nguyễn", given_name_latin="Thi Huong",
                     family_name_latin="Nguyen", email=EMAIL, country="VN", language=language,
                     sessions=[str(session.id)])
    response = register_by_mail(client, event, data)  # the form, then the link mailed to confirm the address
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response


def send_command(cli) -> str:
    result = cli.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_a_registration_made_while_smtp_is_down_is_delivered_exactly_once_after_it_comes_back(
        app, client, cli, db, smtp_server):  # noqa: F811
    event = open_event()
    session = workshop(event, capacity=10)
    db.session.commit()

    smtp_server.stop()
    register_through_the_form(client, event, session)
    [registration] = registrations(db)
    assert registration.status == RegistrationStatus.CONFIRMED and registration.language == "en"

    # First attempt, through the real command: the server is down, the mail stays queued with a back-off.
    assert send_command(cli) == "sent 0, failed 0, retry later 2"  # the address's confirmation, then "confirmed"
    db.session.expire_all()
    [queued] = registration_mails(db)
    assert queued.status == OutboxStatus.PENDING and queued.attempts == 1 and queued.last_error
    assert queued.next_attempt_at > utcnow()
    assert smtp_server.messages == []

    smtp_server.start()
    # Back, but the back-off has not passed: the command leaves the mail alone.
    assert send_command(cli) == "sent 0, failed 0, retry later 0"
    assert smtp_server.messages == []

    # Time passes (the command always uses the real clock, so the retry passes `now` to the same function).
    later = utcnow() + retry_delay(1) + timedelta(seconds=1)
    assert str(send_due(now=later)) == "sent 2, failed 0, retry later 0"
    # Nothing is ever sent twice: neither the command now, nor the sender a day later.
    assert send_command(cli) == "sent 0, failed 0, retry later 0"
    assert str(send_due(now=later + timedelta(days=1))) == "sent 0, failed 0, retry later 0"

    [delivered] = [message for message in smtp_server.messages if "confirmed" in message["Subject"]]
    assert smtp_server.handler.envelopes == [(app.config["MAIL_DEFAULT_SENDER"], [EMAIL])] * 2
    db.session.expire_all()
    [sent] = registration_mails(db)
    assert sent.status == OutboxStatus.SENT and sent.attempts == 2
    assert delivered["Message-ID"] == sent.message_id

    assert delivered["To"] == EMAIL
    assert delivered["Subject"] == f"Registration confirmed: {event.title_en}"  # English, on a French page
    assert delivered["Content-Language"] == "en"
    body = delivered.get_body(preferencelist=("plain",)).get_content()
    assert "Hello Nguyễn Thị Hương" in body and session.title_en in body
    [link] = re.findall(r"https?://\S+/registration/\S+", body)
    assert f"/registration/{registration.manage_token}" in link
    parts = urlsplit(link)
    page = client.get(f"{parts.path}?{parts.query}")
    assert page.status_code == 200 and EMAIL in page.get_data(as_text=True)

    attachment, badge = list(delivered.iter_attachments())
    assert badge.get_content_type() == "application/pdf"  # the badge: tests/badges/test_mail.py reads it
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == f"{event.slug}-agenda.ics"
    calendar = icalendar.Calendar.from_ical(attachment.get_payload(decode=True))
    summaries = [str(component["SUMMARY"]) for component in calendar.walk("VEVENT")]
    assert any(session.title_en in summary for summary in summaries), summaries


@pytest.mark.parametrize("send_after_request", [False, True], ids=["outbox-only", "send-after-request"])
def test_a_dead_smtp_server_never_loses_or_rejects_a_registration(app, client, cli, db, smtp_server,  # noqa: F811
                                                                   send_after_request):
    """Also with the development hook that sends right after the request: it fails quietly, the mail stays queued."""
    app.config["MAIL_SEND_AFTER_REQUEST"] = send_after_request
    event = open_event()
    session = workshop(event, capacity=10)
    db.session.commit()

    smtp_server.stop()
    response = register_through_the_form(client, event, session, language="fr")
    assert send_command(cli) in ("sent 0, failed 0, retry later 2", "sent 0, failed 0, retry later 0")

    # Committed: a fresh query (another session) finds it, with its seat.
    db.session.remove()
    [registration] = registrations(db)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert [choice.status for choice in registration.choices] == [ChoiceStatus.CONFIRMED]
    [queued] = registration_mails(db)
    assert queued.status == OutboxStatus.PENDING and queued.to_address == EMAIL
    assert queued.attempts == 1  # tried once (after the request, or by the command), kept for a retry
    assert queued.subject.startswith("Inscription confirmée")

    thanks = client.get(response.headers["Location"])
    assert thanks.status_code == 200 and "Votre inscription est confirmée." in thanks.get_data(as_text=True)
    page = client.get(f"/registration/{registration.manage_token}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and EMAIL in text and 'data-status="confirmed"' in text
    assert smtp_server.messages == []
