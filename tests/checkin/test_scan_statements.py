"""The scan's hot path: two SQL statements per scan once the worker knows the desk token (PostgreSQL), on the
thread's held connection (no pool checkout, so no ping): BEGIN, the two statements, COMMIT; the worker's cache never
welcomes with a revoked token or an event's old dates; a connection the server dropped is replaced."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.badges.tokens import badge_code_for
from app.checkin.models import CheckIn, DeskToken, Scan
from app.checkin.operations import HELD, revoke_desk_token
from app.core.db import utcnow
from app.core.quick_read import held_connection
from tests.checkin.helpers import desk_token, event_now, scan
from tests.factories import make_registration


def _setting(db, badges: int = 3):
    event = event_now()
    registrations = [make_registration(event) for _ in range(badges)]
    db.session.commit()
    return event, registrations, desk_token(event, "B")


def _statements_allowed(db) -> int:
    # PostgreSQL: the verdict (token and event checked, registration read, check-in inserted in a CTE) and the
    # scan's INSERT with the audit line in a CTE. SQLite has no data-modifying CTE: the same steps one by one.
    return 2 if db.engine.dialect.name == "postgresql" else 4


def test_a_scan_sends_at_most_two_statements_after_warm_up(client, db, count_queries):
    event, registrations, token = _setting(db)
    assert scan(client, event, token, badge_code_for(registrations[0])).get_json()["status"] == "ok"  # warm-up
    codes = [badge_code_for(registration) for registration in registrations]
    checkouts = []
    sa.event.listen(db.engine, "checkout", lambda *args: checkouts.append(args))  # the pool's ping comes with one
    for code, expected in ((codes[1], "ok"), (codes[1], "already_checked_in"), (codes[2], "ok")):
        with count_queries() as counter:
            response = scan(client, event, token, code)
        assert response.get_json()["status"] == expected
        statements = [text for text in counter.statements if text not in ("BEGIN", "COMMIT")]
        assert len(statements) <= _statements_allowed(db), counter.statements
        if db.engine.dialect.name == "postgresql":  # every round trip: BEGIN, the two statements, COMMIT
            assert counter.statements[0] == "BEGIN" and counter.statements[-1] == "COMMIT"
            assert counter.count == 4, counter.statements
    if db.engine.dialect.name == "postgresql":
        assert checkouts == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Scan)) == 4
    welcomes = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "checkin.scan")
                                  .order_by(AuditEntry.id)).all()
    assert [entry.target_id for entry in welcomes] == [registrations[n].id for n in (0, 1, 2)]
    assert welcomes[1].actor == "desk:B" and welcomes[1].event_id == event.id
    assert welcomes[1].details["desk"] == "B" and welcomes[1].details["offline"] is False


def test_a_token_revoked_after_the_worker_cached_it_is_refused(client, db):
    event, registrations, token = _setting(db)
    assert scan(client, event, token, badge_code_for(registrations[0])).status_code == 200
    revoke_desk_token(db.session.scalar(sa.select(DeskToken)))
    db.session.commit()
    response = scan(client, event, token, badge_code_for(registrations[1]))
    assert response.status_code == 401
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Scan)) == 1


def test_a_token_expired_after_the_worker_cached_it_is_refused(client, db):
    event, registrations, token = _setting(db)
    assert scan(client, event, token, badge_code_for(registrations[0])).status_code == 200
    db.session.execute(sa.update(DeskToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert scan(client, event, token, badge_code_for(registrations[1])).status_code == 401
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1


def test_event_dates_changed_after_the_worker_cached_them_are_obeyed(client, db):
    event, registrations, token = _setting(db)
    assert scan(client, event, token, badge_code_for(registrations[0])).get_json()["status"] == "ok"
    # The event is moved to next month (and its token with it): today is no longer one of its days.
    event.starts_at, event.ends_at = event.starts_at + timedelta(days=30), event.ends_at + timedelta(days=30)
    db.session.execute(sa.update(DeskToken).values(expires_at=event.ends_at + timedelta(days=1)))
    db.session.commit()
    response = scan(client, event, token, badge_code_for(registrations[1]))
    assert response.get_json()["status"] == "not_event_day"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1


def test_a_scan_connection_dropped_by_the_server_is_replaced_and_the_scan_answered(client, db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the held connection is PostgreSQL's hot path")
    event, registrations, token = _setting(db)
    assert scan(client, event, token, badge_code_for(registrations[0])).get_json()["status"] == "ok"
    # The test client runs the request in this thread: this is the connection the scan used.
    pid = held_connection(db.engine, HELD).exec_driver_sql("SELECT pg_backend_pid()").scalar()
    assert db.session.scalar(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}) is True
    db.session.commit()
    response = scan(client, event, token, badge_code_for(registrations[1]), nonce="after-drop")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"
    assert held_connection(db.engine, HELD).exec_driver_sql("SELECT pg_backend_pid()").scalar() != pid
    # Recorded once: one check-in, one scan, one welcome in the audit log; the same nonce again is the same answer.
    again = scan(client, event, token, badge_code_for(registrations[1]), nonce="after-drop")
    assert again.get_json() == response.get_json()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)
                             .where(CheckIn.registration_id == registrations[1].id)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Scan).where(Scan.nonce == "after-drop")) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "checkin.scan", AuditEntry.target_id == registrations[1].id)) == 1
