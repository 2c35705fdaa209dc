"""In a real browser: a French participant asks a Vietnamese collectivité for a meeting, its head of delegation
accepts for a member, an organiser pins the meeting to a slot and a table and publishes it, and both private
pages show it with its time and table."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.meetings import operations
from app.meetings.models import Meeting, MeetingRequest, RequestStatus
from app.meetings.operations import ProfileData
from tests.factories import TEST_PASSWORD, make_user
from tests.meetings.helpers import make_assises

PARIS = ZoneInfo("Europe/Paris")


def test_request_accepted_pinned_and_published_shows_on_both_private_pages(live_server, page, db):
    a = make_assises()
    operations.save_profile(a.binh, a.hue, ProfileData([a.water.id], "", "Water and heritage", "vi fr"), actor="t")
    operations.save_profile(a.anne, a.lyon, ProfileData([a.water.id], "", "", "fr"), actor="t")
    operations.add_block(a.event, datetime(2030, 9, 18, 14, tzinfo=PARIS), datetime(2030, 9, 18, 15, tzinfo=PARIS),
                         actor="t")
    table = operations.add_table(a.event, 4, "Salon Hanoi", actor="t")
    organiser = make_user()
    db.session.commit()
    page.on("dialog", lambda dialog: dialog.accept())

    # Anne finds Huế in the directory (suggested: a shared theme) and asks.
    page.goto(f"{live_server}/registration/{a.anne.manage_token}?lang=en")
    page.click("text=Find partners to meet")
    page.click(f"[data-collectivite='{a.hue.id}'] >> nth=0 >> text=Ask to meet")
    page.fill("#message", "Renewing our water programme")
    page.click("button:has-text('Send the request')")
    page.wait_for_selector("text=Your request is sent.")
    assert "Renewing our water programme" in page.content()

    # Binh, head of the Huế delegation, accepts for Chi.
    page.goto(f"{live_server}/registration/{a.binh.manage_token}?lang=en")
    request_id = db.session.scalar(sa.select(MeetingRequest.id))
    received = page.locator(f".meeting-requests.received [data-request='{request_id}']")
    received.locator("select[name=attendee]").select_option(str(a.chi.id))
    received.locator("button:has-text('Accept')").click()
    page.wait_for_selector("text=The meeting is accepted.")
    db.session.expire_all()
    assert db.session.get(MeetingRequest, request_id).status == RequestStatus.ACCEPTED
    meeting = db.session.scalar(sa.select(Meeting))
    assert meeting.side_b_registration_id == a.chi.id

    # An organiser pins it at 14:30, table 4, and publishes it.
    page.goto(f"{live_server}/login?lang=en")
    page.fill("#email", organiser.email)
    page.fill("#password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/organiser/")
    page.goto(f"{live_server}/organiser/events/{a.event.slug}/meetings/?lang=en")
    row = page.locator(f"tr[data-meeting='{meeting.id}']")
    row.locator("select[name=slot]").select_option(index=1)
    row.locator("select[name=table]").select_option(str(table.id))
    row.locator("button:has-text('Pin here')").click()
    page.wait_for_selector("text=The meeting is placed and pinned.")
    page.locator(f"tr[data-meeting='{meeting.id}'] button:has-text('Publish')").click()
    page.wait_for_load_state()

    for token in (a.anne.manage_token, a.chi.manage_token):
        page.goto(f"{live_server}/registration/{token}?lang=en")
        shown = page.locator(f"[data-meeting='{meeting.id}']")
        assert "Table 4, Salon Hanoi" in shown.inner_text()
        assert "2:30" in shown.inner_text() or "14:30" in shown.inner_text()
