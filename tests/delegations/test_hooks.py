"""What app.delegations registers with app.registration (which never imports it): the head's claim is confirmed
by the delegation's handler, and the lost-link mail also brings a head their delegation's link."""
from __future__ import annotations

from app.registration import claims
from app.registration.models import ClaimKind
from tests.conftest import csrf_token_from
from tests.delegations.test_delegations import head_data, make_delegation
from tests.registration.helpers import outbox


def test_the_factory_registers_the_delegation_claim_handler(app):
    from app.delegations.operations import CLAIM_HANDLER

    assert claims._kinds[ClaimKind.DELEGATION] is CLAIM_HANDLER
    assert claims._kinds[ClaimKind.REGISTRATION].confirm is claims._confirm_registration


def test_a_head_who_lost_their_links_gets_the_delegation_link_again(client, db):
    delegation, page_url = make_delegation(client, db)
    lost = f"/{delegation.event.kind.url_prefix}/{delegation.event.slug}/my-link"
    form = client.get(lost).get_data(as_text=True)
    response = client.post(lost, data={"email": head_data()["email"], "csrf_token": csrf_token_from(form)})
    assert response.status_code == 200
    db.session.expire_all()
    again = [message for message in outbox(db) if message.dedupe_key.startswith(f"delegation-{delegation.id}-link-")]
    assert len(again) == 1 and page_url in again[0].text_body
