"""One rule for a private link's validity (app.registration.links), for every page hanging from one."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.exceptions import NotFound

from app.registration.links import (
    MANAGE_LINK_LIFETIME,
    link_is_valid,
    registration_by_link_or_404,
)
from tests.registration.helpers import open_event, register_someone


def test_link_is_valid_until_the_lifetime_after_the_event_end(db):
    event = open_event()
    end = event.ends_at
    assert link_is_valid(event, now=end + MANAGE_LINK_LIFETIME)
    assert not link_is_valid(event, now=end + MANAGE_LINK_LIFETIME + timedelta(seconds=1))


def test_every_private_link_page_of_an_old_event_is_404(client, db):
    """The registrant's page, letter, badge and chronicle actions, and the head of delegation's page."""
    event = open_event(starts_at=datetime.now(UTC) - timedelta(days=40))
    registration = register_someone(event, "old@example.org")
    db.session.commit()
    token = registration.manage_token
    for url in (f"/registration/{token}", f"/registration/{token}/letter", f"/registration/{token}/badge.pdf"):
        assert client.get(url).status_code == 404, url
    with pytest.raises(NotFound):
        registration_by_link_or_404(token)
    with pytest.raises(NotFound):
        registration_by_link_or_404("x" * 65)  # longer than any token: not even looked up
