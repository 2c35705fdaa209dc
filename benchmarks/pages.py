"""The RAICT 2023 programme page on gunicorn (production settings), cached and cold, beside a bare Flask endpoint.

    .venv/bin/python benchmarks/pages.py [--database-url postgresql://…] [--requests 3000] [--cold-requests 300]
                                         [--concurrency 32] [--before /path/to/another/checkout]

Creates a fresh database ``rencontres_bench_pages_<pid>`` on the server of --database-url (dropped at the end),
migrates it and loads the full demo data, then serves with ``gunicorn -c gunicorn.conf.py`` (the production
worker settings: 2 × CPUs + 1 sync workers, at most 8) on 127.0.0.1, one after the other:

- ``bare_app:app``: ``GET /`` answering "ok", the baseline, **in the same run**;
- the app with the default settings: ``GET /raict/raict-2023/programme`` after a warm-up that fills every
  worker's cache (**warm**; versions known per worker, told of changes by the host's shared generation and
  PostgreSQL's LISTEN/NOTIFY: no SQL per request), then the same with ``If-None-Match`` (a browser
  revalidating: 304);
- the same with ``PAGE_VERSION_LISTEN=false`` (one query for the event's version per request);
- the app with ``PAGE_CACHE_ENABLED=false``: every request renders the page (**cold**, the cache empty);
- with ``--before DIR``: the app of another checkout (e.g. the main branch before the cache), on the same
  database (the extra column is ignored by older code), for the before/after figures.

The bare endpoint and the warm phases run in ``--rounds`` interleaved rounds (all three servers up at once), so
that the load of a shared machine drifts less between a phase and its baseline; the warm page's ratio is also
printed per round, with its median. Each phase gets its requests from ``--concurrency`` client threads at once (a
new connection per request, as
the sync workers close them). It prints requests/s, p50/p99 and the ratio to the bare endpoint (target for the
warm page: ≥ 50 %), and the SQL statements per request of each path, counted in-process on the same database.
Bounded: an overall timeout, loopback only, every server stopped in ``finally``.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from registration import (  # noqa: E402  (benchmarks/ on sys.path above)
    DEFAULT_DATABASE_URL,
    SECRET_KEY,
    STARTUP_TIMEOUT,
    Phase,
    create_database,
    drop_database,
    fire,
    free_port,
    request,
)

PAGE = "/raict/raict-2023/programme"
OVERALL_TIMEOUT = 600.0
TARGET_RATIO = 0.5


class ProductionGunicorn:
    """``gunicorn -c gunicorn.conf.py <target>`` on a free loopback port; stop() always ends it."""

    def __init__(self, target: str, env: dict[str, str], cwd: Path, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.handle = open(log, "wb")  # noqa: SIM115  (closed by stop())
        env = {**env, "BIND": f"127.0.0.1:{self.port}", "PUBLIC_URL": f"http://127.0.0.1:{self.port}",
               "GUNICORN_LOG_LEVEL": "warning"}
        self.process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), target],
                                        cwd=cwd, env=env, stdout=self.handle, stderr=subprocess.STDOUT)

    def wait_until_ready(self, path: str) -> None:
        deadline, last = time.monotonic() + STARTUP_TIMEOUT * 4, None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n{self.log.read_text()[-3000:]}")
            try:
                last = request(self.port, "GET", path, timeout=30)
                if last[0] == 200:
                    return
            except OSError as error:
                last = error
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer 200 within {STARTUP_TIMEOUT * 4:.0f} s (last: {str(last)[:300]}):\n"
                           f"{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.handle.close()


def get_all(port: int, path: str, count: int, concurrency: int, deadline: float, expected: int = 200,
            headers: dict | None = None) -> Phase:
    def one(i: int, phase: Phase) -> None:
        started = time.perf_counter()
        try:
            status, _headers, _body = request(port, "GET", path, headers=headers)
        except OSError as error:
            phase.error(type(error).__name__)
            return
        if status != expected:
            phase.error(f"HTTP {status}")
            return
        phase.ok(time.perf_counter() - started)

    return fire(count, concurrency, one, deadline)


def prepare(url: str, instance: Path):
    from flask_migrate import upgrade

    from app import create_app
    from app.core.extensions import db
    from app.demo.loader import load_demo

    app = create_app({"PUBLIC_URL": "http://127.0.0.1", "INSTANCE_PATH": str(instance), "SECRET_KEY": SECRET_KEY,
                      "SQLALCHEMY_DATABASE_URI": url, "MAIL_SUPPRESS_SEND": True, "SESSION_COOKIE_SECURE": False})
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        load_demo()
        print(f"demo data loaded in {time.perf_counter() - started:.1f} s")
        db.session.remove()
    return app


def statements_per_request(app) -> dict[str, int]:
    """SQL statements of one request of each path, in-process on the same database (the pool's ping aside)."""
    from app.core.extensions import db

    counts: dict[str, int] = {}
    statements: list[str] = []
    with app.app_context():
        def listener(*args: object) -> None:
            statements.append(str(args[2]))

        sa.event.listen(db.engine, "before_cursor_execute", listener)
        try:
            client = app.test_client()
            first = client.get(PAGE, base_url="http://127.0.0.1")
            assert first.status_code == 200, f"{PAGE} answered {first.status_code}"
            for _ in range(2):  # the worker listens, then knows the version (the default on PostgreSQL)
                client.get(PAGE, base_url="http://127.0.0.1")
            for label, headers in (("warm", {}), ("304", {"If-None-Match": first.headers["ETag"]})):
                before = len(statements)
                client.get(PAGE, headers=headers, base_url="http://127.0.0.1")
                counts[label] = len(statements) - before
            app.config["PAGE_CACHE_ENABLED"] = False
            before = len(statements)
            client.get(PAGE, base_url="http://127.0.0.1")
            counts["cold"] = len(statements) - before
            app.config["PAGE_CACHE_ENABLED"] = True
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", listener)
            db.session.remove()
            db.engine.dispose()
    return counts


def merged(phases: list[Phase]) -> Phase:
    """Rounds of one route as one phase: every latency and error, the rounds' wall times added."""
    whole = Phase()
    for phase in phases:
        whole.durations.extend(phase.durations)
        for reason, count in phase.errors.items():
            whole.errors[reason] = whole.errors.get(reason, 0) + count
        whole.wall += phase.wall
    return whole


def run(database_url: str, requests: int, cold_requests: int, concurrency: int, before: Path | None,
        rounds: int = 5) -> bool:
    name = f"rencontres_bench_pages_{os.getpid()}"
    round_ratios: list[float] = []
    servers: list[ProductionGunicorn] = []
    rows: list[tuple[str, Phase, str]] = []
    with tempfile.TemporaryDirectory(prefix="rencontres-bench-") as folder:
        folder = Path(folder)
        url = create_database(database_url, name)
        try:
            app = prepare(url, folder / "instance")
            counts = statements_per_request(app)
            env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "INSTANCE_PATH": str(folder / "instance"),
                   "MAIL_SEND_AFTER_REQUEST": "false", "SESSION_COOKIE_SECURE": "false"}
            env.pop("WEB_CONCURRENCY", None)
            deadline = time.monotonic() + OVERALL_TIMEOUT

            def serve(target: str, cwd: Path, log: str, **extra: str) -> int:
                servers.append(ProductionGunicorn(target, {**env, **extra}, cwd, folder / log))
                servers[-1].wait_until_ready("/")
                return servers[-1].port

            def stop() -> None:
                servers.pop().stop()

            # The warm phases run in interleaved rounds (bare, default, default 304, LISTEN off, its 304, then
            # again): on a shared machine the load drifts, and a ratio of neighbouring phases drifts less.
            bare_port = serve("bare_app:app", ROOT / "benchmarks", "bare.log")
            app_port = serve("wsgi:app", ROOT, "warm.log")
            ask_port = serve("wsgi:app", ROOT, "ask.log", PAGE_VERSION_LISTEN="false")
            phases = [("bare Flask endpoint (baseline)", bare_port, "/", {}, 200, "0"),
                      ("programme page, warm (default)", app_port, PAGE, {}, 200, str(counts["warm"])),
                      ("programme page, If-None-Match (304)", app_port, PAGE,
                       {"If-None-Match": dict(request(app_port, "GET", PAGE)[1])["ETag"]}, 304, str(counts["304"])),
                      ("warm, PAGE_VERSION_LISTEN=false", ask_port, PAGE, {}, 200, "1"),
                      ("304, PAGE_VERSION_LISTEN=false", ask_port, PAGE,
                       {"If-None-Match": dict(request(ask_port, "GET", PAGE)[1])["ETag"]}, 304, "1")]
            for port in (app_port, ask_port):
                get_all(port, PAGE, 200, concurrency, deadline)  # every worker renders it once
            per_round = max(requests // rounds, 1)
            results: list[list[Phase]] = [[] for _ in phases]
            for _round in range(rounds):
                for index, (_label, port, path, headers, expected, _sql) in enumerate(phases):
                    results[index].append(get_all(port, path, per_round, concurrency, deadline, expected, headers))
            for (label, *_rest, sql), done in zip(phases, results, strict=True):
                rows.append((label, merged(done), sql))
            round_ratios.extend(done.throughput / bare.throughput if bare.throughput else 0.0
                                for done, bare in zip(results[1], results[0], strict=True))
            for _server in (bare_port, app_port, ask_port):
                stop()

            port = serve("wsgi:app", ROOT, "cold.log", PAGE_CACHE_ENABLED="false")
            rows.append(("programme page, cold (cache empty)", get_all(port, PAGE, cold_requests, concurrency, deadline),
                         str(counts["cold"])))
            stop()

            if before is not None:
                port = serve("wsgi:app", before, "before.log")
                rows.append((f"programme page, before ({before.name})",
                             get_all(port, PAGE, cold_requests, concurrency, deadline), "-"))
                stop()
            return report(rows, concurrency, round_ratios)
        finally:
            for server in servers:
                server.stop()
            drop_database(database_url, name)


def report(rows: list[tuple[str, Phase, str]], concurrency: int, round_ratios: list[float]) -> bool:
    workers = min(2 * multiprocessing.cpu_count() + 1, 8)
    print(f"\n{PAGE}: gunicorn -c gunicorn.conf.py ({workers} sync workers), PostgreSQL, {concurrency} concurrent clients,"
          f" {multiprocessing.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    bare = rows[0][1]
    print(f"\n| {'route':40} | {'ok':>5} | {'errors':>6} | {'req/s':>7} | {'× bare':>6} | {'p50 ms':>7} | {'p99 ms':>7} | SQL |")
    print(f"| {'---':40} | {'---:':>5} | {'---:':>6} | {'---:':>7} | {'---:':>6} | {'---:':>7} | {'---:':>7} | ---: |")
    for label, phase, sql in rows:
        ratio = phase.throughput / bare.throughput if bare.throughput else 0.0
        print(f"| {label:40} | {len(phase.durations):5} | {phase.error_count:6} | {phase.throughput:7.0f} | "
              f"{ratio:6.0%} | {phase.p50 * 1000:7.1f} | {phase.p(0.99) * 1000:7.1f} | {sql:>3} |")
        if phase.errors:
            print(f"    errors: {phase.errors}")
    label, warm, _ = rows[1]
    ratio = warm.throughput / bare.throughput if bare.throughput else 0.0
    print(f"{label} vs bare: {ratio:.0%} (target ≥ {TARGET_RATIO:.0%}): {'OK' if ratio >= TARGET_RATIO else 'BELOW'};"
          f" per round: {', '.join(f'{value:.0%}' for value in round_ratios)}"
          f" (median {statistics.median(round_ratios):.0%})")
    return not any(phase.errors for _, phase, _ in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
                        help="a PostgreSQL server (and role allowed to create databases); a new database is made on it")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--cold-requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=5, help="warm phases interleaved in this many rounds")
    parser.add_argument("--before", type=Path, help="another checkout of the app (e.g. the main branch) to measure too")
    arguments = parser.parse_args()
    if not arguments.database_url.startswith("postgres"):
        parser.error("--database-url must be a PostgreSQL URL")
    if not (1 <= arguments.requests <= 20000 and 1 <= arguments.cold_requests <= 5000
            and 1 <= arguments.concurrency <= 200 and 1 <= arguments.rounds <= 50):
        parser.error("--requests must be 1…20000, --cold-requests 1…5000, --concurrency 1…200 and --rounds 1…50")
    if arguments.before is not None and not (arguments.before / "wsgi.py").is_file():
        parser.error("--before must be a checkout of the app (with its wsgi.py)")
    ok = run(arguments.database_url, arguments.requests, arguments.cold_requests, arguments.concurrency,
             arguments.before, arguments.rounds)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
