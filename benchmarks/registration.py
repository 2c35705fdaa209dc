"""Fire N concurrent registrations at gunicorn + PostgreSQL, beside a bare Flask endpoint measured in the same run.

    .venv/bin/python benchmarks/registration.py [--database-url postgresql://…] [--requests 200] [--concurrency 50]

Creates a fresh database ``rencontres_bench_<pid>`` on the server of --database-url (dropped at the end),
migrates it, adds an event open for registration with one 10-seat workshop, serves the app with
``gunicorn wsgi:app`` (4 workers) on 127.0.0.1, and registers N distinct people through the public form
like browsers: each client GETs the form (keeping its cookie) for the CSRF token, then all clients POST
at once, every one choosing the workshop. Then the same gunicorn setup serves ``bare_app:app`` and gets
the same N GETs at the same concurrency. Prints seats given, waiting list, errors, p50/p95 and throughput,
and the ratio to the baseline. Nothing is left running: both servers are stopped in ``finally``.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config import normalise_database_url  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql://rencontres:rencontres@127.0.0.1:5432/rencontres"
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
OVERALL_TIMEOUT = 120.0  # seconds, for the whole firing (both phases of registrations, then the baseline)
REQUEST_TIMEOUT = 60.0
STARTUP_TIMEOUT = 60.0
SECRET_KEY = "benchmark-secret-key-fixed-for-this-run-" + str(os.getpid())
CSRF_PATTERN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


# --- the database -------------------------------------------------------------

def admin_engine(url: str) -> sa.Engine:
    return sa.create_engine(normalise_database_url(url), isolation_level="AUTOCOMMIT")


def create_database(server_url: str, name: str) -> str:
    engine = admin_engine(server_url)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return sa.engine.make_url(normalise_database_url(server_url)).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    engine = admin_engine(server_url)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def prepare(app) -> tuple[str, int, int]:
    """Migrate, then an event open for registration with one 10-seat workshop: (form path, event id, session id)."""
    from flask_migrate import upgrade

    from app.core.extensions import db
    from app.events.models import EventKind, EventStatus
    from app.events.operations import save_event
    from app.programme.models import SessionType
    from app.programme.operations import SessionData, save_session

    with app.app_context():
        upgrade()
        paris = ZoneInfo("Europe/Paris")
        day = (datetime.now(paris) + timedelta(days=60)).date()
        starts_at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=paris)
        event = save_event({
            "kind": EventKind.RAICT, "slug": "bench-2030", "title_fr": "Rencontres du banc d'essai",
            "title_en": "Benchmark meetings", "starts_at": starts_at, "ends_at": starts_at + timedelta(hours=9),
            "timezone": "Europe/Paris", "venue_name": "Salle", "venue_city": "Paris", "venue_country": "FR",
            "status": EventStatus.REGISTRATION_OPEN})
        session, _ = save_session(event, SessionData(
            type=SessionType.WORKSHOP, title_fr="Atelier de 10 places", title_en="10-seat workshop",
            starts_at=starts_at + timedelta(hours=2), ends_at=starts_at + timedelta(hours=3, minutes=30),
            capacity=10, languages=["fr"]))
        db.session.commit()
        path = f"/{event.kind.url_prefix}/{event.slug}/register"
        result = path, event.id, session.id
        db.session.remove()
        db.engine.dispose()
    return result


def outcome(app, event_id: int, session_id: int) -> dict[str, int]:
    from app.core.extensions import db
    from app.registration.models import ChoiceStatus, Registration, SessionChoice

    with app.app_context():
        choices = dict(db.session.execute(
            sa.select(SessionChoice.status, sa.func.count()).where(SessionChoice.session_id == session_id)
            .group_by(SessionChoice.status)).all())
        registrations = db.session.scalar(
            sa.select(sa.func.count()).select_from(Registration).where(Registration.event_id == event_id))
        db.session.remove()
        db.engine.dispose()
    return {"seats": choices.get(ChoiceStatus.CONFIRMED, 0), "waiting": choices.get(ChoiceStatus.WAITLISTED, 0),
            "registrations": registrations or 0}


# --- gunicorn -------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """``gunicorn <target>`` on 127.0.0.1, ``workers`` sync workers; stop() always ends it.
    (The whole-app tests in tests/operations/ serve the app with it too.)"""

    def __init__(self, target: str, env: dict[str, str], cwd: Path, log: Path, workers: int = WORKERS) -> None:
        self.port = free_port()
        self.log = log
        self.handle = open(log, "wb")
        env = {**env, "PUBLIC_URL": f"http://127.0.0.1:{self.port}"}  # the app answers to this host only
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
             "--timeout", "60", "--log-level", "warning", target],
            cwd=cwd, env=env, stdout=self.handle, stderr=subprocess.STDOUT)

    def wait_until_ready(self, path: str) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n{self.log.read_text()[-3000:]}")
            try:
                # A worker's first request imports and renders cold: seconds on a loaded machine.
                status, _, _ = request(self.port, "GET", path, timeout=max(2.0, deadline - time.monotonic()))
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {STARTUP_TIMEOUT:.0f} s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.handle.close()


# --- the clients -----------------------------------------------------------------

def request(port: int, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None,
            timeout: float = REQUEST_TIMEOUT) -> tuple[int, list[tuple[str, str]], bytes]:
    """One request on a new loopback connection (gunicorn's sync workers close it after each response)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def cookies_from(headers: list[tuple[str, str]]) -> str:
    jar = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return "; ".join(f"{key}={morsel.value}" for key, morsel in jar.items())


@dataclass
class Phase:
    """Latencies of the requests that got the expected answer, the errors, and the phase's wall time."""
    durations: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    wall: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ok(self, duration: float) -> None:
        with self.lock:
            self.durations.append(duration)

    def error(self, reason: str) -> None:
        with self.lock:
            self.errors[reason] = self.errors.get(reason, 0) + 1

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def p(self, fraction: float) -> float:
        ordered = sorted(self.durations)
        return ordered[min(max(int(len(ordered) * fraction + 0.5) - 1, 0), len(ordered) - 1)] if ordered else float("nan")

    @property
    def p50(self) -> float:
        return statistics.median(self.durations) if self.durations else float("nan")

    @property
    def throughput(self) -> float:
        return len(self.durations) / self.wall if self.wall else 0.0


def fire(count: int, concurrency: int, one, deadline: float) -> Phase:
    """Run one(i, phase) for i in range(count) on `concurrency` threads, no later than `deadline`."""
    phase = Phase()
    started = time.perf_counter()
    pool = ThreadPoolExecutor(max_workers=concurrency)
    try:
        futures = [pool.submit(one, i, phase) for i in range(count)]
        _, pending = wait(futures, timeout=max(deadline - time.monotonic(), 0))
        for future in pending:
            if future.cancel():
                phase.error("not started before the overall timeout")
            else:
                phase.error("still running at the overall timeout")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # requests in flight end within REQUEST_TIMEOUT
    phase.wall = time.perf_counter() - started
    return phase


def timed(phase: Phase, method: str, port: int, path: str, expected: int, **kwargs):
    started = time.perf_counter()
    try:
        status, headers, body = request(port, method, path, **kwargs)
    except OSError as error:
        phase.error(type(error).__name__)
        return None
    duration = time.perf_counter() - started
    if status != expected:
        phase.error(f"HTTP {status}")
        return None
    phase.ok(duration)
    return headers, body


def register_all(port: int, path: str, session_id: int, count: int, concurrency: int, deadline: float):
    """Every client GETs the form (cookie + CSRF token), then all POST their registration at once."""
    browsers: dict[int, tuple[str, str]] = {}

    def open_form(i: int, phase: Phase) -> None:
        answer = timed(phase, "GET", port, path, 200)
        if answer is not None:
            headers, body = answer
            match = CSRF_PATTERN.search(body.decode("utf-8", "replace"))
            if match is None:
                phase.error("no CSRF token in the form")
            else:
                browsers[i] = (cookies_from(headers), match.group(1))

    def submit(i: int, phase: Phase) -> None:
        if i not in browsers:
            phase.error("form not loaded")
            return
        cookie, token = browsers[i]
        body = urlencode({
            "csrf_token": token, "given_name": "Camille", "family_name": f"Banc{i:04d}",
            "email": f"bench{i:04d}@example.org", "country": "FR", "language": "fr", "collectivite_id": "0",
            "new_collectivite_type": "commune", "consent": "y", "sessions": str(session_id)}).encode()
        timed(phase, "POST", port, path, 303, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})

    forms = fire(count, concurrency, open_form, deadline)
    posts = fire(count, concurrency, submit, deadline)
    return forms, posts


