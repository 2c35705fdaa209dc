"""Replay a RAICT morning against gunicorn + PostgreSQL on 127.0.0.1, beside a bare Flask endpoint in the same run.

    .venv/bin/python benchmarks/morning.py [--database-url postgresql://…] [--badges 600] [--concurrency 32]

A new database ``rencontres_morning_<pid>`` is made on the server of --database-url (dropped at the end),
migrated and filled with the demo data, plus an event running today with ``--badges`` confirmed people
and three desk tokens. gunicorn (4 sync workers) then serves this mix, all at once:

- three desks, each a client scanning its third of the badges one after the other (the check-in API);
- programme readers: event page, programme page and programme JSON of RAICT 2023;
- calendar subscriptions polling the RAICT 2023 feed with If-None-Match (304 once they have it);
- late registrations to the edition open for registration (form GET for the CSRF token, then POST).

It prints, per route, answers, errors, p50/p95/p99 latency and throughput, then the same gunicorn
setup serves a bare Flask endpoint (``benchmarks/bare_app.py``) that gets the same number of requests at
the same concurrency: the baseline. Loopback only; bounded in requests and time (--timeout, default
180 s); both servers are stopped in ``finally``.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from registration import DEFAULT_DATABASE_URL, Gunicorn, Phase, cookies_from, create_database, drop_database, request  # noqa: E402

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
SECRET_KEY = "morning-benchmark-" + secrets.token_hex(8)
DESKS = ("A", "B", "C")


def prepare(url: str, instance: Path, badges: int) -> dict:
    """Migrate, load the demo, add today's event with its confirmed people and desk tokens."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from app import create_app
    from app.badges.tokens import badge_code_for
    from app.checkin.operations import issue_desk_token
    from app.core.extensions import db
    from app.demo.loader import load_demo
    from app.events.models import Event, EventKind, EventStatus
    from app.people.models import Person
    from app.registration.models import Registration, RegistrationStatus

    app = create_app({"PUBLIC_URL": "http://127.0.0.1", "INSTANCE_PATH": str(instance), "SECRET_KEY": SECRET_KEY,
                      "SQLALCHEMY_DATABASE_URI": url, "MAIL_SUPPRESS_SEND": True})
    with app.app_context():
        upgrade()
        load_demo()
        paris = ZoneInfo("Europe/Paris")
        morning = datetime.now(paris).replace(hour=8, minute=0, second=0, microsecond=0)
        event = Event(kind=EventKind.RAICT, slug="raict-today", title_fr="RAICT du jour", title_en="Today's RAICT",
                      starts_at=morning - timedelta(days=1), ends_at=morning + timedelta(days=1, hours=10),
                      timezone="Europe/Paris", status=EventStatus.PUBLISHED, venue_city="Paris", venue_country="FR")
        db.session.add(event)
        people = [Person(given_name="Délégué", family_name=f"Matin{n:04d}", country=random.choice(["FR", "VN", "JP"]),
                         email=f"morning{n}@example.org") for n in range(badges)]
        db.session.add_all(people)
        db.session.flush()
        registrations = [Registration(event=event, person=person, status=RegistrationStatus.CONFIRMED)
                         for person in people]
        db.session.add_all(registrations)
        db.session.flush()
        tokens = {desk: issue_desk_token(event, desk)[1] for desk in DESKS}
        codes = [badge_code_for(registration) for registration in registrations]
        open_event = db.session.scalar(sa.select(Event).where(Event.status == EventStatus.REGISTRATION_OPEN)
                                       .order_by(Event.starts_at))
        open_path = f"/{open_event.kind.url_prefix}/{open_event.slug}/register"
        # The programme feed calendar apps poll: the coming event's (an event archived long ago answers 410 Gone).
        feed_path = f"/{open_event.kind.url_prefix}/{open_event.slug}/programme.ics"
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return {"codes": codes, "tokens": tokens, "register": open_path, "feed": feed_path}


class Recorder:
    def __init__(self) -> None:
        self.phases: dict[str, Phase] = defaultdict(Phase)

    def call(self, route: str, port: int, method: str, path: str, expected: tuple[int, ...], **kwargs):
        phase = self.phases[route]
        started = time.perf_counter()
        try:
            status, headers, body = request(port, method, path, **kwargs)
        except OSError as error:
            phase.error(type(error).__name__)
            return None
        if status not in expected:
            phase.error(f"HTTP {status}")
            return None
        phase.ok(time.perf_counter() - started)
        return status, headers, body


def desk_client(recorder: Recorder, port: int, desk: str, token: str, codes: list[str], verdicts: dict) -> None:
    import json

    for code in codes:
        answer = recorder.call("POST /api/checkin/<slug>/scan", port, "POST", "/api/checkin/raict-today/scan",
                               (200,), body=json.dumps({"code": code, "desk": desk, "nonce": secrets.token_hex(8)})
                               .encode(), headers={"Authorization": f"Bearer {token}",
                                                   "Content-Type": "application/json"})
        if answer:
            status = json.loads(answer[2])["status"]
            verdicts[status] = verdicts.get(status, 0) + 1


def reader(recorder: Recorder, port: int, n: int) -> None:
    path, route = random.Random(n).choice([
        ("/raict/raict-2023/", "GET event page"), ("/raict/raict-2023/programme", "GET programme page"),
        ("/api/events/raict-2023/programme.json", "GET programme.json")])
    recorder.call(route, port, "GET", path, (200,))


