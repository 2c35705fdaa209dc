"""Several hosts running ``campaigns queue-due`` (or organisers pressing "Send now") at once queue a campaign once,
on PostgreSQL, separate connections."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import sqlalchemy as sa

from app.communications import campaigns
from app.communications.campaigns import CampaignData
from app.communications.models import Invitation
from app.core.db import utcnow
from app.mail.models import OutboxMessage
from tests.communications.helpers import make_contact
from tests.conftest import RUN_ID, create_postgres_database, drop_postgres_database, make_test_app, migrate_to_head
from tests.registration.helpers import open_event


def test_eight_hosts_queue_due_at_once_queue_each_campaign_once(postgres_url, tmp_path):
    name = f"rencontres_campaign_queue_{RUN_ID}"
    url = create_postgres_database(postgres_url, name)
    try:
        migrate_to_head(url, tmp_path / "migrate")
        app = make_test_app(tmp_path / "instance", url)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_size": 10, "max_overflow": 2}
        _run(app)
    finally:
        drop_postgres_database(postgres_url, name)


def _run(app) -> None:
    from app.core.extensions import db

    with app.test_request_context():
        event = open_event()
        for number in range(50):
            make_contact(f"contact{number}@example.org")
        ids = []
        for number in range(3):
            campaign = campaigns.save_campaign(event, CampaignData(
                name=f"Campaign {number}", audience={"kind": "all"}, subject_fr="Invitation",
                body_fr="{registration_link}"))
            campaigns.schedule(campaign, utcnow() + timedelta(minutes=1))
            ids.append(campaign.id)
        db.session.commit()

    def host(_number: int) -> list[tuple[int, int]]:
        with app.app_context():
            done = campaigns.queue_due(utcnow() + timedelta(minutes=2))
            db.session.remove()
            return done

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(host, range(8)))
    queued = sorted(item for result in results for item in result)
    with app.app_context():
        messages = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
        invitations = db.session.scalar(sa.select(sa.func.count()).select_from(Invitation))
        db.engine.dispose()
    assert queued == [(campaign_id, 50) for campaign_id in sorted(ids)]
    assert (messages, invitations) == (150, 150)
