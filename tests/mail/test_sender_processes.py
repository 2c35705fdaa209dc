"""``flask mail send`` as real processes on PostgreSQL against a real aiosmtpd: killed with SIGKILL in the middle of
a campaign and restarted, every message arrives and only the one in flight twice; two senders at once never send
the same message twice. The server's received Message-IDs are the judge.

These run in CI (``CI=true``: a missing PostgreSQL is a failure); on a laptop without PostgreSQL they skip.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from app import PROJECT_ROOT
from app.core.db import utcnow
from app.core.extensions import db
from app.mail.models import OutboxMessage, OutboxStatus
from app.mail.outbox import NewMail, enqueue_many
from tests.conftest import RUN_ID, create_postgres_database, drop_postgres_database, make_test_app, migrate_to_head
from tests.mail.conftest import RecordingHandler, SMTPServer, free_port

FLASK = Path(sys.executable).with_name("flask")
CAMPAIGN = 600
MESSAGE_ID = re.compile(rb"^Message-ID: (<[^>]+>)", re.MULTILINE | re.IGNORECASE)
LOCK_SECONDS = 8


class MessageIdHandler(RecordingHandler):
    """Keeps the Message-ID of every message the server accepts (it does not parse the rest: it must keep up).
    With ``kill_at``, the server SIGKILLs the sender once it has accepted that many messages, before answering
    250: the message is delivered, and the sender can never have recorded it."""

    def __init__(self, kill_at: int | None = None) -> None:
        super().__init__()
        self.message_ids: list[str] = []
        self.kill_at = kill_at
        self.victim: subprocess.Popen | None = None
        self.killed = threading.Event()
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope) -> str:
        match = MESSAGE_ID.search(envelope.content)
        self.message_ids.append(match.group(1).decode() if match else "?")
        if self.kill_at is not None and len(self.message_ids) == self.kill_at and self.victim is not None:
            self.victim.send_signal(signal.SIGKILL)
            self.victim.wait(timeout=10)
            self.killed.set()
        if self.delay:
            time.sleep(self.delay)
        return "250 OK"


@pytest.fixture
def postgres_app(postgres_url, tmp_path):
    name = f"rencontres_mail_senders_{RUN_ID}"
    uri = create_postgres_database(postgres_url, name)
    migrate_to_head(uri, tmp_path / "migrate")
    app = make_test_app(tmp_path / "instance", uri)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    drop_postgres_database(postgres_url, name)


def queue_campaign(count: int = CAMPAIGN) -> dict[str, int]:
    ids = enqueue_many([NewMail(f"contact{n}@example.org", f"Invitation {n}", f"Bonjour {n}", bulk=True,
                                stream="campaign-kill") for n in range(count)])
    db.session.commit()
    rows = db.session.execute(sa.select(OutboxMessage.message_id, OutboxMessage.id).where(OutboxMessage.id.in_(ids)))
    return {message_id: row_id for message_id, row_id in rows}


def sender(app, port: int, tmp_path: Path, *arguments: str) -> subprocess.Popen:
    tmp_path.mkdir(parents=True, exist_ok=True)
    environment = dict(os.environ, PYTHONUNBUFFERED="1", DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], SECRET_KEY="s" * 40,
                       INSTANCE_PATH=str(tmp_path), MAIL_SERVER="127.0.0.1", MAIL_PORT=str(port),
                       PUBLIC_URL="https://rencontres.example.org", MAIL_BOUNCE_ADDRESS="bounces@rencontres.example.org")
    return subprocess.Popen([str(FLASK), "--app", "wsgi", "mail", "send", *arguments], cwd=PROJECT_ROOT,
                            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def statuses() -> Counter:
    db.session.expire_all()
    rows = db.session.execute(sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status))
    counts = Counter({status: count for status, count in rows})
    db.session.commit()
    return counts


def wait_for_expired_locks() -> None:
    """The dead sender's batch stays claimed until its lock expires: wait for that, as a restarted cron would."""
    latest = db.session.scalar(sa.select(sa.func.max(OutboxMessage.locked_until)))
    db.session.commit()
    if latest is not None:
        time.sleep(max((latest - utcnow()).total_seconds(), 0) + 0.5)


def run_to_completion(app, port: int, tmp_path: Path) -> str:
    restarted = sender(app, port, tmp_path, "--limit", "5000", "--lock-seconds", "120")
    output, errors = restarted.communicate(timeout=300)
    assert restarted.returncode == 0, errors
    return output


