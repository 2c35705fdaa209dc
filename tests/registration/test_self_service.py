from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.registration.models import RegistrationStatus
from tests.conftest import csrf_token_from
from tests.registration.helpers import open_event, outbox, register_someone, workshop


def test_wrong_token_is_404(client, db):
    assert client.get("/registration/not-a-token").status_code == 404


def test_self_service_shows_status_changes_choices_and_cancels(client, db):
    event = open_event()
    a, b = workshop(event, hours=1), workshop(event, hours=3)
    registration = register_someone(event, "self@example.org", [a])
    db.session.commit()
    url = f"/registration/{registration.manage_token}"
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Confirmed" in page and f"/agenda/{registration.calendar_token}.ics" in page and "webcal://" in page
    token = csrf_token_from(page)
    response = client.post(url + "/choices", data={"sessions": [str(b.id)], "csrf_token": token})
    assert response.status_code == 303
    db.session.expire_all()
    assert [choice.session_id for choice in registration.choices] == [b.id]
    assert client.post(url + "/cancel", data={"csrf_token": token}).status_code == 303
    db.session.expire_all()
    assert registration.status == RegistrationStatus.CANCELLED
    assert any(mail.dedupe_key == f"registration-{registration.id}-cancelled" for mail in outbox(db))


def test_link_expires_30_days_after_the_event(client, db):
    start = datetime.now(UTC) - timedelta(days=40)
    event = open_event(starts_at=start)
    registration = register_someone(event, "old@example.org")
    db.session.commit()
    assert client.get(f"/registration/{registration.manage_token}").status_code == 404


def test_renewing_the_calendar_link_retires_the_old_feed(client, db):
    event = open_event()
    registration = register_someone(event, "leaked@example.org", [])
    db.session.commit()
    old = registration.calendar_token
    assert client.get(f"/agenda/{old}.ics").status_code == 200
    url = f"/registration/{registration.manage_token}"
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert client.post(url + "/calendar-link", data={}).status_code == 400  # no CSRF token: nothing changes
    db.session.expire_all()
    assert registration.calendar_token == old
    response = client.post(url + "/calendar-link", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 303
    db.session.expire_all()
    new = registration.calendar_token
    assert new != old and len(new) >= 43
    assert client.get(f"/agenda/{old}.ics").status_code == 404
    assert client.get(f"/agenda/{new}.ics").status_code == 200
    assert f"/agenda/{new}.ics" in client.get(url + "?lang=en").get_data(as_text=True)
