"""Two scheduler runs for one event at the same instant, on PostgreSQL, each on its own connection: they take
turns (row lock), both succeed, the schedule is valid with nothing moved by the second, and nobody is mailed
twice."""
from __future__ import annotations

import threading

import sqlalchemy as sa

from app import create_app
from app.mail.models import OutboxMessage
from app.meetings.models import Meeting, MeetingStatus
from tests.conftest import RUN_ID, base_settings, create_postgres_database, drop_postgres_database, migrate_to_head


def test_two_scheduler_runs_at_once_take_turns(postgres_url, tmp_path):
    name = f"rencontres_schedule_{RUN_ID}"
    url = create_postgres_database(postgres_url, name)
    try:
        migrate_to_head(url, tmp_path / "migrate")
        app = create_app(base_settings(tmp_path / "instance", url))
        _run(app)
    finally:
        drop_postgres_database(postgres_url, name)


def _run(app) -> None:
    from app.core.extensions import db
    from tests.meetings.test_schedule_event import _meeting, _setup

    with app.app_context():
        a = _setup(tables=2, slots=2)
        for side_a, side_b in ((a.anne, a.binh), (a.anne, a.dung), (a.chi, a.dung)):
            _meeting(a, side_a, side_b)
        db.session.commit()
        event_id = a.event.id
        mails_before = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))

    start = threading.Barrier(2)
    outcomes: list[object] = []

    def run() -> None:
        from app.core.extensions import db
        from app.events.models import Event
        from app.meetings.scheduling import schedule_event

        with app.app_context():
            event = db.session.get(Event, event_id)
            start.wait(timeout=30)
            try:
                report = schedule_event(event, publish=True, actor="t", time_limit=10)
                db.session.commit()
                outcomes.append((report.scheduled, len(report.moved)))
            except Exception as error:  # noqa: BLE001 (the test reports what went wrong)
                db.session.rollback()
                outcomes.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert outcomes == [(3, 0), (3, 0)]
    with app.app_context():
        from app.core.extensions import db

        placed = db.session.execute(sa.select(Meeting.starts_at, Meeting.table_id).where(
            Meeting.status == MeetingStatus.SCHEDULED, Meeting.published.is_(True))).all()
        assert len(placed) == 3 and len(set(placed)) == 3
        # The second run saw the first's publication: one "scheduled" mail per side of each meeting, not two.
        subjects = db.session.scalars(sa.select(OutboxMessage.subject).order_by(OutboxMessage.id)).all()[mails_before:]
        assert len(subjects) == 6, "\n".join(subjects)
        db.session.remove()
        db.engine.dispose()
