"""Two heads accepting one request at the same instant, on PostgreSQL, each on its own connection: one meeting."""
from __future__ import annotations

import threading

import sqlalchemy as sa

from app import create_app
from app.meetings.models import Meeting, MeetingRequest, RequestStatus
from app.registration.models import Delegation
from tests.conftest import RUN_ID, base_settings, create_postgres_database, drop_postgres_database, migrate_to_head
from tests.meetings.helpers import make_assises


def test_two_heads_accepting_at_once_make_one_meeting(postgres_url, tmp_path):
    name = f"rencontres_meetings_{RUN_ID}"
    url = create_postgres_database(postgres_url, name)
    try:
        migrate_to_head(url, tmp_path / "migrate")
        app = create_app(base_settings(tmp_path / "instance", url))
        _run(app)
    finally:
        drop_postgres_database(postgres_url, name)


def _run(app) -> None:
    from app.core.extensions import db
    from app.meetings import operations
    from tests.factories import make_person, make_registration

    with app.app_context():
        a = make_assises()
        # A second delegation from Huế, with its own head: two heads may answer for Huế.
        head = make_person(given_name="Hoa", country="VN", collectivite_id=a.hue.id)
        second = Delegation(event_id=a.event.id, name="Huế 2", country="VN", head_person_id=head.id,
                            collectivites=[a.hue])
        db.session.add(second)
        db.session.flush()
        hoa = make_registration(a.event, head, delegation_id=second.id)
        request = operations.ask(a.anne, a.anne, to_collectivite=a.hue, actor="t")
        db.session.commit()
        ids = {"request": request.id, "heads": [a.binh.id, hoa.id]}

    start = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(head_id: int) -> None:
        from app.core.extensions import db
        from app.meetings import operations
        from app.registration.models import Registration

        with app.app_context():
            head = db.session.get(Registration, head_id)
            meeting_request = db.session.get(MeetingRequest, ids["request"])
            start.wait(timeout=30)
            try:
                operations.accept(meeting_request, by=head, actor="t")
                db.session.commit()
                outcomes.append("accepted")
            except operations.MeetingError as error:
                db.session.rollback()
                outcomes.append(error.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=accept, args=(head_id,)) for head_id in ids["heads"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["accepted", "already_answered"]
    with app.app_context():
        from app.core.extensions import db

        assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 1
        assert db.session.get(MeetingRequest, ids["request"]).status == RequestStatus.ACCEPTED
        db.session.remove()
        db.engine.dispose()