def get_all(port: int, count: int, concurrency: int, deadline: float) -> Phase:
    return fire(count, concurrency, lambda i, phase: timed(phase, "GET", port, "/", 200), deadline)


# --- the run -----------------------------------------------------------------------

def report(arguments, counts: dict, forms: Phase, posts: Phase, bare: Phase) -> None:
    def row(label: str, phase: Phase) -> str:
        return (f"{label:34} {len(phase.durations):5} {phase.error_count:6} {phase.p50 * 1000:8.1f} "
                f"{phase.p(0.95) * 1000:8.1f} {phase.throughput:8.1f} {phase.p50 / bare.p50:7.1f}")

    print(f"\n{arguments.requests} registrations, {arguments.concurrency} concurrent clients, gunicorn {WORKERS} sync "
          f"workers, PostgreSQL; one workshop of 10 seats")
    print(f"seats given (confirmed choices):   {counts['seats']}")
    print(f"waiting list (waitlisted choices): {counts['waiting']}")
    print(f"registrations created:             {counts['registrations']}")
    print(f"errors:                            {forms.error_count + posts.error_count}"
          + (f"  {forms.errors | posts.errors}" if forms.errors or posts.errors else ""))
    print(f"\n{'':34} {'ok':>5} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'× bare':>7}")
    print(row("bare Flask endpoint (baseline)", bare))
    print(row("GET registration form", forms))
    print(row("POST registration (→ 303)", posts))
    verdict = "OK" if (counts["seats"] == min(10, arguments.requests) and counts["registrations"] == arguments.requests
                       and counts["seats"] + counts["waiting"] == arguments.requests) else "UNEXPECTED"
    print(f"\ncapacity check: {verdict} (expected {min(10, arguments.requests)} seats, "
          f"{max(arguments.requests - 10, 0)} waiting, {arguments.requests} registrations)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
                        help="a PostgreSQL server (and role allowed to create databases); a new database is made on it")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    arguments = parser.parse_args()
    if not arguments.database_url.startswith("postgres"):
        parser.error("--database-url must be a PostgreSQL URL")
    if not 1 <= arguments.requests <= 5000 or not 1 <= arguments.concurrency <= 200:
        parser.error("--requests must be 1…5000 and --concurrency 1…200")

    from app import create_app

    name = f"rencontres_bench_{os.getpid()}"
    servers: list[Gunicorn] = []
    with tempfile.TemporaryDirectory(prefix="rencontres-bench-") as folder:
        folder = Path(folder)
        url = create_database(arguments.database_url, name)
        try:
            app = create_app({"PUBLIC_URL": "http://127.0.0.1", "INSTANCE_PATH": str(folder / "instance"),
                              "SECRET_KEY": SECRET_KEY,
                              "SQLALCHEMY_DATABASE_URI": url, "MAIL_SUPPRESS_SEND": True})
            path, event_id, session_id = prepare(app)
            env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET_KEY,
                   "INSTANCE_PATH": str(folder / "instance"), "SESSION_COOKIE_SECURE": "false",
                   # 200 posts from one address would hit the public form's rate limit: off for this run only.
                   "RATELIMIT_ENABLED": "false", "MAIL_SEND_AFTER_REQUEST": "false"}
            print(f"database {name} ready; RATELIMIT_ENABLED=false for this run (all clients are 127.0.0.1); "
                  f"mail stays queued in the outbox (MAIL_SEND_AFTER_REQUEST=false)")
            deadline = time.monotonic() + OVERALL_TIMEOUT

            servers.append(Gunicorn("wsgi:app", env, ROOT, folder / "app.log"))
            servers[-1].wait_until_ready(path)
            forms, posts = register_all(servers[-1].port, path, session_id, arguments.requests,
                                        arguments.concurrency, deadline)
            servers.pop().stop()

            servers.append(Gunicorn("bare_app:app", env, ROOT / "benchmarks", folder / "bare.log"))
            servers[-1].wait_until_ready("/")
            bare = get_all(servers[-1].port, arguments.requests, arguments.concurrency, deadline)
            servers.pop().stop()

            report(arguments, outcome(app, event_id, session_id), forms, posts, bare)
            return 0
        finally:
            for server in servers:
                server.stop()
            drop_database(arguments.database_url, name)


if __name__ == "__main__":
    sys.exit(main())
