"""The demo data holds a few hundred contacts, saved audiences, and one sent campaign with conversions."""
from __future__ import annotations

import sqlalchemy as sa

from app.communications import audiences, campaigns
from app.communications.models import Campaign, CampaignStatus, Contact, SavedAudience
from app.core.extensions import db
from app.events.queries import find_event_by_slug


def test_demo_has_contacts_audiences_and_a_sent_campaign_with_conversions(demo_app):
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) >= 200
    saved = {audience.name: audience for audience in db.session.scalars(sa.select(SavedAudience))}
    assert {"Membres", "Vietnam", "Participants RAICT 2023"} <= set(saved)
    assert audiences.audience_size(saved["Vietnam"].definition) > 0
    event = find_event_by_slug("raict-2027")
    with demo_app.test_request_context():
        [conversion] = campaigns.conversions(event)
    assert conversion.campaign.status == CampaignStatus.QUEUED
    assert conversion.invited > 50 and 0 < conversion.registered < conversion.invited and conversion.by_link > 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Campaign)) >= 2


def test_demo_campaign_preview_has_personal_link(demo_app):
    event = find_event_by_slug("raict-2027")
    with demo_app.test_request_context():
        campaign = campaigns.event_campaigns(event)[0]
        contact = campaigns.sample_recipients(campaign, limit=1)[0]
        preview = campaigns.preview_for(campaign, contact)
    assert preview.errors == [] and "invite=" in preview.message.text
