"""Fault: the mail worker process is killed (SIGKILL) in the middle of a batch. Nothing is lost, nothing
is sent twice but the one in flight: what was recorded stays delivered; the rest is sent once its lock expires.
(The campaign-sized kill test on PostgreSQL is tests/mail/test_sender_processes.py.)"""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from app import PROJECT_ROOT
from app.core.db import utcnow
from app.core.extensions import db, mail
from app.mail.models import OutboxMessage, OutboxStatus
from app.mail.outbox import DEFAULT_LOCK_SECONDS, enqueue, send_due
from tests.mail.conftest import RecordingHandler, SMTPServer, free_port

FLASK = Path(sys.executable).with_name("flask")


class StallingHandler(RecordingHandler):
    """Accepts the first recipient; stalls on the second until released (the worker dies meanwhile)."""

    def __init__(self) -> None:
        super().__init__()
        self.recipients = 0
        self.stalled = threading.Event()
        self.release = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        self.recipients += 1
        if self.recipients == 2:
            self.stalled.set()
            while not self.release:
                await asyncio.sleep(0.05)
            return "421 4.3.0 going away"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def statuses() -> list[OutboxStatus]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage.status).order_by(OutboxMessage.id)))


def test_a_worker_killed_mid_batch_sends_each_mail_once_but_the_one_in_flight(app, tmp_path):
    for n in range(3):
        enqueue(f"delegate{n}@example.org", f"Inscription {n}", "Bonjour", dedupe_key=f"killed-{n}")
    db.session.commit()
    server = SMTPServer(free_port())
    server.handler = StallingHandler()
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_SUPPRESS_SEND=False)
    mail.init_app(app)
    try:
        environment = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], SECRET_KEY="x" * 40,
                           INSTANCE_PATH=str(tmp_path), MAIL_SERVER="127.0.0.1", MAIL_PORT=str(server.port), PUBLIC_URL="http://127.0.0.1")
        worker = subprocess.Popen([str(FLASK), "--app", "wsgi", "mail", "send"], cwd=PROJECT_ROOT, env=environment,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert server.handler.stalled.wait(timeout=60), "the worker never reached the second mail"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        server.handler.release = True
        assert len(server.messages) == 1  # the first was delivered before the kill
        # The first one's status is written while the second is transmitted, and always before the server
        # can accept the second: the kill may come before that write is committed (then the first is the one
        # in flight, sent again below) or after it.
        first_recorded = statuses()[0] is OutboxStatus.SENT
        assert statuses()[1:] == [OutboxStatus.SENDING, OutboxStatus.SENDING]

        server.handler.recipients = 10  # the server works normally again
        assert send_due().sent == 0  # still locked by the dead worker: nobody sends them yet
        later = utcnow() + timedelta(seconds=DEFAULT_LOCK_SECONDS + 1)  # …until the lock expires
        assert send_due(now=later).sent == (2 if first_recorded else 3)
    finally:
        server.handler.release = True
        server.stop()
    assert statuses() == [OutboxStatus.SENT] * 3
    recipients = sorted(envelope[1][0] for envelope in server.handler.envelopes)
    repeated = [] if first_recorded else ["delegate0@example.org"]  # at most the one in flight, with its Message-ID
    assert recipients == sorted(["delegate0@example.org", "delegate1@example.org", "delegate2@example.org"] + repeated)
    assert len({received["Message-ID"] for received in server.messages}) == 3
