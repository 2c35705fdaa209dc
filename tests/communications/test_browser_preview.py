"""In a real browser: the campaign editor's preview follows the chosen recipient (language, name, personal link),
and a sending campaign's progress follows the outbox without reloading the page."""
from __future__ import annotations

from app.auth.models import Role
from app.communications import campaigns
from app.communications.campaigns import CampaignData
from tests.communications.helpers import make_contact
from tests.factories import TEST_PASSWORD, make_user
from tests.mail.conftest import smtp_server  # noqa: F401  (the fixture)
from tests.registration.helpers import open_event
from tests.security.csp import watch_csp


def test_browser_campaign_preview_updates_for_chosen_recipient(app, live_server, page, db):
    event = open_event(title_fr="Rencontres de Lyon", title_en="Lyon Meetings")
    make_contact("anne@lyon.fr", given_name="Anne", family_name="Aubert", language="fr")
    lan = make_contact("lan@hanoi.vn", given_name="Lan", family_name="Nguyen", language="en")
    with app.test_request_context():
        campaign = campaigns.save_campaign(event, CampaignData(
            name="Invitation", audience={"kind": "all"}, subject_fr="Invitation : {event_title}",
            body_fr="Bonjour {given_name} {family_name}\n{registration_link}", subject_en="Invitation: {event_title}",
            body_en="Dear {given_name} {family_name}\n{registration_link}"), actor="test")
    user = make_user(Role.ORGANISER)
    db.session.commit()
    csp = watch_csp(page)

    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/organiser/")
    page.goto(f"{live_server}/organiser/events/{event.slug}/campaigns/{campaign.id}")
    assert "Bonjour Anne Aubert" in page.locator("#preview-pane").inner_text()
    page.select_option("#as", str(lan.id))
    page.wait_for_selector(f"#preview-pane [data-recipient='{lan.id}']")
    pane = page.locator("#preview-pane").inner_text()
    assert "Invitation: Lyon Meetings" in pane and "Dear Lan Nguyen" in pane and "invite=" in pane
    assert page.url.endswith(f"/campaigns/{campaign.id}")  # updated in place
    assert page.locator("input[name=as][type=hidden]").get_attribute("value") == str(lan.id)
    assert csp.violations() == []


def test_browser_campaign_progress_follows_sending(app, live_server, page, db, smtp_server):  # noqa: F811
    from playwright.sync_api import expect

    from app.mail.outbox import send_due

    event = open_event()
    make_contact("anne@lyon.fr", given_name="Anne", family_name="Aubert")
    make_contact("lan@hanoi.vn", given_name="Lan", family_name="Nguyen", language="en")
    with app.test_request_context():
        campaign = campaigns.save_campaign(event, CampaignData(
            name="Invitation", audience={"kind": "all"}, subject_fr="Invitation", body_fr="{registration_link}"),
            actor="test")
        campaigns.queue_campaign(campaign, actor="test")
    user = make_user(Role.ORGANISER)
    db.session.commit()
    csp = watch_csp(page)
    page.goto(f"{live_server}/login?lang=en")
    page.fill("#email", user.email)
    page.fill("#password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/organiser/")
    page.goto(f"{live_server}/organiser/events/{event.slug}/campaigns/{campaign.id}?lang=en")
    assert "0 sent, 2 waiting" in page.locator("#campaign-progress").inner_text()
    with app.app_context():
        send_due(limit=10)
    expect(page.locator("#campaign-progress")).to_contain_text("2 sent, 0 waiting", timeout=15000)
    assert page.locator("#campaign-progress progress").get_attribute("value") == "2"
    assert len(smtp_server.messages) == 2
    assert csp.violations() == []
