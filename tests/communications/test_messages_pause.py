"""Pausing and resuming a message to registrants while it is being sent: the buttons on the event's Messages page
and the message's page, with its progress; ``flask mail send`` (the real sender, against aiosmtpd) leaves a paused
message's mails in the outbox until it is resumed; audited with the organiser as actor; organisers only."""
from __future__ import annotations

import html
import re

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import Role
from app.communications.compose import MessageTemplate
from app.communications.messages import Draft, send_message
from app.communications.messages_filters import RecipientFilter
from app.communications.messages_models import MessageKind
from app.core.extensions import db
from app.mail.suppression import opt_out
from app.registration.models import RegistrationStatus
from tests.backoffice.helpers import login_as
from tests.communications.helpers import build_world
from tests.conftest import csrf_token_from
from tests.factories import make_event
from tests.mail.conftest import smtp_server  # noqa: F401  (the fixture)

TEMPLATE = MessageTemplate(subject_fr="Informations pratiques", body_fr="Bonjour {given_name}.",
                           subject_en="Practical information", body_en="Dear {given_name}.")


def _sent_message(world):
    draft = Draft(MessageKind.GENERAL, TEMPLATE, RecipientFilter(statuses=(RegistrationStatus.CONFIRMED,)))
    message = send_message(world.event, draft, actor="test", sent_by="orga@example.org")
    db.session.commit()
    return message


def _page(client, url: str) -> str:
    return html.unescape(client.get(f"{url}?lang=en").get_data(as_text=True))


def _audit_lines(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)))


def test_a_paused_message_is_not_sent_by_mail_send_until_resumed(client, cli, smtp_server):  # noqa: F811
    world = build_world()
    opt_out("lea@example.fr", actor="recipient", how="one-click")
    db.session.commit()
    message = _sent_message(world)  # Anne, Lan, Léa (opted out: suppressed), Marc
    user = login_as(client, db)
    base = f"/organiser/events/{world.event.slug}/messages"
    listing = _page(client, base)
    assert "0 sent, 3 waiting, 0 failed, 1 opted out, of 4" in listing
    assert f'action="{base}/{message.id}/pause"' in listing

    paused = client.post(f"{base}/{message.id}/pause", data={"csrf_token": csrf_token_from(listing)})
    assert paused.status_code == 303 and paused.headers["Location"].endswith(f"{base}/{message.id}")
    result = cli.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert smtp_server.messages == []
    detail = _page(client, f"{base}/{message.id}")
    assert "Paused." in detail and f'action="{base}/{message.id}/resume"' in detail
    assert "0 sent, 3 waiting, 0 failed, 1 opted out, of 4" in detail
    assert "data-live" not in detail.split('id="message-progress"')[1].split(">")[0]  # paused: nothing to follow
    [line] = _audit_lines("mail.stream_paused")
    assert line.actor == f"user:{user.id}" and line.details["stream"] == f"message-{message.id}"

    resumed = client.post(f"{base}/{message.id}/resume", data={"csrf_token": csrf_token_from(detail)})
    assert resumed.status_code == 303
    result = cli.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert sorted(mail["To"] for mail in smtp_server.messages) == ["anne@example.fr", "lan@example.vn",
                                                                    "marc@example.fr"]
    [line] = _audit_lines("mail.stream_resumed")
    assert line.actor == f"user:{user.id}"
    detail = _page(client, f"{base}/{message.id}")
    assert "3 sent, 0 waiting, 0 failed, 1 opted out, of 4" in detail
    assert f"{message.id}/pause" not in detail and f"{message.id}/resume" not in detail  # all sent: no button
    assert f"{message.id}/pause" not in _page(client, base)


def test_the_messages_page_offers_pause_while_sending_and_links_the_message(client):
    world = build_world()
    message = _sent_message(world)
    login_as(client, db)
    listing = _page(client, f"/organiser/events/{world.event.slug}/messages")
    row = re.search(rf'<tr data-message="{message.id}">(.*?)</tr>', listing, re.S).group(1)
    assert "Pause sending" in row and f"/messages/{message.id}\"" in row
    assert re.search(r'id="message-progress-\d+"[^>]*data-live', row)


def test_pause_is_for_organisers_and_for_a_message_of_the_event_in_the_url(client):
    world = build_world()
    message = _sent_message(world)
    other = make_event(title_fr="Autre", title_en="Other")
    db.session.commit()
    url = f"/organiser/events/{world.event.slug}/messages/{message.id}/pause"
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post(url, data={"csrf_token": token}).status_code in (302, 401, 403)
    login_as(client, db, Role.DESK)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post(url, data={"csrf_token": token}).status_code in (302, 401, 403)
    assert not _audit_lines("mail.stream_paused")

    login_as(client, db)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    wrong_event = f"/organiser/events/{other.slug}/messages/{message.id}/pause"
    assert client.post(wrong_event, data={"csrf_token": token}).status_code == 404
    assert client.post(url).status_code == 400  # no CSRF token
    assert not _audit_lines("mail.stream_paused")
