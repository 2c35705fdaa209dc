"""A registrant's personal agenda: the event's plenaries and the sessions they chose, in time order.

The one definition behind the personal calendar feed (``/agenda/<token>.ics``) and the agenda attached to
the registration mails (both built by ``app.calendar.feeds.agenda_feed``): two SQL statements for the
sessions, one for the choices.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.core.extensions import db
from app.programme.models import Session, SessionType
from app.programme.queries import load_sessions
from app.registration.models import ChoiceStatus, Registration, SessionChoice


@dataclass(frozen=True)
class PersonalAgenda:
    registration: Registration
    choices: dict[int, ChoiceStatus]  # session id → confirmed or waiting list
    sessions: list[Session]  # visible plenaries and chosen sessions, in time order


def personal_agenda(registration: Registration) -> PersonalAgenda:
    """The registrant's choices and the visible sessions of their agenda (plenaries and chosen ones)."""
    rows = db.session.execute(
        sa.select(SessionChoice.session_id, SessionChoice.status)
        .where(SessionChoice.registration_id == registration.id))
    choices = {session_id: status for session_id, status in rows}
    sessions = load_sessions(Session.event_id == registration.event_id,
                             sa.or_(Session.type == SessionType.PLENARY, Session.id.in_(list(choices))))
    return PersonalAgenda(registration=registration, choices=choices, sessions=sessions)
