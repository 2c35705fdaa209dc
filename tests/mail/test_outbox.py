"""The transactional outbox against a real SMTP server (aiosmtpd on 127.0.0.1)."""
from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.db import utcnow
from app.core.extensions import db
from app.mail import outbox
from app.mail.models import OutboxMessage, OutboxStatus
from app.mail.outbox import MAX_ATTEMPTS, MailAttachment, OutboxError, enqueue, send_due
from tests.conftest import RUN_ID, create_postgres_database, drop_postgres_database, make_test_app, migrate_to_head

VIETNAMESE = "Nguyễn Thị Minh Khai"
JAPANESE = "山田 花子"


def queued(**fields) -> OutboxMessage:
    defaults = dict(to="delegate@example.org", subject="Inscription confirmée", text_body="Bonjour")
    message = enqueue(**(defaults | fields))
    db.session.commit()
    return message


def count_messages() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))


def reload(message: OutboxMessage) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message.id)


def test_enqueue_and_send_delivers_one_parsed_message_with_attachments(app, smtp_server):
    pdf = b"%PDF-1.7\n" + os.urandom(20000) + b"\x00\xff"
    ics = "BEGIN:VCALENDAR\r\nSUMMARY:Atelier à Hà Nội\r\nEND:VCALENDAR\r\n".encode()
    message = queued(
        to="  Minh.Khai@Example.ORG ", subject=f"Inscription confirmée — {VIETNAMESE}",
        text_body=f"Bonjour {VIETNAMESE}, {JAPANESE}, مرحبا", html_body=f"<p>Bonjour {VIETNAMESE}</p>",
        language="vi", attachments=[MailAttachment("badge-Nguyễn.pdf", "application/pdf", pdf),
                                    MailAttachment("agenda.ics", "text/calendar", ics)])
    assert message.to_address == "Minh.Khai@example.org"

    report = send_due(now=utcnow())

    assert (report.sent, report.failed, report.retry_later) == (1, 0, 0)
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["Subject"] == f"Inscription confirmée — {VIETNAMESE}"
    assert received["To"] == "Minh.Khai@example.org"
    assert received["Message-ID"] == message.message_id
    assert received["Content-Language"] == "vi"
    assert received.get_body(("plain",)).get_content().strip() == f"Bonjour {VIETNAMESE}, {JAPANESE}, مرحبا"
    assert VIETNAMESE in received.get_body(("html",)).get_content()
    attachments = {part.get_filename(): part for part in received.iter_attachments()}
    assert attachments["badge-Nguyễn.pdf"].get_payload(decode=True) == pdf
    assert attachments["badge-Nguyễn.pdf"].get_content_type() == "application/pdf"
    assert attachments["agenda.ics"].get_payload(decode=True) == ics
    sent = reload(message)
    assert (sent.status, sent.attempts, sent.locked_until) == (OutboxStatus.SENT, 1, None)
    assert sent.sent_at is not None

    assert str(send_due(now=utcnow() + timedelta(days=1))) == "sent 0, failed 0, retry later 0"
    assert len(smtp_server.messages) == 1


def test_dead_server_keeps_the_mail_and_a_restarted_one_gets_it_exactly_once(app, smtp_server, cli):
    smtp_server.stop()
    message = queued(subject=f"Bienvenue {JAPANESE}")

    result = cli.invoke(args=["mail", "send"])

    assert result.exit_code == 0, result.output
    assert "sent 0, failed 0, retry later 1" in result.output
    waiting = reload(message)
    assert (waiting.status, waiting.attempts) == (OutboxStatus.PENDING, 1)
    assert waiting.next_attempt_at > utcnow()
    assert "Connection refused" in waiting.last_error or "ConnectionRefusedError" in waiting.last_error

    smtp_server.start()
    assert send_due(now=utcnow()).sent == 0  # not due yet: the back-off is respected
    assert send_due(now=waiting.next_attempt_at + timedelta(seconds=1)).sent == 1
    assert send_due(now=utcnow() + timedelta(days=2)).sent == 0
    assert [received["Subject"] for received in smtp_server.messages] == [f"Bienvenue {JAPANESE}"]
    assert reload(message).status is OutboxStatus.SENT


