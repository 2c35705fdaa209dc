"""Login lockout per account and address: exponential, time-limited, never blocking the owner elsewhere."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from app.audit.models import AuditEntry
from app.auth.models import LoginThrottle, Role
from app.auth.services import authenticate, needs_rehash
from app.auth.throttle import FREE_FAILURES, MAX_LOCK, lock_duration
from app.core.db import utcnow
from tests.conftest import FreshContextClient, csrf_token_from
from tests.core.test_limits import app_with
from tests.factories import TEST_PASSWORD, make_user

ATTACKER, OWNER = "203.0.113.9", "198.51.100.7"


@pytest.fixture
def unlimited(database_uri, tmp_path):
    """The app without Flask-Limiter's per-address limits, to reach the lockout."""
    with app_with(database_uri, tmp_path, RATELIMIT_ENABLED=False) as setup:
        yield setup


def attempt(client, email: str, password: str, address: str):
    environ = {"REMOTE_ADDR": address}
    token = csrf_token_from(client.get("/login?lang=en", environ_base=environ).get_data(as_text=True))
    return client.post("/login?lang=en", data={"email": email, "password": password, "csrf_token": token},
                       environ_base=environ)


def test_lock_grows_exponentially_up_to_a_ceiling():
    assert lock_duration(FREE_FAILURES - 1) is None
    assert lock_duration(FREE_FAILURES) == timedelta(minutes=1)
    assert lock_duration(FREE_FAILURES + 1) == timedelta(minutes=2)
    assert lock_duration(FREE_FAILURES + 3) == timedelta(minutes=8)
    assert lock_duration(FREE_FAILURES + 40) == MAX_LOCK


def test_wrong_passwords_lock_the_account_from_that_address_only(unlimited):
    app, client, db = unlimited
    user = make_user(Role.ORGANISER, email="owner@example.org")
    db.session.commit()
    codes = [attempt(client, user.email, "wrong password", ATTACKER).status_code for _ in range(FREE_FAILURES)]
    assert codes == [401] * (FREE_FAILURES - 1) + [429]
    locked = attempt(client, user.email, TEST_PASSWORD, ATTACKER)  # even the right password, from there
    assert locked.status_code == 429 and "Too many failed attempts" in locked.get_data(as_text=True)
    assert int(locked.headers["Retry-After"]) == 60
    # The owner, from another address, logs in at once.
    other = FreshContextClient(app, app.response_class, use_cookies=True)
    assert attempt(other, user.email, TEST_PASSWORD, OWNER).status_code == 302
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "login.locked"))
    assert entry.target_id == user.id and entry.details["address"] == ATTACKER
    assert "password" not in str(entry.details).lower().replace("wrong password", "")


def test_lockout_ends_on_its_own_and_success_clears_the_counter(unlimited):
    app, client, db = unlimited
    user = make_user(Role.ADMIN, email="admin@example.org")
    db.session.commit()
    for _ in range(FREE_FAILURES):
        attempt(client, user.email, "wrong password", ATTACKER)
    db.session.execute(sa.update(LoginThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert attempt(client, user.email, TEST_PASSWORD, ATTACKER).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginThrottle)) == 0


def test_unknown_emails_are_counted_the_same_way(unlimited):
    app, client, db = unlimited
    codes = [attempt(client, "nobody@example.org", "x", ATTACKER).status_code for _ in range(FREE_FAILURES)]
    assert codes[-1] == 429 and set(codes[:-1]) == {401}


def test_passwords_use_scrypt_and_older_hashes_are_upgraded_at_login(app, db):
    user = make_user(Role.ORGANISER, email="old@example.org")
    assert user.password_hash.startswith("scrypt:")
    user.password_hash = generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000")
    db.session.commit()
    assert needs_rehash(user.password_hash)
    assert authenticate("old@example.org", TEST_PASSWORD) is user
    assert user.password_hash.startswith("scrypt:") and not needs_rehash(user.password_hash)
    assert user.check_password(TEST_PASSWORD)
