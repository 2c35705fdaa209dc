"""Who attended, the one rule (app/checkin/attendance.py) that certificates, the survey and the proceedings ask:
check-ins at the desk for events with a desk, the recorded attendance for an online chronicle."""
from __future__ import annotations

import sqlalchemy as sa

from app.checkin.attendance import attended, attended_days
from app.core.db import utcnow
from app.events.models import EventKind
from app.registration.models import Registration
from tests.certificates.helpers import check_in, ended_event
from tests.factories import make_registration


def _attended_ids(db, event) -> set[int]:
    return set(db.session.scalars(sa.select(Registration.id).where(Registration.event_id == event.id, attended(event))))


def test_attended_at_a_desk_event_means_checked_in_on_a_day(db):
    event = ended_event(days=2)
    present, absent, marked_only = (make_registration(event) for _ in range(3))
    db.session.flush()
    check_in(present, *event.days)
    marked_only.attended_at = utcnow()  # an online chronicle's field: not how a desk event counts presence
    other = ended_event(days=1)
    check_in(make_registration(other, person=absent.person), *other.days)  # present elsewhere, not here
    db.session.commit()
    assert _attended_ids(db, event) == {present.id}
    assert attended_days(event) == {present.id: list(event.days)}


def test_attended_at_a_chronicle_means_its_recorded_attendance(db):
    event = ended_event(days=1, kind=EventKind.CHRONIQUE)
    present, absent = make_registration(event), make_registration(event)
    present.attended_at = event.starts_at
    db.session.commit()
    assert _attended_ids(db, event) == {present.id}
    assert absent.id not in attended_days(event)