def test_dedupe_key_enqueues_once(app):
    first = enqueue("a@example.org", "Confirmation", "1", dedupe_key="registration-42-confirmed")
    second = enqueue("a@example.org", "Confirmation", "1", dedupe_key="registration-42-confirmed")
    db.session.commit()
    assert first is second
    assert count_messages() == 1


def test_dedupe_race_lost_at_the_unique_constraint_keeps_the_callers_transaction(app, monkeypatch):
    with app.app_context():  # another transaction queued the same key and committed meanwhile
        enqueue("a@example.org", "Confirmation", "first", dedupe_key="registration-7-confirmed")
        db.session.commit()
    mine = enqueue("b@example.org", "Unrelated", "kept")  # the caller's own work in the same transaction
    monkeypatch.setattr(outbox, "find_by_dedupe_key", _blind_once(outbox.find_by_dedupe_key))

    existing = enqueue("a@example.org", "Confirmation", "second", dedupe_key="registration-7-confirmed")
    db.session.commit()

    assert existing.text_body == "first"
    assert mine.id is not None and count_messages() == 2


def _blind_once(find):
    calls = []

    def find_after_first_call(key):
        calls.append(key)
        return None if len(calls) == 1 else find(key)

    return find_after_first_call


def test_back_off_doubles_then_the_message_fails(app, smtp_server):
    smtp_server.stop()
    message = queued()
    now, delays = utcnow(), []
    for _ in range(MAX_ATTEMPTS):
        report = send_due(now=now)
        message = reload(message)
        if message.status is OutboxStatus.FAILED:
            break
        assert report.retry_later == 1
        delays.append(message.next_attempt_at - now)
        now = message.next_attempt_at
    assert [delay / timedelta(minutes=1) for delay in delays] == [2 ** n for n in range(MAX_ATTEMPTS - 1)]
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, MAX_ATTEMPTS)
    assert send_due(now=now + timedelta(days=30)).failed == 0
    assert outbox.retry_delay(12) == timedelta(hours=6)


def test_refused_recipient_fails_for_good_and_the_batch_goes_on(app, smtp_server):
    smtp_server.handler.refused_recipients.add("nobody@example.org")
    refused = queued(to="nobody@example.org")
    fine = queued(to="somebody@example.org")

    report = send_due(now=utcnow())

    assert (report.sent, report.failed) == (1, 1)
    assert reload(refused).status is OutboxStatus.FAILED and "550" in reload(refused).last_error
    assert reload(fine).status is OutboxStatus.SENT


def test_crashed_workers_message_is_claimed_again_once_its_lock_expires(app, smtp_server):
    message = queued()
    now = utcnow()
    assert [claimed.id for claimed in outbox.claim_batch(10, now, lock_seconds=60)] == [message.id]
    # … and the worker dies here: the message stays "sending".

    assert send_due(now=now + timedelta(seconds=30)).sent == 0
    assert send_due(now=now + timedelta(seconds=61)).sent == 1
    resent = reload(message)
    assert (resent.status, resent.attempts) == (OutboxStatus.SENT, 2)
    assert [received["Message-ID"] for received in smtp_server.messages] == [message.message_id]


def test_a_message_claimed_meanwhile_is_not_claimed_again(app):
    """The compare-and-set used where there are no row locks (SQLite): the loser updates nothing."""
    for n in range(3):
        queued(to=f"d{n}@example.org")
    now = utcnow()
    seen_by_first = list(db.session.scalars(outbox.due_ids(10, now)))
    db.session.rollback()
    with app.app_context():  # a second worker, its own session, claims everything first
        assert len(outbox.claim_batch(10, now, lock_seconds=60)) == 3

    assert outbox.claim_by_compare_and_set(seen_by_first, now, now + timedelta(seconds=60)) == []
    db.session.commit()
    assert outbox.claim_batch(10, now + timedelta(seconds=1)) == []


def claim_from_two_threads(app, total: int) -> tuple[list[int], list[int]]:
    for n in range(total):
        enqueue(f"delegate{n}@example.org", "Confirmation", "Bonjour")
    db.session.commit()
    now = utcnow()
    start, claimed, errors = threading.Barrier(2), ([], []), []

    def worker(mine: list[int]) -> None:
        try:
            with app.app_context():  # its own session and connection
                start.wait()
                while batch := outbox.claim_batch(7, now, lock_seconds=600):
                    mine.extend(message.id for message in batch)
                db.session.remove()
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(mine,)) for mine in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    return claimed


