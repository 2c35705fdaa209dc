"""Badge scans per second on gunicorn + PostgreSQL, beside a bare Flask endpoint measured in the same run.

    .venv/bin/python benchmarks/scans.py [--database-url postgresql://…] [--requests 3000] [--concurrency 32]
                                         [--badges 600]

Creates a fresh database ``rencontres_bench_scans_<pid>`` on the server of --database-url (dropped at the
end), migrates it, adds an event happening today with --badges confirmed registrations and a desk token,
serves the app with ``gunicorn wsgi:app`` (4 sync workers) on 127.0.0.1, and sends N scans from C clients
at once through ``POST /api/checkin/<slug>/scan`` (Bearer token, a fresh nonce each): badge i % badges, so
the first pass over the badges answers ``ok`` and every later one ``already_checked_in`` — the two paths a
desk takes all day. Then the same gunicorn setup serves ``bare_app:app`` and gets the same N JSON POSTs at
the same concurrency twice: ``/scan`` (no database: the first baseline) and ``/insert`` (one
``INSERT … ON CONFLICT DO NOTHING RETURNING`` committed on the same PostgreSQL database, with the same
desk and a fresh nonce each: the second baseline). Both servers run at once and the three phases are
interleaved in --rounds rounds (the load of a shared machine drifts less between neighbouring phases). Prints
scans/s, p50/p99 and the ratio to each baseline
(targets: ≥ 35 % of the bare endpoint, ≥ 60 % of the INSERT endpoint), and checks that exactly one
check-in per badge was recorded. The servers are stopped in ``finally``.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from registration import DEFAULT_DATABASE_URL, SECRET_KEY, WORKERS, Gunicorn, Phase, create_database, drop_database, fire, request  # noqa: E402

OVERALL_TIMEOUT = 300.0
TARGET_RATIO = 0.35
TARGET_INSERT_RATIO = 0.60


def prepare(app, badges: int) -> tuple[str, list[str], str]:
    """Migrate; an event running today with ``badges`` confirmed registrations and a desk token:
    (event slug, badge codes, token)."""
    from flask_migrate import upgrade

    from app.badges.tokens import badge_code_for
    from app.checkin.operations import issue_desk_token
    from app.core.db import utcnow
    from app.core.extensions import db
    from app.events.models import Event, EventKind, EventStatus
    from app.people.models import Person
    from app.registration.models import Registration, RegistrationStatus

    with app.app_context():
        upgrade()
        starts_at = utcnow() - timedelta(hours=2)
        event = Event(kind=EventKind.RAICT, slug="bench-scans", title_fr="Banc d'essai de l'accueil",
                      title_en="Desk benchmark", starts_at=starts_at, ends_at=starts_at + timedelta(days=2),
                      timezone="Europe/Paris", venue_name="Salle", venue_city="Paris", venue_country="FR",
                      status=EventStatus.PUBLISHED)
        db.session.add(event)
        registrations = []
        for n in range(badges):
            person = Person(given_name="Camille", family_name=f"Accueil{n:04d}", country="FR",
                            email=f"desk{n:04d}@example.org")
            registrations.append(Registration(event=event, person=person, status=RegistrationStatus.CONFIRMED))
        db.session.add_all(registrations)
        db.session.flush()
        _row, token = issue_desk_token(event, "B")
        db.session.commit()
        # The second baseline's table: one INSERT … ON CONFLICT DO NOTHING RETURNING per request.
        from bare_app import TABLE
        db.session.execute(sa.text(TABLE))
        db.session.commit()
        result = event.slug, [badge_code_for(registration) for registration in registrations], token
        db.session.remove()
        db.engine.dispose()
    return result


def recorded(app) -> tuple[int, int]:
    """(check-ins, distinct badges checked in)."""
    from app.checkin.models import CheckIn
    from app.core.extensions import db

    with app.app_context():
        rows, distinct = db.session.execute(sa.select(
            sa.func.count(), sa.func.count(sa.distinct(CheckIn.registration_id)))).one()
        db.session.remove()
        db.engine.dispose()
    return rows, distinct


def scan_all(port: int, slug: str, codes: list[str], token: str, count: int, concurrency: int,
             deadline: float, statuses: Counter | None = None, first: int = 0) -> tuple[Phase, Counter]:
    statuses = Counter() if statuses is None else statuses
    path = f"/api/checkin/{slug}/scan"
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}

    def one(i: int, phase: Phase) -> None:
        i += first
        body = json.dumps({"code": codes[i % len(codes)], "desk": "B", "nonce": f"bench-{os.getpid()}-{i}"}).encode()
        started = time.perf_counter()
        try:
            status, _headers, answer = request(port, "POST", path, body=body, headers=headers)
        except OSError as error:
            phase.error(type(error).__name__)
            return
        if status != 200:
            phase.error(f"HTTP {status}")
            return
        phase.ok(time.perf_counter() - started)
        with phase.lock:
            statuses[json.loads(answer)["status"]] += 1

    return fire(count, concurrency, one, deadline), statuses


def bare_all(port: int, count: int, concurrency: int, deadline: float, path: str = "/scan", first: int = 0) -> Phase:
    headers = {"Content-Type": "application/json"}

    def one(i: int, phase: Phase) -> None:
        i += first
        body = json.dumps({"code": "RC1.1.1.1.X", "desk": "B", "nonce": f"bare-{i}"}).encode()
        started = time.perf_counter()
        try:
            status, _headers, _answer = request(port, "POST", path, body=body, headers=headers)
        except OSError as error:
            phase.error(type(error).__name__)
            return
        if status != 200:
            phase.error(f"HTTP {status}")
            return
        phase.ok(time.perf_counter() - started)

    return fire(count, concurrency, one, deadline)


def report(arguments, scans: Phase, statuses: Counter, bare: Phase, insert: Phase, rows: int, distinct: int) -> bool:
    expected_ok = min(arguments.badges, arguments.requests)
    ratio = scans.throughput / bare.throughput if bare.throughput else 0.0
    insert_ratio = scans.throughput / insert.throughput if insert.throughput else 0.0
    print(f"\n{arguments.requests} scans of {arguments.badges} badges, {arguments.concurrency} concurrent clients, "
          f"gunicorn {WORKERS} sync workers, PostgreSQL")
    errors = scans.error_count + bare.error_count + insert.error_count
    print(f"answers: {dict(statuses)}   errors: {errors}"
          + (f"  {scans.errors | bare.errors | insert.errors}" if errors else ""))
    print(f"check-ins recorded: {rows} for {distinct} badges")
    print(f"\n{'':34} {'ok':>5} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8}")
    for label, phase in (("bare Flask JSON POST (baseline)", bare), ("bare Flask + one INSERT (baseline)", insert),
                         ("POST /api/checkin/…/scan", scans)):
        print(f"{label:34} {len(phase.durations):5} {phase.p50 * 1000:8.1f} {phase.p(0.99) * 1000:8.1f} "
              f"{phase.throughput:8.1f}")
    correct = (statuses.get("ok") == expected_ok and rows == distinct == expected_ok
               and statuses.get("already_checked_in", 0) == arguments.requests - expected_ok)
    verdict = "OK" if ratio >= TARGET_RATIO else "BELOW"
    print(f"\nscans/s vs bare: {ratio:.0%} (target ≥ {TARGET_RATIO:.0%}): {verdict}")
    verdict = "OK" if insert_ratio >= TARGET_INSERT_RATIO else "BELOW"
    print(f"scans/s vs bare + one INSERT: {insert_ratio:.0%} (target ≥ {TARGET_INSERT_RATIO:.0%}): {verdict}; per round: "
          + ", ".join(f"{value:.0%}" for value in arguments.round_ratios)
          + f" (median {statistics.median(arguments.round_ratios):.0%})")
    print(f"one check-in per badge: {'OK' if correct else 'UNEXPECTED'} (expected {expected_ok} ok, "
          f"{arguments.requests - expected_ok} already_checked_in)")
    return correct


def merged(phases: list[Phase]) -> Phase:
    """Rounds of one phase as one: every latency and error, the rounds' wall times added."""
    whole = Phase()
    for phase in phases:
        whole.durations.extend(phase.durations)
        for reason, count in phase.errors.items():
            whole.errors[reason] = whole.errors.get(reason, 0) + count
        whole.wall += phase.wall
    return whole


