"""Who attended, the one home of the rule: for events checked in at the desk, their check-ins (one row per day);
for an online chronicle (``records_attendance``), the attendance recorded from the video platform's list or by hand
(``Registration.attended_at``). Certificates, the survey's invitations and the proceedings' figures all ask here."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa

from app.checkin.models import CheckIn
from app.core.extensions import db
from app.events.models import Event
from app.registration.models import Registration


def attended(event: Event) -> sa.ColumnElement[bool]:
    """A condition on ``Registration``: this registration (of ``event``) attended at least one day."""
    if event.profile.records_attendance:
        return Registration.attended_at.is_not(None)
    return sa.exists().where(CheckIn.registration_id == Registration.id, CheckIn.event_id == event.id)


def attended_days(event: Event, registration_ids: Iterable[int] | None = None) -> dict[int, list[date]]:
    """Registration id → the event's days it attended, in order (absent: none). One query whatever the number."""
    ids = None if registration_ids is None else list(registration_ids)
    if ids == []:
        return {}
    if event.profile.records_attendance:
        query = sa.select(Registration.id).where(Registration.event_id == event.id,
                                                 Registration.attended_at.is_not(None))
        if ids is not None:
            query = query.where(Registration.id.in_(ids))
        first_day = event.days[0]
        return {registration_id: [first_day] for registration_id in db.session.scalars(query)}
    days_query = (sa.select(CheckIn.registration_id, CheckIn.day).where(CheckIn.event_id == event.id)
                  .order_by(CheckIn.registration_id, CheckIn.day))
    if ids is not None:
        days_query = days_query.where(CheckIn.registration_id.in_(ids))
    found: dict[int, list[date]] = defaultdict(list)
    for registration_id, day in db.session.execute(days_query):
        found[registration_id].append(day)
    return dict(found)


def days_of(registration: Registration) -> list[date]:
    return attended_days(registration.event, [registration.id]).get(registration.id, [])