@pytest.mark.postgres
def test_sender_killed_after_the_server_accepted_a_message_repeats_exactly_that_one(postgres_app, tmp_path):
    message_ids = queue_campaign()
    kill_at = CAMPAIGN // 2
    server = SMTPServer(free_port())
    server.handler = MessageIdHandler(kill_at=kill_at)
    server.start()
    try:
        first = sender(postgres_app, server.port, tmp_path, "--limit", "100", "--loop", "--interval", "0.2",
                       "--lock-seconds", str(LOCK_SECONDS))
        server.handler.victim = first
        assert server.handler.killed.wait(timeout=240), "the sender never reached the middle of the campaign"
        first.communicate(timeout=10)
        assert first.returncode == -signal.SIGKILL
        in_flight = server.handler.message_ids[-1]  # accepted, and its 250 never reached the dead sender
        assert message_ids[in_flight] not in sent_ids()
        assert 0 < statuses()[OutboxStatus.SENT] < CAMPAIGN
        wait_for_expired_locks()

        run_to_completion(postgres_app, server.port, tmp_path)
    finally:
        server.stop()

    received = Counter(server.handler.message_ids)
    assert set(received) == set(message_ids)  # nothing lost
    assert [message_id for message_id, count in received.items() if count > 1] == [in_flight]  # the one in flight
    assert max(received.values()) == 2 and len(server.handler.message_ids) == CAMPAIGN + 1
    assert statuses() == Counter({OutboxStatus.SENT: CAMPAIGN})


def sent_ids() -> set[int]:
    ids = set(db.session.scalars(sa.select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.SENT)))
    db.session.commit()
    return ids


@pytest.mark.postgres
def test_sender_killed_at_any_moment_repeats_at_most_the_message_in_flight(postgres_app, tmp_path):
    message_ids = queue_campaign()
    server = SMTPServer(free_port())
    server.handler = MessageIdHandler()
    server.start()
    try:
        first = sender(postgres_app, server.port, tmp_path, "--limit", "100", "--loop", "--interval", "0.2",
                       "--lock-seconds", str(LOCK_SECONDS))
        deadline = time.monotonic() + 240
        while len(server.handler.message_ids) < CAMPAIGN // 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)  # wherever it is: building, transmitting, waiting for a reply or the database
        first.communicate(timeout=10)
        delivered = set(server.handler.message_ids)
        recorded = sent_ids()
        in_flight = sorted(message_id for message_id in delivered if message_ids[message_id] not in recorded)
        assert len(in_flight) <= 1, in_flight  # at most one message delivered and not recorded
        wait_for_expired_locks()

        run_to_completion(postgres_app, server.port, tmp_path)
    finally:
        server.stop()

    received = Counter(server.handler.message_ids)
    assert set(received) == set(message_ids)  # nothing lost
    assert sorted(message_id for message_id, count in received.items() if count > 1) == in_flight  # and says which
    assert statuses() == Counter({OutboxStatus.SENT: CAMPAIGN})


def sent_counts(output: str) -> int:
    return sum(int(match) for match in re.findall(r"^sent (\d+),", output, re.MULTILINE))


@pytest.mark.postgres
def test_two_senders_at_once_never_send_the_same_message_twice(postgres_app, tmp_path):
    message_ids = queue_campaign()
    server = SMTPServer(free_port())
    server.handler = MessageIdHandler()
    server.handler.delay = 0.002  # a server a little slower than loopback: both senders are busy at once
    server.start()
    try:
        senders = [sender(postgres_app, server.port, tmp_path / str(n), "--limit", "20", "--loop", "--interval", "0.2")
                   for n in range(2)]
        deadline = time.monotonic() + 240
        while statuses()[OutboxStatus.SENT] < CAMPAIGN and time.monotonic() < deadline:
            time.sleep(0.2)
        for process in senders:  # everything is recorded: they only wait for more mail now
            process.send_signal(signal.SIGTERM)
        outputs = [process.communicate(timeout=30)[0] for process in senders]
    finally:
        server.stop()

    received = Counter(server.handler.message_ids)
    assert set(received) == set(message_ids) and max(received.values()) == 1
    per_sender = [sent_counts(output) for output in outputs]
    assert sum(per_sender) == CAMPAIGN
    assert all(count > 0 for count in per_sender), per_sender  # both really sent, side by side


@pytest.mark.postgres
def test_senders_at_once_share_a_streams_rate_limit(postgres_app):
    from app.mail.outbox import claim_ids, set_stream_rate

    enqueue_many([NewMail(f"r{n}@example.org", "Invitation", "Bonjour", bulk=True, stream="campaign-rate")
                  for n in range(60)] + [NewMail(f"t{n}@example.org", "Confirmation", "Bonjour") for n in range(6)])
    set_stream_rate("campaign-rate", 10)
    db.session.commit()
    now, start, claimed, errors = utcnow(), threading.Barrier(4), [], []

    def claim() -> None:
        try:
            with postgres_app.app_context():
                start.wait()
                claimed.extend(claim_ids(50, now))
                db.session.remove()
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors and len(claimed) == len(set(claimed))
    streams = Counter(db.session.scalars(sa.select(OutboxMessage.stream).where(OutboxMessage.id.in_(claimed))))
    assert streams == Counter({"campaign-rate": 10, None: 6})  # four senders, one budget of 10 a minute
