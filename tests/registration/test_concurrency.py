"""200 simultaneous registrations into a 10-seat workshop, on PostgreSQL, separate connections."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from app.registration.models import ChoiceStatus, SessionChoice
from tests.conftest import RUN_ID, create_postgres_database, drop_postgres_database, make_test_app, migrate_to_head
from tests.registration.helpers import open_event, register_someone, workshop


def test_200_registrations_into_10_seats(postgres_url, tmp_path):
    name = f"rencontres_capacity_{RUN_ID}"
    url = create_postgres_database(postgres_url, name)
    try:
        migrate_to_head(url, tmp_path / "migrate")
        app = make_test_app(tmp_path / "instance", url)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_size": 20, "max_overflow": 5}
        _run(app)
    finally:
        drop_postgres_database(postgres_url, name)


def _run(app) -> None:
    from app.core.extensions import db

    with app.app_context():
        event = open_event()
        session_id = workshop(event, capacity=10).id
        event_id = event.id
        db.session.commit()

    def one(n: int) -> None:
        with app.app_context():
            from app.events.models import Event
            from app.programme.models import Session

            register_someone(db.session.get(Event, event_id), f"p{n}@example.org", [db.session.get(Session, session_id)])
            db.session.commit()

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(one, range(200)))
    with app.app_context():
        counts = dict(db.session.execute(sa.select(SessionChoice.status, sa.func.count()).group_by(SessionChoice.status)).all())
        db.engine.dispose()
    assert counts == {ChoiceStatus.CONFIRMED: 10, ChoiceStatus.WAITLISTED: 190}
