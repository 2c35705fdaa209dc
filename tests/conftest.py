"""Test fixtures: one fresh database per test, on SQLite (default) or PostgreSQL.

- ``TEST_DATABASE_URL=postgresql://…`` runs the whole suite on PostgreSQL.
- ``TEST_POSTGRES_URL=postgresql://…`` (a role allowed to create databases) makes the
  PostgreSQL-only tests run in every run; without it they skip — except in CI
  (``CI=true``), where a missing PostgreSQL is a failure.
"""
from __future__ import annotations

import os
import re
import shutil
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade

from app import create_app
from config import normalise_database_url

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
TEST_POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL") or (
    TEST_DATABASE_URL if TEST_DATABASE_URL and TEST_DATABASE_URL.startswith("postg") else None)
IN_CI = os.environ.get("CI", "").lower() == "true"
ON_POSTGRES = bool(TEST_DATABASE_URL and TEST_DATABASE_URL.startswith("postg"))
# Databases made by this run are named after it, so that two runs (or xdist workers) never share one.
RUN_ID = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"


def base_settings(instance_path: Path, database_uri: str) -> dict:
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(instance_path),
        "SECRET_KEY": "test-secret-key-" + uuid.uuid4().hex,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_uri),
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "MAIL_SUPPRESS_SEND": True,
    }


def migrate_to_head(database_uri: str, instance_path: Path) -> None:
    app = create_app(base_settings(instance_path, database_uri))
    with app.app_context():
        upgrade()
        from app.core.extensions import db

        db.engine.dispose()


def postgres_url_with_database(url: str, database: str) -> str:
    """The same server and credentials, another database."""
    return sa.engine.make_url(normalise_database_url(url)).set(database=database).render_as_string(hide_password=False)


@contextmanager
def postgres_admin(url: str):
    engine = sa.create_engine(normalise_database_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def create_postgres_database(url: str, name: str) -> str:
    with postgres_admin(url) as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    return postgres_url_with_database(url, name)


def drop_postgres_database(url: str, name: str, attempts: int = 20) -> None:
    """Drop a test database, its connections closed by force. An autovacuum worker busy in it (after a test
    wrote many rows) belongs to the server, not to our role, and makes FORCE fail for lack of privilege
    until it ends: wait for it and try again."""
    for attempt in range(attempts):
        try:
            with postgres_admin(url) as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except sa.exc.ProgrammingError as error:
            if "InsufficientPrivilege" not in type(error.orig).__name__ or attempt == attempts - 1:
                raise
            time.sleep(0.5)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """URL of a PostgreSQL server where tests may create databases."""
    if not TEST_POSTGRES_URL:
        message = "needs PostgreSQL: set TEST_POSTGRES_URL"
        if IN_CI:
            pytest.fail(message + " (CI must run every PostgreSQL test)")
        pytest.skip(message)
    return TEST_POSTGRES_URL


# --- the per-test database -------------------------------------------------

@pytest.fixture(scope="session")
def template_database(tmp_path_factory):
    """A database migrated to head once; each test starts from a copy of it (SQLite) or an emptied one (PostgreSQL)."""
    instance = tmp_path_factory.mktemp("template-instance")
    if ON_POSTGRES:
        name = f"rencontres_test_{RUN_ID}"
        url = create_postgres_database(TEST_DATABASE_URL, name)
        migrate_to_head(url, instance)
        yield {"backend": "postgresql", "url": url}
        drop_postgres_database(TEST_DATABASE_URL, name)
    else:
        path = instance / "template.sqlite3"
        migrate_to_head(f"sqlite:///{path}", instance)
        yield {"backend": "sqlite", "path": path}


def _truncate_all(app) -> None:
    from app.core.extensions import db

    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    with db.engine.begin() as connection:
        # A connection a previous test left open must not make this wait forever: fail loudly instead.
        connection.execute(sa.text("SET LOCAL lock_timeout = '20s'"))
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def database_uri(template_database, tmp_path) -> str:
    if template_database["backend"] == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(template_database["path"], path)
        return f"sqlite:///{path}"
    return template_database["url"]


class FreshContextClient(FlaskClient):
    """Each request runs in its own application context (its own ``g`` and database
    session), as in production, even though the test keeps one pushed for its own use."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_test_app(instance_path: Path, database_uri: str):
    app = create_app(base_settings(instance_path, database_uri))
    app.test_client_class = FreshContextClient
    return app


@pytest.fixture
def app(database_uri, tmp_path):
    app = make_test_app(tmp_path / "instance", database_uri)
    with app.app_context():
        from app.core.extensions import db

        if ON_POSTGRES:
            _truncate_all(app)
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def cli(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    from app.core.extensions import db

    return db


# --- the full demo data, loaded once, read-only ------------------------------

@pytest.fixture(scope="session")
def demo_database(tmp_path_factory, template_database):
    instance = tmp_path_factory.mktemp("demo-instance")
    if template_database["backend"] == "sqlite":
        path = instance / "demo.sqlite3"
        shutil.copyfile(template_database["path"], path)
        uri = f"sqlite:///{path}"
    else:
        uri = create_postgres_database(TEST_DATABASE_URL, f"rencontres_demo_{RUN_ID}")
        migrate_to_head(uri, instance)
    app = create_app(base_settings(instance, uri))
    with app.app_context():
        from app.core.extensions import db
        from app.demo.loader import load_demo

        load_demo()
        db.session.remove()
        db.engine.dispose()
    yield {"uri": uri, "instance": instance}
    if template_database["backend"] == "postgresql":
        drop_postgres_database(TEST_DATABASE_URL, f"rencontres_demo_{RUN_ID}")


@pytest.fixture
def demo_app(demo_database):
    """An app on the full demo data. Tests using it must not write."""
    app = make_test_app(demo_database["instance"], demo_database["uri"])
    with app.app_context():
        from app.core.extensions import db

        yield app
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def demo_client(demo_app):
    return demo_app.test_client()


# --- helpers ---------------------------------------------------------------

class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries():
    """``with count_queries() as counter: …`` counts the SQL statements sent by the app's engine."""
    from app.core.extensions import db

    @contextmanager
    def counting():
        counter = QueryCounter()
        sa.event.listen(db.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", counter)

    return counting


CSRF_PATTERN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


# --- a real browser against a real server -------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def live_server(app):
    """The test app served over HTTP on 127.0.0.1 (a thread), sharing the test's database."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's headless Chromium driven by Playwright; skipped on a laptop without it, a failure in CI."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not os.path.exists(CHROMIUM):
        message = "needs Playwright and Debian's chromium (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message + " (CI must run every browser test)")
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
