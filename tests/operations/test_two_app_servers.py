"""Two app servers (two gunicorns on different ports, as on two hosts) in front of one PostgreSQL.

Desks scan the same badges through both servers at once, people register through both for the
same small workshop, and two mail workers run at once: every invariant holds across servers —
one check-in per badge and day, no overbooking, each mail sent once.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from app.checkin.models import CheckIn
from app.mail.models import OutboxMessage, OutboxStatus
from app.registration.models import ChoiceStatus, PendingClaim, Registration, SessionChoice
from tests.mail.conftest import RecordingHandler
from tests.operations.scenario import add_event_on_today, add_event_open_for_registration, count, new_scenario, nonce, query
from tests.operations.servers import ROOT, AppServer, free_port, http_request, post_json

pytestmark = pytest.mark.postgres
BADGES = 30
REGISTRANTS = 24
SEATS = 8
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def scan(server: AppServer, slug: str, desk: str, token: str, code: str) -> str:
    status, _, body = post_json(server.port, f"/api/checkin/{slug}/scan",
                                {"code": code, "desk": desk, "nonce": nonce()},
                                {"Authorization": f"Bearer {token}"})
    assert status == 200, body[:300]
    return json.loads(body)["status"]


def register(server: AppServer, slug: str, workshop_id: int, n: int) -> int:
    path = f"/raict/{slug}/register"
    status, headers, body = http_request(server.port, "GET", path)
    assert status == 200
    cookie = headers["set-cookie"].split(";", 1)[0]
    form = urlencode({
        "csrf_token": CSRF.search(body.decode()).group(1), "given_name": "Camille", "family_name": f"Deux{n:03d}",
        "email": f"two-servers-{n}@example.org", "country": "FR", "language": "fr", "collectivite_id": "0",
        "new_collectivite_type": "commune", "consent": "y",
        "sessions": str(workshop_id)}).encode()
    status, _, body = http_request(server.port, "POST", path, body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    return status


def confirm(server: AppServer, token: str) -> int:
    """Open the link mailed to the address and press Confirm: the registration (and its seat) is made now."""
    status, headers, body = http_request(server.port, "GET", f"/registration/{token}")
    assert status == 200
    cookie = headers["set-cookie"].split(";", 1)[0]
    form = urlencode({"csrf_token": CSRF.search(body.decode()).group(1)}).encode()
    status, _, _ = http_request(server.port, "POST", f"/registration/{token}/confirm", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    return status


def test_two_app_servers_on_one_database_keep_every_invariant(shared_postgres_database, tmp_path):
    scenario = new_scenario(shared_postgres_database, tmp_path / "instance")
    add_event_on_today(scenario, badges=BADGES, desks=["A", "B"])
    add_event_open_for_registration(scenario, workshop_seats=SEATS)
    servers = [AppServer(scenario.database_url, scenario.secret_key, tmp_path / f"instance-{n}", workers=2)
               for n in range(2)]
    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            scans = {code: [pool.submit(scan, servers[n], scenario.slug, desk, scenario.desk_tokens[desk], code)
                            for n, desk in enumerate("AB")] for code in scenario.codes}
            posts = [pool.submit(register, servers[n % 2], scenario.open_slug, scenario.workshop_id, n)
                     for n in range(REGISTRANTS)]
            assert [future.result() for future in posts] == [200] * REGISTRANTS  # "check your mail"
            tokens = [token for (token,) in query(scenario, sa.select(PendingClaim.token))]
            assert len(tokens) == REGISTRANTS
            confirmations = [pool.submit(confirm, servers[n % 2], token) for n, token in enumerate(tokens)]
            verdicts = {code: sorted(future.result() for future in futures) for code, futures in scans.items()}
            assert [future.result() for future in confirmations] == [303] * REGISTRANTS
    finally:
        for server in servers:
            server.stop()

    assert all(statuses == ["already_checked_in", "ok"] for statuses in verdicts.values()), verdicts
    assert count(scenario, CheckIn) == BADGES
    assert count(scenario, Registration, Registration.event_id != None) == BADGES + REGISTRANTS  # noqa: E711
    choices = dict(query(scenario, sa.select(SessionChoice.status, sa.func.count())
                         .where(SessionChoice.session_id == scenario.workshop_id).group_by(SessionChoice.status)))
    assert choices == {ChoiceStatus.CONFIRMED: SEATS, ChoiceStatus.WAITLISTED: REGISTRANTS - SEATS}

    # Two mail workers, one per host, at once: each message goes out once.
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        env = {"DATABASE_URL": scenario.database_url, "SECRET_KEY": scenario.secret_key,
               "INSTANCE_PATH": str(scenario.instance), "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port)}
        import os

        workers = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "mail", "send", "--limit", "5"],
                                    cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE, text=True)
                   for _ in range(2)]
        for process in workers:
            assert process.wait(timeout=120) == 0
        rest = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "mail", "send"],
                              cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
        assert rest.returncode == 0, rest.stdout + rest.stderr
    finally:
        controller.stop()
    queued = count(scenario, OutboxMessage)
    assert queued >= REGISTRANTS
    assert count(scenario, OutboxMessage, OutboxMessage.status == OutboxStatus.SENT) == queued
    message_ids = [message["Message-ID"] for message in handler.messages]
    assert len(message_ids) == len(set(message_ids)) == queued
