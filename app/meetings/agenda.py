"""Each person's published meetings in their personal calendar feed (``app.calendar.extra``): one entry per
meeting, UID ``meeting-<id>``, with the other side, the table and room, the interpreter, and the meeting's
``sequence`` (bumped by the scheduler and by pinning on every move) so that calendar apps move it in place."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.calendar.extra import AgendaEntry
from app.core.extensions import db
from app.meetings.mails import who
from app.meetings.models import Meeting, MeetingStatus
from app.meetings.operations import settings_for
from app.registration.models import Registration


def meeting_entries(registration: Registration, language: str) -> list[AgendaEntry]:
    if not registration.event.profile.has_meetings:
        return []
    meetings = list(db.session.scalars(sa.select(Meeting).where(
        Meeting.event_id == registration.event_id, Meeting.published.is_(True),
        Meeting.status == MeetingStatus.SCHEDULED,
        sa.or_(Meeting.side_a_registration_id == registration.id,
               Meeting.side_b_registration_id == registration.id))
        .options(selectinload(Meeting.table), selectinload(Meeting.interpreter),
                 selectinload(Meeting.side_a).selectinload(Registration.person),
                 selectinload(Meeting.side_b).selectinload(Registration.person))
        .order_by(Meeting.starts_at)))
    if not meetings:
        return []
    length = timedelta(minutes=settings_for(registration.event).slot_minutes)
    entries = []
    with force_locale(language):
        for meeting in meetings:
            assert meeting.starts_at is not None and meeting.table is not None
            other = meeting.side_b if meeting.side_a_registration_id == registration.id else meeting.side_a
            place = _("Table %(number)s", number=meeting.table.number)
            if meeting.table.room:
                place = f"{place}, {meeting.table.room}"
            lines = [_("Bilateral meeting with %(who)s", who=who(other)), place]
            if meeting.interpreter is not None:
                lines.append(_("Interpreter: %(name)s", name=meeting.interpreter.name))
            entries.append(AgendaEntry(
                f"meeting-{meeting.id}", meeting.starts_at, meeting.starts_at + length,
                _("Meeting: %(who)s", who=who(other)), place, "\n".join(lines), meeting.sequence,
                meeting.updated_at or meeting.created_at))
    return entries
