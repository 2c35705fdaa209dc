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

