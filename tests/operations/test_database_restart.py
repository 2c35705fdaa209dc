"""PostgreSQL goes down in the middle of a morning of scanning, then comes back.

Three desks scan every badge (each badge three times: one welcome, two "already checked in"),
through gunicorn, while the test stops the database server for a moment and starts it again.
Desks get a clear, retryable answer while it is down and retry with the same nonce; once it is
back, no scan is lost and none is doubled.
"""
from __future__ import annotations

import json
import random
import threading
import time

import pytest

from app.checkin.models import CheckIn, Scan
from tests.operations.scenario import add_event_on_today, count, new_scenario, nonce
from tests.operations.servers import AppServer, post_json

DESKS = ["A", "B", "C"]
BADGES = 45
pytestmark = pytest.mark.postgres


class Desk(threading.Thread):
    """Scans every badge once, in its own order, retrying each scan with the same nonce until answered."""

    def __init__(self, server: AppServer, slug: str, desk: str, token: str, codes: list[str], progress) -> None:
        super().__init__(daemon=True)
        self.server, self.slug, self.desk, self.token = server, slug, desk, token
        self.codes = random.Random(desk).sample(codes, len(codes))
        self.progress = progress
        self.answers: dict[str, dict] = {}
        self.transient: list[str] = []
        self.unexpected: list[str] = []

    def scan(self, code: str) -> dict | None:
        payload = {"code": code, "desk": self.desk, "nonce": nonce()}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, headers, body = post_json(self.server.port, f"/api/checkin/{self.slug}/scan", payload,
                                                  {"Authorization": f"Bearer {self.token}"}, timeout=20)
            except OSError as error:
                self.transient.append(type(error).__name__)
            else:
                if status == 200:
                    return json.loads(body)
                if status == 503:
                    answer = json.loads(body)
                    if not (answer.get("retryable") is True and answer.get("error") and "retry-after" in headers):
                        self.unexpected.append(f"unclear 503: {body[:200]!r}")
                    self.transient.append("503")
                else:
                    self.unexpected.append(f"HTTP {status}: {body[:200]!r}")
                    return None
            time.sleep(0.1)
        self.unexpected.append("no answer within 60 s")
        return None

    def run(self) -> None:
        for code in self.codes:
            self.answers[code] = self.scan(code)
            self.progress()


def test_scans_through_a_database_restart_are_neither_lost_nor_doubled(private_postgres, tmp_path):
    scenario = new_scenario(private_postgres.url, tmp_path / "instance")
    add_event_on_today(scenario, badges=BADGES, desks=DESKS)
    server = AppServer(scenario.database_url, scenario.secret_key, tmp_path / "instance", workers=2)
    done = threading.Semaphore(0)
    try:
        desks = [Desk(server, scenario.slug, desk, scenario.desk_tokens[desk], scenario.codes, done.release)
                 for desk in DESKS]
        for desk in desks:
            desk.start()
        for _ in range(BADGES // 2):  # a third of the scans are done: the database goes away…
            assert done.acquire(timeout=60)
        private_postgres.stop_for_a_moment(seconds=2.0)  # …and comes back; the desks keep scanning meanwhile
        for desk in desks:
            desk.join(timeout=120)
            assert not desk.is_alive()
    finally:
        server.stop()

    for desk in desks:
        assert desk.unexpected == [], desk.unexpected
    assert sum(len(desk.transient) for desk in desks) >= 1, "the outage was not seen: the test proved nothing"
    for code in scenario.codes:
        statuses = sorted(desk.answers[code]["status"] for desk in desks)
        assert statuses == ["already_checked_in", "already_checked_in", "ok"], (code, statuses)
    assert count(scenario, CheckIn) == BADGES
    assert count(scenario, Scan) == BADGES * len(DESKS)  # every scan recorded once, retries included
