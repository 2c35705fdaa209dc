"""Two organisers giving two contacts one address at the same moment, on PostgreSQL (separate connections): the
check before saving cannot see the other's uncommitted change, the unique index can; the second is refused with
the form's message, never a 500, and its contact keeps its address."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from app.communications import contacts
from app.communications.models import Contact
from tests.communications.helpers import make_contact
from tests.conftest import RUN_ID, create_postgres_database, drop_postgres_database, make_test_app, migrate_to_head


def test_contact_edit_racing_for_one_address_refused_on_postgres(postgres_url, tmp_path):
    name = f"rencontres_contact_race_{RUN_ID}"
    url = create_postgres_database(postgres_url, name)
    try:
        migrate_to_head(url, tmp_path / "migrate")
        app = make_test_app(tmp_path / "instance", url)
        _run(app)
    finally:
        drop_postgres_database(postgres_url, name)


def _run(app) -> None:
    from app.core.extensions import db

    with app.app_context():
        lan, marie = make_contact("lan@hanoi.vn"), make_contact("marie@lyon.fr")
        db.session.commit()
        lan_id, marie_id = lan.id, marie.id
        # The first organiser's change, not committed yet (another connection).
        other = db.engine.connect()
        first = other.begin()
        other.execute(sa.update(Contact).where(Contact.id == lan_id).values(email="shared@example.org"))
        threading.Timer(0.5, first.commit).start()  # commits while the second waits on the unique index
    with app.test_request_context("/?lang=en"):
        marie = db.session.get(Contact, marie_id)
        values = contacts.ContactValues.of(marie)
        with pytest.raises(contacts.ContactError, match="Another contact has this address."):
            contacts.edit_contact(marie, contacts.ContactValues(**{**values.__dict__, "email": "shared@example.org"}),
                                  actor="test")
        db.session.rollback()
        assert db.session.get(Contact, marie_id).email == "marie@lyon.fr"
        assert db.session.get(Contact, lan_id).email == "shared@example.org"
        other.close()
        db.session.remove()
        db.engine.dispose()
