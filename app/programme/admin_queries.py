from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, subqueryload

from app.events.models import Event
from app.extensions import db
from app.programme.models import Session, SessionSpeaker


def sessions_for_organisers(event: Event) -> list[Session]:
    """Every session of the event (hidden and cancelled too), with rooms, tracks and speakers: two queries."""
    return list(db.session.scalars(
        sa.select(Session).where(Session.event_id == event.id)
        .options(joinedload(Session.room), joinedload(Session.track),
                 subqueryload(Session.speakers).joinedload(SessionSpeaker.person))
        .order_by(Session.starts_at, Session.ends_at, Session.id)).unique())