def calendar_poller(recorder: Recorder, port: int, polls: int, path: str) -> None:
    etag = None
    for _ in range(polls):
        headers = {"If-None-Match": etag} if etag else {}
        answer = recorder.call("GET programme.ics (ETag)", port, "GET", path,
                               (200, 304), headers=headers)
        if answer and answer[0] == 200:
            etag = dict((k.lower(), v) for k, v in answer[1]).get("etag")


def late_registration(recorder: Recorder, port: int, path: str, n: int) -> None:
    answer = recorder.call("GET registration form", port, "GET", path, (200,))
    if not answer:
        return
    form = urlencode({"csrf_token": CSRF.search(answer[2].decode()).group(1), "given_name": "Camille",
                      "family_name": f"Tardif{n:04d}", "email": f"late{n}-{os.getpid()}@example.org",
                      "country": "FR", "language": "fr", "collectivite_id": "0", "new_collectivite_type": "commune",
                      "consent": "y"}).encode()
    # the form answers "check your mail" (200): the registration is made when the mailed link is confirmed
    recorder.call("POST registration", port, "POST", path, (200,), body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies_from(answer[1])})


def percentile(phase: Phase, fraction: float) -> float:
    return phase.p(fraction) * 1000


def report(recorder: Recorder, bare: Phase, wall: float, verdicts: dict, badges: int) -> None:
    print(f"\n{'route':34} {'ok':>5} {'err':>4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'p50×bare':>9}")
    rows = [("bare Flask endpoint (baseline)", bare)] + sorted(recorder.phases.items())
    for route, phase in rows:
        rate = len(phase.durations) / (phase.wall or wall)
        print(f"{route:34} {len(phase.durations):5} {phase.error_count:4} {percentile(phase, 0.5):8.1f} "
              f"{percentile(phase, 0.95):8.1f} {percentile(phase, 0.99):8.1f} {rate:8.1f} "
              f"{phase.p50 / bare.p50:9.1f}")
        if phase.errors:
            print(f"{'':34} errors: {phase.errors}")
    total = sum(len(phase.durations) for phase in recorder.phases.values())
    print(f"\nwhole morning: {total} answers in {wall:.1f} s = {total / wall:.0f} req/s "
          f"(bare endpoint: {bare.throughput:.0f} req/s at the same concurrency)")
    print(f"scan verdicts: {dict(sorted(verdicts.items()))} (expected ok: {badges})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--badges", type=int, default=600)
    parser.add_argument("--readers", type=int, default=600, help="programme page views")
    parser.add_argument("--pollers", type=int, default=50, help="calendar subscriptions, polling 4 times each")
    parser.add_argument("--registrations", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=180.0)
    arguments = parser.parse_args()
    if not arguments.database_url.startswith("postgres"):
        parser.error("--database-url must be a PostgreSQL URL")
    if not (3 <= arguments.badges <= 5000 and 0 <= arguments.readers <= 20000 and 0 <= arguments.pollers <= 2000
            and 0 <= arguments.registrations <= 1000 and 4 <= arguments.concurrency <= 200):
        parser.error("out of bounds: badges 3…5000, readers ≤ 20000, pollers ≤ 2000, registrations ≤ 1000, "
                     "concurrency 4…200")
    name = f"rencontres_morning_{os.getpid()}"
    servers: list[Gunicorn] = []
    with tempfile.TemporaryDirectory(prefix="rencontres-morning-") as folder:
        folder = Path(folder)
        url = create_database(arguments.database_url, name)
        try:
            data = prepare(url, folder / "instance", arguments.badges)
            env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "INSTANCE_PATH": str(folder / "instance"),
                   "SESSION_COOKIE_SECURE": "false", "RATELIMIT_ENABLED": "false", "MAIL_SEND_AFTER_REQUEST": "false"}
            servers.append(Gunicorn("wsgi:app", env, ROOT, folder / "app.log"))
            servers[-1].wait_until_ready("/")
            port = servers[-1].port
            recorder, verdicts = Recorder(), {}
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=arguments.concurrency) as pool:
                futures = [pool.submit(desk_client, recorder, port, desk, data["tokens"][desk],
                                       data["codes"][n::len(DESKS)], verdicts) for n, desk in enumerate(DESKS)]
                futures += [pool.submit(calendar_poller, recorder, port, 4, data["feed"]) for _ in range(arguments.pollers)]
                futures += [pool.submit(late_registration, recorder, port, data["register"], n)
                            for n in range(arguments.registrations)]
                futures += [pool.submit(reader, recorder, port, n) for n in range(arguments.readers)]
                deadline = time.monotonic() + arguments.timeout
                for future in futures:
                    future.result(timeout=max(deadline - time.monotonic(), 0.1))
            wall = time.perf_counter() - started
            for phase in recorder.phases.values():
                phase.wall = wall
            servers.pop().stop()

            servers.append(Gunicorn("bare_app:app", env, ROOT / "benchmarks", folder / "bare.log"))
            servers[-1].wait_until_ready("/")
            total = sum(len(phase.durations) + phase.error_count for phase in recorder.phases.values())
            bare_recorder = Recorder()
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=arguments.concurrency) as pool:
                list(pool.map(lambda _: bare_recorder.call("bare", servers[-1].port, "GET", "/", (200,)),
                              range(total)))
            bare = bare_recorder.phases["bare"]
            bare.wall = time.perf_counter() - started
            servers.pop().stop()
            report(recorder, bare, wall, verdicts, arguments.badges)
            return 0 if verdicts.get("ok") == arguments.badges and not any(
                phase.error_count for phase in recorder.phases.values()) else 1
        finally:
            for server in servers:
                server.stop()
            drop_database(arguments.database_url, name)


if __name__ == "__main__":
    sys.exit(main())
