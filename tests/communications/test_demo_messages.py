"""The demo has a sent message (with its recipients) and reminders configured for the RAICT 2027."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.communications.messages_models import RegistrantMessage, ReminderRule
from app.core.extensions import db
from app.demo.messages import EVENT_SLUG, ensure_messages
from app.events.models import Event


@pytest.mark.slow
def test_the_demo_has_a_sent_message_and_reminders_configured(demo_app):
    event = db.session.scalar(sa.select(Event).where(Event.slug == EVENT_SLUG))
    [message] = db.session.scalars(sa.select(RegistrantMessage).where(RegistrantMessage.event_id == event.id))
    assert message.recipients_count == len(message.recipients) > 0
    minutes = sorted(db.session.scalars(sa.select(ReminderRule.minutes_before).where(ReminderRule.event_id == event.id)))
    assert minutes == [24 * 60, 7 * 24 * 60]
    ensure_messages()  # loading again adds nothing
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RegistrantMessage)) == 1
    db.session.rollback()  # the demo database is shared: nothing written
