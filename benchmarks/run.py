"""Measure the main pages against a bare Flask endpoint in the same run; print ratios and SQL query counts.

    .venv/bin/python benchmarks/run.py [--requests 200] [--database-url postgresql://…] [--badges 600]
        [--certificates 0] [--meetings 20] [--scans]

Then the badge benchmark (benchmarks/badges.py), the certificate benchmark (benchmarks/certificates.py: the
demo RAICT 2023's certificates) and the mail benchmark (benchmarks/mail.py: queueing a 3,400-message campaign,
then sending it beside a bare smtplib loop) on the same database, the campaign queueing benchmark
(benchmarks/campaigns.py: 3,400 contacts, on a database of its own), the meetings scheduler benchmark
(benchmarks/meetings.py, no database), and with --scans the scan benchmark (benchmarks/scans.py: gunicorn +
PostgreSQL, 32 clients).
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.core.extensions import db  # noqa: E402

PUBLIC_ROUTES = [
    "/",
    "/raict/raict-2023/",
    "/raict/raict-2023/programme",
    "/raict/raict-2023/speakers",
    "/raict/raict-2023/speakers?order=protocol",
    "/api/events/raict-2023/programme.json",
    "/raict/raict-2027/programme.ics",  # (RAICT 2023 is archived: its feeds answer 410 Gone)
]
SLOW_ROUTES = ["/raict/raict-2023/programme.pdf"]
ORGANISER_ROUTES = ["/organiser/", "/organiser/events/raict-2023/sessions", "/organiser/events/raict-2023/conflicts",
                    "/desk/raict-2023/arrivals"]


def bare_app() -> Flask:
    app = Flask("bare")
    app.add_url_rule("/", "index", lambda: "ok")
    return app


def measure(client, path: str, requests: int, counter: list | None = None) -> dict:
    for _ in range(3):
        response = client.get(path)
    if response.status_code != 200:
        return {"path": path, "status": response.status_code}
    durations, queries = [], []
    for _ in range(requests):
        before = len(counter) if counter is not None else 0
        start = time.perf_counter()
        client.get(path)
        durations.append(time.perf_counter() - start)
        queries.append(len(counter) - before if counter is not None else 0)
    durations.sort()
    return {"path": path, "status": 200, "p50": statistics.median(durations),
            "p95": durations[int(len(durations) * 0.95) - 1], "rps": len(durations) / sum(durations),
            "queries": max(queries)}


def prepare(database_url: str | None, instance: Path) -> Flask:
    url = database_url or f"sqlite:///{instance / 'bench.sqlite3'}"
    app = create_app({"PUBLIC_URL": "http://localhost", "INSTANCE_PATH": str(instance), "SQLALCHEMY_DATABASE_URI": url,
                      "SESSION_COOKIE_SECURE": False})
    with app.app_context():
        from flask_migrate import downgrade, upgrade

        if database_url:
            downgrade(revision="base")
        upgrade()
        from app.demo.loader import load_demo

        started = time.perf_counter()
        load_demo()
        print(f"demo data loaded in {time.perf_counter() - started:.1f} s")
    return app


def logged_in_client(app: Flask):
    """A client logged in as the demo organiser, through the login form like a browser."""
    client = app.test_client()
    logins = Path(app.instance_path, "demo-logins.txt").read_text().split("\n")
    email, _, password = next(line.split() for line in logins if " organiser " in line)
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302, "demo organiser login failed"
    return client


def report(rows: list[dict], baseline: dict) -> None:
    print(f"\n{'route':52} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'× bare':>8} {'SQL':>4}")
    print(f"{'bare Flask endpoint (baseline)':52} {baseline['rps']:8.0f} {baseline['p50'] * 1000:8.2f} "
          f"{baseline['p95'] * 1000:8.2f} {1:8.1f} {0:4}")
    for row in rows:
        if row["status"] != 200:
            print(f"{row['path']:52} answered {row['status']}")
            continue
        print(f"{row['path']:52} {row['rps']:8.0f} {row['p50'] * 1000:8.2f} {row['p95'] * 1000:8.2f} "
              f"{row['p50'] / baseline['p50']:8.1f} {row['queries']:4}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url")
    parser.add_argument("--badges", type=int, default=600, help="badges of the badge benchmark (0: skip it)")
    parser.add_argument("--mails", type=int, default=3400,
                        help="messages of the mail benchmark: queue a campaign, send it (0: skip it)")
    parser.add_argument("--campaign-contacts", type=int, default=3400,
                        help="contacts of the campaign queueing benchmark (benchmarks/campaigns.py; 0: skip it)")
    parser.add_argument("--certificates", type=int, default=1,
                        help="the certificate benchmark: the demo RAICT 2023's 509 certificates (0: skip it)")
    parser.add_argument("--meetings", type=float, default=20.0, metavar="SECONDS",
                        help="time limit of the meetings scheduler benchmark (benchmarks/meetings.py; 0: skip it)")
    parser.add_argument("--scans", action="store_true",
                        help="then run benchmarks/scans.py (gunicorn + PostgreSQL, 32 clients) on the server of "
                             "--database-url (default: the development server)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = prepare(arguments.database_url, Path(folder))
        baseline = measure(bare_app().test_client(), "/", arguments.requests * 5)
        statements: list[str] = []
        with app.app_context():
            sa.event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
            public = app.test_client()
            rows = [measure(public, path, arguments.requests, statements) for path in PUBLIC_ROUTES]
            rows += [measure(public, path, max(arguments.requests // 20, 5), statements) for path in SLOW_ROUTES]
            organiser = logged_in_client(app)
            rows += [measure(organiser, path, arguments.requests, statements) for path in ORGANISER_ROUTES]
        report(rows, baseline)
        if arguments.badges:
            from badges import run as run_badges  # benchmarks/badges.py: 600 badges vs bare reportlab

            run_badges(app, arguments.badges)
        if arguments.certificates:
            from certificates import run as run_certificates  # benchmarks/certificates.py: RAICT 2023 vs bare reportlab

            run_certificates(app)
        if arguments.mails:
            from mail import run as run_mail  # benchmarks/mail.py: the outbox vs a bare smtplib loop

            run_mail(app, arguments.mails)
    if arguments.campaign_contacts:
        from campaigns import fresh_app as campaign_app  # benchmarks/campaigns.py: queue_campaign vs executemany
        from campaigns import run as run_campaigns

        with tempfile.TemporaryDirectory() as folder:  # a database of its own: its contacts only
            run_campaigns(campaign_app(None, Path(folder)), arguments.campaign_contacts)
    if arguments.meetings:
        from meetings import run as run_meetings  # benchmarks/meetings.py: the solver vs a greedy first-fit

        print("\nmeetings scheduler (RAICT scale):")
        run_meetings(["highs"], arguments.meetings, changes=50, seed=7)
    if arguments.scans:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import scans

        scans.run(arguments.database_url or scans.DEFAULT_DATABASE_URL, requests=3000, concurrency=32, badges=600)


if __name__ == "__main__":
    main()