def run(database_url: str, requests: int, concurrency: int, badges: int, rounds: int = 5) -> bool:
    from app import create_app

    arguments = argparse.Namespace(requests=requests, concurrency=concurrency, badges=badges)
    name = f"rencontres_bench_scans_{os.getpid()}"
    servers: list[Gunicorn] = []
    with tempfile.TemporaryDirectory(prefix="rencontres-bench-") as folder:
        folder = Path(folder)
        url = create_database(database_url, name)
        try:
            app = create_app({"PUBLIC_URL": "http://127.0.0.1", "INSTANCE_PATH": str(folder / "instance"),
                              "SECRET_KEY": SECRET_KEY,
                              "SQLALCHEMY_DATABASE_URI": url, "MAIL_SUPPRESS_SEND": True})
            slug, codes, token = prepare(app, badges)
            env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET_KEY,
                   "INSTANCE_PATH": str(folder / "instance"), "MAIL_SEND_AFTER_REQUEST": "false"}
            print(f"database {name} ready: {badges} confirmed registrations, one desk token")
            deadline = time.monotonic() + OVERALL_TIMEOUT

            # Both servers up at once, the three phases interleaved in rounds: on a shared machine the load
            # drifts, and neighbouring phases drift less apart.
            servers.append(Gunicorn("wsgi:app", env, ROOT, folder / "app.log"))
            servers[-1].wait_until_ready("/")
            servers.append(Gunicorn("bare_app:app", env, ROOT / "benchmarks", folder / "bare.log"))
            servers[-1].wait_until_ready("/")
            app_port, bare_port = servers[0].port, servers[1].port
            statuses: Counter = Counter()
            done: dict[str, list[Phase]] = {"scans": [], "bare": [], "insert": []}
            per_round = max(requests // rounds, 1)
            for round_ in range(rounds):
                first = round_ * per_round
                done["scans"].append(scan_all(app_port, slug, codes, token, per_round, concurrency, deadline,
                                              statuses, first)[0])
                done["bare"].append(bare_all(bare_port, per_round, concurrency, deadline, first=first))
                done["insert"].append(bare_all(bare_port, per_round, concurrency, deadline, "/insert", first))
            while servers:
                servers.pop().stop()
            scans, bare, insert = (merged(done[name]) for name in ("scans", "bare", "insert"))
            arguments.requests = per_round * rounds
            arguments.round_ratios = [scan.throughput / row.throughput if row.throughput else 0.0
                                      for scan, row in zip(done["scans"], done["insert"], strict=True)]
            return report(arguments, scans, statuses, bare, insert, *recorded(app))
        finally:
            for server in servers:
                server.stop()
            drop_database(database_url, name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
                        help="a PostgreSQL server (and role allowed to create databases); a new database is made on it")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--badges", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=5, help="the phases interleaved in this many rounds")
    arguments = parser.parse_args()
    if not arguments.database_url.startswith("postgres"):
        parser.error("--database-url must be a PostgreSQL URL")
    if not (1 <= arguments.requests <= 20000 and 1 <= arguments.concurrency <= 200 and 1 <= arguments.badges <= 5000):
        parser.error("--requests must be 1…20000, --concurrency 1…200 and --badges 1…5000")
    return 0 if run(arguments.database_url, arguments.requests, arguments.concurrency, arguments.badges,
                    max(1, min(arguments.rounds, 50))) else 1


if __name__ == "__main__":
    sys.exit(main())