def assert_claimed_once_each(claimed: tuple[list[int], list[int]], total: int) -> None:
    first, second = claimed
    assert not set(first) & set(second)
    assert len(first) + len(second) == total
    assert len(set(first) | set(second)) == total
    assert count_sending() == total


def count_sending() -> int:
    query = sa.select(sa.func.count()).where(OutboxMessage.status == OutboxStatus.SENDING)
    return db.session.scalar(query)


def test_two_workers_never_claim_the_same_message(app):
    assert_claimed_once_each(claim_from_two_threads(app, 100), 100)


@pytest.fixture
def postgres_app(postgres_url, tmp_path):
    name = f"rencontres_mail_{RUN_ID}"
    uri = create_postgres_database(postgres_url, name)
    migrate_to_head(uri, tmp_path / "migrate")
    app = make_test_app(tmp_path / "instance", uri)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    drop_postgres_database(postgres_url, name)


@pytest.mark.postgres
def test_two_workers_on_postgres_skip_each_others_locked_rows(postgres_app):
    assert_claimed_once_each(claim_from_two_threads(postgres_app, 100), 100)


def test_cli_send_with_limit_and_status(app, smtp_server, cli):
    queued(to="one@example.org")
    queued(to="two@example.org")

    result = cli.invoke(args=["mail", "send", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "sent 1, failed 0, retry later 0"

    status = cli.invoke(args=["mail", "status"])
    assert status.exit_code == 0, status.output
    assert status.output.split("\n")[:4] == ["pending: 1", "sending: 0", "sent: 1", "failed: 0"]
    assert len(smtp_server.messages) == 1


@pytest.mark.parametrize("address", ["not an address", "someone@", "a@b@example.org", "x@localhost", ""])
def test_invalid_address_refused_and_nothing_written(app, address):
    with pytest.raises(OutboxError, match="invalid email address"):
        enqueue(address, "Confirmation", "Bonjour")
    db.session.commit()
    assert count_messages() == 0


def test_header_injection_in_subject_becomes_one_line(app):
    message = enqueue("a@example.org", "Hello\r\nBcc: victim@example.org\u2028X", "Bonjour",
                      attachments=[MailAttachment("badge\r\n.pdf", "application/pdf", b"%PDF")])
    assert message.subject == "Hello Bcc: victim@example.org X"
    assert message.attachments[0]["filename"] == "badge .pdf"


def test_oversized_attachments_refused_and_nothing_written(app):
    three_mib = b"x" * (3 * 1024 * 1024)
    with pytest.raises(OutboxError, match="attachments too large"):
        enqueue("a@example.org", "Badge", "Bonjour", attachments=[
            MailAttachment("one.pdf", "application/pdf", three_mib),
            MailAttachment("two.pdf", "application/pdf", three_mib)])
    db.session.commit()
    assert count_messages() == 0


def add_registering_route(app) -> None:
    def register():
        enqueue("visitor@example.org", "Inscription", "Merci")
        db.session.commit()
        return "registered"

    app.add_url_rule("/test-register", "test_register", register)


def test_send_after_request_delivers_in_development(app, smtp_server, client):
    app.config["MAIL_SEND_AFTER_REQUEST"] = True
    add_registering_route(app)

    response = client.get("/test-register")

    assert response.status_code == 200
    assert [received["Subject"] for received in smtp_server.messages] == ["Inscription"]
    assert db.session.scalar(sa.select(OutboxMessage.status)) is OutboxStatus.SENT


def test_send_after_request_with_a_dead_server_keeps_the_mail_queued(app, smtp_server, client):
    app.config["MAIL_SEND_AFTER_REQUEST"] = True
    add_registering_route(app)
    smtp_server.stop()

    response = client.get("/test-register")

    assert response.status_code == 200 and response.text == "registered"
    message = db.session.scalar(sa.select(OutboxMessage))
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)


def test_without_send_after_request_mail_waits_for_the_worker(app, smtp_server, client):
    add_registering_route(app)
    assert client.get("/test-register").status_code == 200
    assert smtp_server.messages == []
    assert db.session.scalar(sa.select(OutboxMessage.status)) is OutboxStatus.PENDING
