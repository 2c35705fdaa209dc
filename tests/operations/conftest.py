"""Fixtures of the whole-app tests: a PostgreSQL cluster of the test's own, real SMTP, gunicorn servers."""
from __future__ import annotations

import pytest

from tests.conftest import IN_CI, RUN_ID, create_postgres_database, drop_postgres_database
from tests.operations.servers import PrivatePostgres, postgres_binaries


@pytest.fixture
def private_postgres():
    """A throwaway PostgreSQL cluster the test may stop and restart (Debian's server binaries)."""
    if postgres_binaries() is None:
        message = "needs Debian's PostgreSQL server binaries (apt-get install postgresql)"
        if IN_CI:
            pytest.fail(message + " (CI must run every PostgreSQL test)")
        pytest.skip(message)
    server = PrivatePostgres()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def shared_postgres_database(postgres_url):
    """A database of this test's own on the suite's PostgreSQL server."""
    name = f"rencontres_ops_{RUN_ID}"
    url = create_postgres_database(postgres_url, name)
    yield url
    drop_postgres_database(postgres_url, name)


@pytest.fixture
def served_database_url(tmp_path):
    """A database for an app served by real processes: on the suite's backend (SQLite file or PostgreSQL)."""
    from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL

    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'served.sqlite3'}"
        return
    name = f"rencontres_served_{RUN_ID}"
    url = create_postgres_database(TEST_DATABASE_URL, name)
    yield url
    drop_postgres_database(TEST_DATABASE_URL, name)
