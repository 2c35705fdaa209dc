"""Read queries of the syntheses: a fixed number of statements whatever the programme's size.

``published_syntheses`` and ``published_synthesis`` are what the public pages (app/public, above this
package) call to show a session's published synthesis.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.core.extensions import db
from app.events.models import Event
from app.people.models import Person
from app.programme.models import Session
from app.programme.queries import load_sessions, visible_sessions
from app.registration.models import ACTIVE_STATUSES, Registration
from app.syntheses.models import Synthesis


def published_syntheses(event: Event) -> dict[int, Synthesis]:
    """Session id → its published synthesis (with the rapporteur's name loaded)."""
    rows = db.session.scalars(
        sa.select(Synthesis).where(Synthesis.event_id == event.id, Synthesis.published_at.is_not(None))
        .options(joinedload(Synthesis.rapporteur).joinedload(Registration.person)))
    return {synthesis.session_id: synthesis for synthesis in rows}


def published_synthesis(session: Session) -> Synthesis | None:
    return db.session.scalar(
        sa.select(Synthesis).where(Synthesis.session_id == session.id, Synthesis.published_at.is_not(None))
        .options(joinedload(Synthesis.rapporteur).joinedload(Registration.person)))


def public_session(event: Event, session_id: int) -> Session | None:
    """A session shown in the event's public programme (not hidden), with its speakers; None otherwise."""
    found = load_sessions(Session.event_id == event.id, Session.id == session_id)
    return found[0] if found else None


@dataclass
class SessionSynthesis:
    session: Session
    synthesis: Synthesis | None


def syntheses_by_session(event: Event) -> list[SessionSynthesis]:
    """Every session shown in the programme, in programme order, with its synthesis if any."""
    sessions = visible_sessions(event)
    found = {synthesis.session_id: synthesis for synthesis in db.session.scalars(
        sa.select(Synthesis).where(Synthesis.event_id == event.id)
        .options(joinedload(Synthesis.rapporteur).joinedload(Registration.person)))}
    return [SessionSynthesis(session, found.get(session.id)) for session in sessions]


def rapporteur_candidates(event: Event) -> list[Registration]:
    """The event's active registrations, by name: who may be named rapporteur."""
    rows = db.session.scalars(
        sa.select(Registration).join(Registration.person)
        .where(Registration.event_id == event.id, Registration.status.in_(ACTIVE_STATUSES))
        .options(joinedload(Registration.person))
        .order_by(Person.family_name, Person.given_name, Registration.id))
    return list(rows)


def synthesis_by_token(token: str) -> Synthesis | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(sa.select(Synthesis).where(Synthesis.token == token, Synthesis.rapporteur_id.is_not(None)))
