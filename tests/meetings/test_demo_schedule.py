"""The demo's open Assises has a published meeting schedule, valid, shown on both sides' private pages."""
from __future__ import annotations

import sqlalchemy as sa

from app.core.extensions import db
from app.demo.meetings import OPEN_ASSISES
from app.events.models import Event
from app.mail.models import OutboxMessage
from app.meetings.models import Meeting, MeetingStatus
from app.meetings.scheduling import build_instance, live_meetings
from app.meetings.solver import Placement, violations


def test_demo_open_assises_has_a_published_valid_schedule(demo_app, demo_client):
    event = db.session.scalar(sa.select(Event).where(Event.slug == OPEN_ASSISES))
    published = list(db.session.scalars(sa.select(Meeting).where(
        Meeting.event_id == event.id, Meeting.published.is_(True), Meeting.status == MeetingStatus.SCHEDULED)))
    assert len(published) >= 3
    meetings = live_meetings(event)
    instance, context = build_instance(event, meetings)
    index = {start: number for number, start in enumerate(context.starts)}
    placements = {m.id: Placement(index[m.starts_at], m.table_id, m.interpreter_id)
                  for m in meetings if m.status == MeetingStatus.SCHEDULED}
    assert violations(instance, placements) == []
    meeting = published[0]
    for side in (meeting.side_a, meeting.side_b):
        html = demo_client.get(f"/registration/{side.manage_token}").get_data(as_text=True)
        assert f'data-meeting="{meeting.id}"' in html
    subjects = db.session.scalars(sa.select(OutboxMessage.subject)).all()
    assert not any("Meeting with" in subject or "Rencontre avec" in subject for subject in subjects)
