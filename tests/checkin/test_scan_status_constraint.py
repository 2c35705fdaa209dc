"""The database keeps a scan's status among the verdicts the check-in code gives."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.checkin import operations
from app.checkin.models import SCAN_STATUSES, Scan
from app.core.db import utcnow
from app.core.extensions import db
from tests.factories import make_event


def _insert_scan(event_id: int, status: str) -> None:
    db.session.execute(sa.insert(Scan).values(event_id=event_id, nonce=f"n-{status}", desk="A", status=status,
                                              recorded_at=utcnow(), response="{}"))
    db.session.flush()


def test_every_verdict_of_the_check_in_code_is_a_known_scan_status():
    assert set(operations.STATUSES) == set(SCAN_STATUSES)


def test_a_scan_with_a_known_status_is_stored(app):
    event = make_event()
    for status in SCAN_STATUSES:
        _insert_scan(event.id, status)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Scan)) == len(SCAN_STATUSES)


@pytest.mark.parametrize("status", ["welcome", "OK", ""])
def test_a_scan_with_an_unknown_status_is_refused_by_the_database(app, status):
    event = make_event()
    with pytest.raises(sa.exc.IntegrityError):
        _insert_scan(event.id, status)
    db.session.rollback()
