"""Queueing an invitation campaign to the network's 3,400 contacts vs a bare executemany INSERT, in the same run.

    .venv/bin/python benchmarks/campaigns.py [--contacts 3400] [--rounds 3] [--database-url postgresql://…]

The network of the 2023 activity report (../shared/context/rapport-activites-2023.txt): 3,400 collectivités
informed, 500 taking part regularly, 200+ members, 200 foreign collectivités. The contacts are made
accordingly (members, a fifth in English, foreign countries for 200), on a fresh database. The app's run is
``app.communications.campaigns.queue_campaign``, the whole path: the conditional status change, the audience
query, one rendering per contact in their language with their signed personal link, the HTML part, the
outbox's ``enqueue_many`` (suppression check, one multi-row INSERT) and the invitations' INSERT, then the
commit. The baseline is a bare executemany INSERT of the same outbox rows (already built) and the same
invitation rows, then the commit: the floor for writing those rows. Each is run ``--rounds`` times on a
new campaign (rows of the previous round deleted), the best kept. Goal: the campaign queued in under 10 s.
``benchmarks/run.py`` runs it too.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.core.extensions import db  # noqa: E402

FOREIGN = ["VN", "JP", "PS", "MA", "SN", "BF", "AM", "LB", "CN", "BR"]
GOAL_SECONDS = 10.0


def make_network(count: int) -> int:
    """``count`` contacts shaped like the report's network; the event to invite them to (its id)."""
    from app.communications.models import Contact
    from app.events.models import Event, EventKind, EventStatus

    starts = datetime.now(UTC) + timedelta(days=60)
    event = Event(kind=EventKind.RAICT, slug="campaign-benchmark", title_fr="Rencontres de l'action internationale",
                  title_en="Meetings on international action", starts_at=starts, ends_at=starts + timedelta(days=1),
                  timezone="Europe/Paris", venue_name="Palais des congrès", venue_city="Paris",
                  status=EventStatus.REGISTRATION_OPEN)
    db.session.add(event)
    rows = []
    for number in range(count):
        foreign = number < 200
        rows.append({"email": f"contact{number}@collectivite{number}.example.org", "given_name": f"Prénom{number}",
                     "family_name": f"Nom{number}", "honorific": "Mme" if number % 2 else "M.",
                     "function": "Chargée de mission", "collectivite_name": f"Collectivité {number}",
                     "country": FOREIGN[number % len(FOREIGN)] if foreign else "FR",
                     "language": "en" if foreign or number % 5 == 0 else "fr", "is_member": 200 <= number < 420,
                     "created_at": starts, "updated_at": starts})
    db.session.execute(sa.insert(Contact), rows)
    db.session.commit()
    return event.id


def _clear() -> None:
    from app.communications.models import Campaign, Invitation
    from app.mail.models import OutboxMessage

    db.session.execute(sa.delete(Invitation))
    db.session.execute(sa.delete(OutboxMessage))
    db.session.execute(sa.delete(Campaign))
    db.session.commit()


def app_run(app: Flask, event_id: int) -> tuple[float, int]:
    from app.communications import campaigns
    from app.events.models import Event

    with app.test_request_context():
        event = db.session.get(Event, event_id)
        data = campaigns.CampaignData(
            name="Invitation", audience={"kind": "all"}, subject_fr="Invitation : {event_title}",
            body_fr="Bonjour {honorific} {family_name},\n\n{collectivite} est invitée à {event_title} ({event_dates}, "
                    "{event_place}).\n\nVotre lien d'inscription personnel : {registration_link}\n",
            subject_en="Invitation: {event_title}",
            body_en="Dear {given_name} {family_name},\n\nYou are invited to {event_title} ({event_dates}, {event_place})."
                    "\n\nYour personal registration link: {registration_link}\n")
        campaign = campaigns.save_campaign(event, data, actor="benchmark")
        db.session.commit()
        started = time.perf_counter()
        count = campaigns.queue_campaign(campaign, actor="benchmark")
        db.session.commit()
        return time.perf_counter() - started, count


def baseline_run(event_id: int) -> float:
    """The same rows (outbox messages and invitations, taken from the app's run) inserted with executemany."""
    from app.communications.models import Campaign, Invitation
    from app.mail.models import OutboxMessage

    messages = [dict(row._mapping) for row in db.session.execute(sa.select(OutboxMessage.__table__))]
    invitations = [dict(row._mapping) for row in db.session.execute(sa.select(Invitation.__table__))]
    _clear()
    for row in messages:
        row.pop("id")
    campaign = Campaign(event_id=event_id, name="baseline", audience={"kind": "all"})
    db.session.add(campaign)
    db.session.commit()
    started = time.perf_counter()
    connection = db.session.connection()
    connection.execute(OutboxMessage.__table__.insert(), messages)
    for row in invitations:
        row.pop("id")
        row["campaign_id"] = campaign.id
        row["outbox_message_id"] = None
    connection.execute(Invitation.__table__.insert(), invitations)
    db.session.commit()
    return time.perf_counter() - started


def run(app: Flask, contacts: int = 3400, rounds: int = 3) -> dict[str, float]:
    with app.app_context():
        event_id = make_network(contacts)
        app_times, bare_times, queued = [], [], 0
        for _round in range(rounds):
            _clear()
            elapsed, queued = app_run(app, event_id)
            app_times.append(elapsed)
            bare_times.append(baseline_run(event_id))
        _clear()
    best_app, best_bare = min(app_times), min(bare_times)
    print(f"\ncampaign queueing: {queued} contacts")
    print(f"  app (queue_campaign)           {best_app:7.2f} s  ({queued / best_app:7.0f} mails/s)  goal < {GOAL_SECONDS:.0f} s: "
          f"{'met' if best_app < GOAL_SECONDS else 'MISSED'}")
    print(f"  baseline (bare executemany)    {best_bare:7.2f} s  ({queued / best_bare:7.0f} rows/s)")
    print(f"  ratio app / baseline           {best_app / best_bare:7.1f} ×")
    return {"app": best_app, "baseline": best_bare, "contacts": queued}


def fresh_app(database_url: str | None, instance: Path) -> Flask:
    url = database_url or f"sqlite:///{instance / 'campaigns.sqlite3'}"
    app = create_app({"PUBLIC_URL": "http://localhost", "INSTANCE_PATH": str(instance), "SQLALCHEMY_DATABASE_URI": url,
                      "SESSION_COOKIE_SECURE": False})
    with app.app_context():
        from flask_migrate import downgrade, upgrade

        if database_url:
            downgrade(revision="base")
        upgrade()
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=3400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", help="PostgreSQL database to use (wiped)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run(fresh_app(arguments.database_url, Path(folder)), arguments.contacts, arguments.rounds)


if __name__ == "__main__":
    main()
