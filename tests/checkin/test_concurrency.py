"""50 desks scanning one badge at the same instant, on PostgreSQL: exactly one welcome."""
from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from app import create_app
from app.badges.tokens import badge_code_for
from app.checkin.models import CheckIn, Scan
from tests.checkin.helpers import desk_token, event_now
from tests.conftest import (
    RUN_ID,
    FreshContextClient,
    base_settings,
    create_postgres_database,
    drop_postgres_database,
    migrate_to_head,
)
from tests.factories import make_registration

SCANS = 50


def _on_postgres(postgres_url, tmp_path, run) -> None:
    name = f"rencontres_checkin_{RUN_ID}"
    url = create_postgres_database(postgres_url, name)
    try:
        migrate_to_head(url, tmp_path / "migrate")
        app = create_app(base_settings(tmp_path / "instance", url)
                         | {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": SCANS, "max_overflow": 5}})
        app.test_client_class = FreshContextClient
        run(app)
    finally:
        drop_postgres_database(postgres_url, name)


def test_50_concurrent_scans_of_one_badge_give_one_ok(postgres_url, tmp_path):
    _on_postgres(postgres_url, tmp_path, lambda app: _run(app, same_nonce=False))


def test_concurrent_repeats_of_one_request_give_one_answer(postgres_url, tmp_path):
    _on_postgres(postgres_url, tmp_path, lambda app: _run(app, same_nonce=True))


def _run(app, same_nonce: bool) -> None:
    from app.core.extensions import db

    with app.app_context():
        event = event_now()
        registration = make_registration(event)
        db.session.commit()
        slug, code, token = event.slug, badge_code_for(registration), desk_token(event)
        registration_id = registration.id

    start = threading.Barrier(SCANS)

    def one(n: int) -> dict:
        client = app.test_client()
        start.wait(timeout=30)  # every thread sends its scan at the same instant
        body = {"code": code, "desk": "B", "nonce": "same" if same_nonce else f"n{n}"}
        response = client.post(f"/api/checkin/{slug}/scan", json=body, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    with ThreadPoolExecutor(max_workers=SCANS) as pool:
        answers = list(pool.map(one, range(SCANS)))

    statuses = Counter(answer["status"] for answer in answers)
    assert statuses == ({"ok": SCANS} if same_nonce else {"ok": 1, "already_checked_in": SCANS - 1})
    winner = next(answer for answer in answers if answer["status"] == "ok")
    assert all(answer["checked_in_at"] == winner["checked_in_at"] for answer in answers)
    with app.app_context():
        rows = db.session.scalars(sa.select(CheckIn)).all()
        scans = db.session.scalar(sa.select(sa.func.count()).select_from(Scan))
        db.session.remove()
        db.engine.dispose()
    assert len(rows) == 1 and rows[0].registration_id == registration_id
    assert scans == (1 if same_nonce else SCANS)
