"""The demo's open Assises has cooperation profiles, requests in every status, blocks, tables and interpreters."""
from __future__ import annotations

import sqlalchemy as sa

from app.core.extensions import db
from app.demo.meetings import OPEN_ASSISES
from app.events.models import Event
from app.meetings.models import CooperationProfile, Interpreter, Meeting, MeetingRequest, MeetingTable


def test_demo_open_assises_has_profiles_requests_and_places(demo_app, demo_client):
    event = db.session.scalar(sa.select(Event).where(Event.slug == OPEN_ASSISES))
    profiles = list(db.session.scalars(sa.select(CooperationProfile).where(CooperationProfile.event_id == event.id)))
    countries = {profile.collectivite.country for profile in profiles}
    assert len(profiles) >= 6 and "FR" in countries and len(countries) >= 2
    statuses = set(db.session.scalars(sa.select(MeetingRequest.status).where(MeetingRequest.event_id == event.id)))
    assert {"requested", "accepted", "declined"} <= {status.value for status in statuses}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting).where(Meeting.event_id == event.id)) >= 5
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingTable)
                             .where(MeetingTable.event_id == event.id)) == 12
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Interpreter)
                             .where(Interpreter.event_id == event.id)) == 3
    meeting = db.session.scalars(sa.select(Meeting).where(Meeting.event_id == event.id)).first()
    html = demo_client.get(f"/registration/{meeting.side_a.manage_token}").get_data(as_text=True)
    assert f'data-meeting="{meeting.id}"' in html
    html = demo_client.get(f"/registration/{meeting.side_a.manage_token}/meetings/directory").get_data(as_text=True)
    assert any(heading in html for heading in ("Suggested for you", "All profiles", "Suggestions pour vous", "Tous les profils"))
