"""The personal link's token is public input: any value on the registration form is a page, never a 500, never a
prefilled name, never an invitation marked registered."""
from __future__ import annotations

from urllib.parse import quote

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.communications.campaigns import invitation_token
from app.communications.models import Invitation
from tests.communications.helpers import make_contact
from tests.registration.helpers import open_event, register_url

tokens = st.one_of(st.text(max_size=400), st.sampled_from(["", "[1, 2]", "WzEsMl0", "a" * 301, "\x00", "%00"]))


def test_register_page_with_any_invite_value_prefills_nothing(app, client, db):
    event = open_event()
    make_contact("lan@hanoi.vn", given_name="Zéphyrine", family_name="Quasimodo")
    db.session.commit()

    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(token=tokens)
    def check(token: str) -> None:
        response = client.get(register_url(event) + "?invite=" + quote(token, safe=""))
        assert response.status_code in (200, 400)
        page = response.get_data(as_text=True)
        assert "Zéphyrine" not in page and "Quasimodo" not in page

    check()


def test_token_of_unknown_campaign_prefills_nothing_and_links_nothing(app, client, db):
    event = open_event()
    contact = make_contact("lan@hanoi.vn", given_name="Zéphyrine", family_name="Quasimodo")
    db.session.commit()
    with app.test_request_context():
        token = invitation_token(999, contact.id)
    page = client.get(register_url(event) + "?invite=" + token).get_data(as_text=True)
    assert "Zéphyrine" not in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0
