"""Bounces: VERP envelope sender, and ``flask mail bounces MAILBOX`` on real DSN samples (tests/mail/data/)."""
from __future__ import annotations

import mailbox
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.core.db import utcnow
from app.core.extensions import db
from app.mail.models import MailBounce, OutboxMessage
from app.mail.outbox import enqueue, is_suppressed, send_due
from app.mail.suppression import bounce_address, find_suppression, message_id_from_bounce_address

DATA = Path(__file__).with_name("data")
BOUNCES = "bounces@rencontres.example.org"


@pytest.fixture
def verp(app):
    app.config["MAIL_BOUNCE_ADDRESS"] = BOUNCES
    return app


def returned_mail(name: str, message: OutboxMessage) -> bytes:
    text = (DATA / name).read_bytes()
    for placeholder, value in (("{bounce_address}", bounce_address(message.id)), ("{recipient}", message.to_address),
                               ("{message_id}", str(message.id))):
        text = text.replace(placeholder.encode(), value.encode())
    return text


def sent_messages() -> dict[str, OutboxMessage]:
    messages = {name: enqueue(f"{name}@mairie-exemple.fr", "Invitation", "Bonjour", bulk=True, stream="campaign-1")
                for name in ("unknown", "full", "forged", "delivered", "away")}
    db.session.commit()
    return messages


def fill(box: mailbox.Mailbox, messages: dict[str, OutboxMessage]) -> None:
    for name, sample in (("unknown", "dsn_postfix_hard.eml"), ("full", "dsn_exim_soft.eml"),
                         ("forged", "dsn_forged.eml"), ("delivered", "dsn_delivered.eml"), ("away", "auto_reply.eml")):
        box.add(returned_mail(sample, messages[name]))
    box.add((DATA / "garbage.bin").read_bytes())
    box.flush()


def test_each_message_is_sent_with_its_signed_verp_envelope_sender(verp, smtp_server):
    message = enqueue("maire@mairie-exemple.fr", "Invitation", "Bonjour", bulk=True)
    db.session.commit()
    send_due(now=utcnow())

    envelope_from = smtp_server.handler.envelopes[0][0]
    assert envelope_from == bounce_address(message.id)
    assert envelope_from.startswith(f"bounces+{message.id}-") and envelope_from.endswith("@rencontres.example.org")
    assert message_id_from_bounce_address(envelope_from.upper()) == message.id  # MTAs may change the case
    assert message_id_from_bounce_address(f"bounces+{message.id}-0000000000000000@rencontres.example.org") is None
    assert message_id_from_bounce_address(f"bounces+{message.id + 1}-{envelope_from.split('-')[1]}") is None


def test_without_a_bounce_address_the_envelope_sender_is_the_sender(app, smtp_server):
    enqueue("maire@mairie-exemple.fr", "Confirmation", "Bonjour")
    db.session.commit()
    send_due(now=utcnow())
    assert smtp_server.handler.envelopes[0][0] == "rencontres@localhost"


@pytest.mark.parametrize("kind", ["maildir", "mbox"])
def test_bounces_command_marks_hard_bounces_and_is_idempotent(verp, cli, tmp_path, kind):
    messages = sent_messages()
    path = tmp_path / kind
    box = mailbox.Maildir(str(path)) if kind == "maildir" else mailbox.mbox(str(path))
    fill(box, messages)
    box.close()

    first = cli.invoke(args=["mail", "bounces", str(path)])

    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == [
        "read 6 mails: 1 hard bounces, 1 soft bounces, 0 already read, 4 ignored",
        "hard bounce: unknown@mairie-exemple.fr"]
    assert is_suppressed("unknown@mairie-exemple.fr")
    assert find_suppression("unknown@mairie-exemple.fr").last_bounce_status == "5.1.1"
    full = find_suppression("full@mairie-exemple.fr")
    assert (full.soft_bounces, full.hard_bounced_at, full.last_bounce_status) == (1, None, "4.2.2")
    assert not is_suppressed("full@mairie-exemple.fr")
    for name in ("forged", "delivered", "away"):  # a forged signature, a success report, an auto-reply
        assert find_suppression(f"{name}@mairie-exemple.fr") is None

    second = cli.invoke(args=["mail", "bounces", str(path)])

    assert second.output.splitlines() == ["read 6 mails: 0 hard bounces, 0 soft bounces, 2 already read, 4 ignored"]
    assert find_suppression("full@mairie-exemple.fr").soft_bounces == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MailBounce)) == 2


def test_a_hard_bounce_suppresses_later_bulk_mail_but_not_transactional(verp, cli, tmp_path, smtp_server):
    message = enqueue("gone@mairie-exemple.fr", "Invitation", "Bonjour", bulk=True)
    db.session.commit()
    assert send_due(now=utcnow()).sent == 1
    box = mailbox.Maildir(str(tmp_path / "box"))
    box.add(returned_mail("dsn_postfix_hard.eml", message))
    box.close()
    assert cli.invoke(args=["mail", "bounces", str(tmp_path / "box")]).exit_code == 0

    enqueue("gone@mairie-exemple.fr", "Second invitation", "Bonjour", bulk=True)
    enqueue("gone@mairie-exemple.fr", "Your registration", "Bonjour")
    db.session.commit()
    report = send_due(now=utcnow())

    assert (report.sent, report.suppressed) == (1, 0)  # the bulk one was stored suppressed at queueing
    assert [received["Subject"] for received in smtp_server.messages] == ["Invitation", "Your registration"]


def test_bounces_command_refuses_what_is_not_a_mailbox(app, cli, tmp_path):
    (tmp_path / "folder").mkdir()
    result = cli.invoke(args=["mail", "bounces", str(tmp_path / "folder")])
    assert result.exit_code != 0 and "not a Maildir" in result.output

    garbage = tmp_path / "garbage.mbox"
    garbage.write_bytes((DATA / "garbage.bin").read_bytes())
    result = cli.invoke(args=["mail", "bounces", str(garbage)])
    assert result.exit_code == 0 and result.output.startswith("read 0 mails")
