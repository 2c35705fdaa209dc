"""The meetings' personal data in a person's export and erasure (``app.registration.privacy``): the requests
they sent or received (with their messages) and their meetings; erasing clears the messages and reasons they
wrote or received (the requests and meetings stay, anonymous, for the counts)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.core.extensions import db
from app.meetings.models import Meeting, MeetingRequest
from app.people.models import Person
from app.registration import privacy
from app.registration.models import Registration


def _registration_ids(person: Person) -> sa.Select:
    return sa.select(Registration.id).where(Registration.person_id == person.id)


def _requests(person: Person) -> list[MeetingRequest]:
    mine = _registration_ids(person)
    return list(db.session.scalars(sa.select(MeetingRequest).where(sa.or_(
        MeetingRequest.from_registration_id.in_(mine), MeetingRequest.to_registration_id.in_(mine),
        MeetingRequest.asked_by_person_id == person.id)).order_by(MeetingRequest.id)))


def _export(person: Person) -> dict[str, Any]:
    mine = _registration_ids(person)
    meetings = db.session.scalars(sa.select(Meeting).where(sa.or_(
        Meeting.side_a_registration_id.in_(mine), Meeting.side_b_registration_id.in_(mine))).order_by(Meeting.id))
    return {"requests": [privacy.columns(request) | {"event": request.event.slug} for request in _requests(person)],
            "meetings": [privacy.columns(meeting) for meeting in meetings]}


def _erase(person: Person) -> None:
    for request in _requests(person):
        request.message = None
        request.reason = None


PERSONAL_DATA = privacy.PersonalData(name="meetings", export=_export, erase=_erase)
