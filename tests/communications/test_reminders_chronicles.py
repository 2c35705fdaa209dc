"""Chronicles' default reminders (the day before and one hour before, with the join link), queued once even when the
command runs twice or concurrently; a reminder later than its window is skipped."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import sqlalchemy as sa

from app.communications.reminders import queue_due_reminders
from app.mail.models import OutboxMessage
from app.registration.models import RegistrationStatus
from tests.chroniques.builders import JOIN_URL, build_series
from tests.conftest import RUN_ID, create_postgres_database, drop_postgres_database, make_test_app, migrate_to_head
from tests.factories import make_person, make_registration


def reminder_keys(db) -> list[str]:
    return sorted(db.session.scalars(sa.select(OutboxMessage.dedupe_key)
                                     .where(OutboxMessage.dedupe_key.like("%reminder%"))))


def setup(db):
    built = build_series()
    chronicle = built.upcoming[0]
    confirmed = make_registration(chronicle, make_person(collectivite_id=built.member.id))
    make_registration(chronicle, make_person(), status=RegistrationStatus.PENDING)
    make_registration(chronicle, make_person(), status=RegistrationStatus.CANCELLED)
    db.session.commit()
    return chronicle, confirmed


def test_day_and_hour_reminders_go_to_confirmed_people_once(db):
    chronicle, confirmed = setup(db)
    assert queue_due_reminders(chronicle.starts_at - timedelta(days=2)) == 0
    day_before = chronicle.starts_at - timedelta(hours=20)
    assert queue_due_reminders(day_before) == 1
    assert queue_due_reminders(day_before + timedelta(minutes=5)) == 0  # run twice: nothing more
    db.session.commit()
    hour_before = chronicle.starts_at - timedelta(minutes=50)
    assert queue_due_reminders(hour_before) == 1
    assert queue_due_reminders(hour_before) == 0
    db.session.commit()
    assert queue_due_reminders(chronicle.starts_at + timedelta(minutes=1)) == 0  # started: too late
    assert reminder_keys(db) == [f"registration-{confirmed.id}-reminder_day", f"registration-{confirmed.id}-reminder_hour"]
    bodies = db.session.scalars(sa.select(OutboxMessage.text_body).where(OutboxMessage.dedupe_key.like("%reminder%")))
    assert all(JOIN_URL in body for body in bodies)


def test_late_run_queues_only_the_hour_reminder(db):
    chronicle, confirmed = setup(db)
    assert queue_due_reminders(chronicle.starts_at - timedelta(minutes=50)) == 1
    assert reminder_keys(db) == [f"registration-{confirmed.id}-reminder_hour"]


def test_reminders_later_than_their_window_are_skipped(db):
    chronicle, confirmed = setup(db)
    assert queue_due_reminders(chronicle.starts_at - timedelta(hours=17)) == 0  # the day's: 7 h late (window 6 h)
    assert queue_due_reminders(chronicle.starts_at - timedelta(minutes=40)) == 0  # the hour's: 20 min late (15 min)
    assert reminder_keys(db) == []


def test_reminders_command_twice_queues_once(cli, db):
    chronicle, confirmed = setup(db)
    from app.core.db import utcnow

    chronicle.starts_at, chronicle.ends_at = utcnow() + timedelta(hours=20), utcnow() + timedelta(hours=21)
    db.session.commit()
    assert cli.invoke(args=["communications", "reminders"]).output == "1 reminders queued\n"
    assert cli.invoke(args=["communications", "reminders"]).output == "0 reminders queued\n"
    assert reminder_keys(db) == [f"registration-{confirmed.id}-reminder_day"]


def test_concurrent_runs_queue_each_reminder_once_on_postgresql(postgres_url, tmp_path):
    """Eight runs at once (separate connections, as on several hosts): every reminder exactly once."""
    name = f"rencontres_reminders_{RUN_ID}"
    url = create_postgres_database(postgres_url, name)
    try:
        migrate_to_head(url, tmp_path / "migrate")
        app = make_test_app(tmp_path / "instance", url)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_size": 10, "max_overflow": 2}
        _run_concurrently(app)
    finally:
        drop_postgres_database(postgres_url, name)


def _run_concurrently(app) -> None:
    from app.core.extensions import db

    with app.app_context():
        built = build_series()
        chronicle = built.upcoming[0]
        ids = [make_registration(chronicle, make_person(collectivite_id=built.member.id)).id for _ in range(30)]
        now = chronicle.starts_at - timedelta(hours=20)
        db.session.commit()
    barrier = threading.Barrier(8)

    def run(_: int) -> None:
        with app.app_context():
            barrier.wait()
            queue_due_reminders(now)
            db.session.commit()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(run, range(8)))
    with app.app_context():
        keys = reminder_keys(db)
        db.engine.dispose()
    assert keys == sorted(f"registration-{id_}-reminder_day" for id_ in ids)
