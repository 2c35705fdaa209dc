"""A mail worker killed in the middle of a batch: nothing is lost, nothing is sent twice.

The worker is a real ``flask mail send`` process; the SMTP server (aiosmtpd) holds the third message
before accepting it, and the test kills the worker (SIGKILL) right then. Later workers send the rest,
and the interrupted message once its reservation has expired — each message reaches the server once.
"""
from __future__ import annotations

import asyncio
import email
import email.policy
import os
import signal
import subprocess
import sys
import threading
import time

import sqlalchemy as sa
from aiosmtpd.controller import Controller

from app.mail.models import OutboxMessage, OutboxStatus
from tests.operations.scenario import new_scenario, query
from tests.operations.servers import ROOT, free_port

MESSAGES = 6
HELD = 3  # the worker is killed while the server holds this message, before accepting it


class HoldingHandler:
    """Accepts every message but the HELD-th, which it holds until released, then drops (client gone)."""

    def __init__(self) -> None:
        self.accepted: list[email.message.EmailMessage] = []
        self.seen = 0
        self.holding = threading.Event()
        self.release = threading.Event()
        self.hold_next = True

    async def handle_DATA(self, server, session, envelope) -> str:
        self.seen += 1
        if self.hold_next and self.seen == HELD:
            self.hold_next = False
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Connection lost before the message was accepted"
        self.accepted.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


def worker(scenario, smtp_port: int, *arguments: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": scenario.database_url, "SECRET_KEY": scenario.secret_key,
           "INSTANCE_PATH": str(scenario.instance), "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_port)}
    env.pop("TEST_DATABASE_URL", None)
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "mail", "send", *arguments],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def statuses(scenario) -> dict[str, int]:
    rows = query(scenario, sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status))
    return {status.value: number for status, number in rows}


def test_a_worker_killed_mid_send_loses_nothing_and_sends_nothing_twice(served_database_url, tmp_path):
    scenario = new_scenario(served_database_url, tmp_path / "instance")
    app = scenario.app()
    with app.app_context():
        from app.extensions import db
        from app.mail.outbox import enqueue

        for n in range(MESSAGES):
            enqueue(f"delegate{n}@example.org", f"Message {n}", f"Body {n}", dedupe_key=f"ops-{n}")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()

    handler = HoldingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        first = worker(scenario, port, "--lock-seconds", "3")
        assert handler.holding.wait(timeout=60), first.communicate(timeout=5)[0]
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        handler.release.set()
        # Each message was recorded as sent as soon as the server accepted it; the rest of the batch
        # (the interrupted one included) stays reserved to the dead worker.
        assert statuses(scenario) == {"sent": HELD - 1, "sending": MESSAGES - HELD + 1}

        # Another worker right away sends nothing: no message is taken from a reservation still running.
        second = worker(scenario, port)
        output = second.communicate(timeout=60)[0]
        assert second.returncode == 0 and handler.seen == HELD, output
        assert statuses(scenario) == {"sent": HELD - 1, "sending": MESSAGES - HELD + 1}

        time.sleep(3.2)  # the dead worker's reservation expires
        third = worker(scenario, port)
        output = third.communicate(timeout=60)[0]
        assert third.returncode == 0 and f"sent {MESSAGES - HELD + 1}," in output, output
    finally:
        controller.stop()

    assert statuses(scenario) == {"sent": MESSAGES}
    subjects = sorted(message["Subject"] for message in handler.accepted)
    assert subjects == [f"Message {n}" for n in range(MESSAGES)]
    message_ids = {message["Message-ID"] for message in handler.accepted}
    stored_ids = {row[0] for row in query(scenario, sa.select(OutboxMessage.message_id))}
    assert message_ids == stored_ids and len(message_ids) == MESSAGES
