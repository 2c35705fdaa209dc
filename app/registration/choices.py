"""Workshop choices as a person sees them: grouped by time slot, clashes named by title and time,
and each chosen workshop's status (seat, waiting-list position, or waiting for the registration).

Reading and formatting only; seats are given and taken in ``operations``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from app.core.dates import format_local_date, format_time_range
from app.core.extensions import db
from app.core.i18n import localized
from app.programme.conflicts import overlaps
from app.programme.models import Session
from app.registration.models import ChoiceStatus, Registration, RegistrationStatus, SessionChoice


@dataclass
class TimeSlot:
    """Sessions whose times overlap, directly or through one another, shown together on the form."""

    starts_at: datetime
    ends_at: datetime
    sessions: list[Session] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def session_ids(self) -> set[int]:
        return {session.id for session in self.sessions}

    @property
    def all_at_once(self) -> bool:
        """Every two sessions of the slot overlap: at most one of them can be chosen."""
        return all(overlaps(a.starts_at, a.ends_at, b.starts_at, b.ends_at)
                   for index, a in enumerate(self.sessions) for b in self.sessions[index + 1:])

    def overlapping_titles(self, session: Session) -> str:
        """The titles of the slot's other sessions that overlap this one ("" if none)."""
        return ", ".join(localized(other, "title") for other in self.sessions if other.id != session.id
                         and overlaps(session.starts_at, session.ends_at, other.starts_at, other.ends_at))

    @property
    def label(self) -> str:
        """E.g. "13 octobre 2027, 14:00–15:30", in the event's zone."""
        zone = self.sessions[0].event.timezone
        return _("%(date)s, %(time)s", date=format_local_date(self.starts_at, zone),
                 time=format_time_range(self.starts_at, self.ends_at, zone))


def time_slots(sessions: Sequence[Session]) -> list[TimeSlot]:
    """Sessions in start order, cut where no session runs across the gap."""
    slots: list[TimeSlot] = []
    for session in sorted(sessions, key=lambda item: (item.starts_at, item.ends_at, item.id)):
        if slots and session.starts_at < slots[-1].ends_at:
            slots[-1].sessions.append(session)
            slots[-1].ends_at = max(slots[-1].ends_at, session.ends_at)
        else:
            slots.append(TimeSlot(session.starts_at, session.ends_at, [session]))
    return slots


def when(session: Session) -> str:
    """E.g. "13 oct. 2027, 14:00–15:30", in the event's zone (app.core.dates)."""
    zone = session.event.timezone
    return _("%(date)s, %(time)s", date=format_local_date(session.starts_at, zone, "medium"),
                   time=format_time_range(session.starts_at, session.ends_at, zone))


def clashes(sessions: Sequence[Session]) -> list[tuple[Session, Session]]:
    """Every pair of the given sessions that overlap, in time order."""
    ordered = sorted(sessions, key=lambda item: (item.starts_at, item.id))
    return [(first, second) for index, first in enumerate(ordered) for second in ordered[index + 1:]
            if overlaps(first.starts_at, first.ends_at, second.starts_at, second.ends_at)]


def clash_message(first: Session, second: Session) -> str:
    return _("“%(first)s” (%(first_time)s) and “%(second)s” (%(second_time)s) take place at the same time: "
             "choose only one of them.", first=localized(first, "title"), first_time=when(first),
             second=localized(second, "title"), second_time=when(second))


def explain_clashes(slots: Sequence[TimeSlot], chosen: Sequence[Session]) -> list[str]:
    """Put a message on each slot where chosen sessions clash; returns every message."""
    messages = []
    for first, second in clashes(chosen):
        message = clash_message(first, second)
        for slot in slots:
            if first.id in slot.session_ids:
                slot.errors.append(message)
        messages.append(message)
    return messages


# --- statuses ------------------------------------------------------------------

@dataclass(frozen=True)
class ChoiceState:
    """``seat`` | ``waiting`` (with its position) | ``pending`` (the registration itself is not confirmed)."""

    kind: str
    position: int | None = None

    @property
    def text(self) -> str:
        if self.kind == "seat":
            return _("seat confirmed")
        if self.kind == "waiting" and self.position:
            return _("waiting list, position %(position)s", position=self.position)
        if self.kind == "waiting":
            return _("waiting list")
        return _("waiting for the registration to be confirmed")


def choice_states(registration: Registration) -> dict[int, ChoiceState]:
    """Session id → the state of this registration's choice of it (one query per waiting choice)."""
    if registration.status != RegistrationStatus.CONFIRMED:
        return {choice.session_id: ChoiceState("pending") for choice in registration.choices}
    return {choice.session_id: (ChoiceState("seat") if choice.status == ChoiceStatus.CONFIRMED
                                else ChoiceState("waiting", _position(choice)))
            for choice in registration.choices}


def _position(choice: SessionChoice) -> int:
    """1 + the waiting choices served before this one (same order as ``operations.promote_choices``)."""
    before = sa.or_(SessionChoice.created_at < choice.created_at,
                    sa.and_(SessionChoice.created_at == choice.created_at,
                            SessionChoice.registration_id < choice.registration_id))
    ahead = db.session.scalar(
        sa.select(sa.func.count()).select_from(SessionChoice).join(SessionChoice.registration)
        .where(SessionChoice.session_id == choice.session_id, SessionChoice.status == ChoiceStatus.WAITLISTED,
               Registration.status == RegistrationStatus.CONFIRMED, before)) or 0
    return ahead + 1


def event_waiting_position(registration: Registration) -> int | None:
    """Position on the event's waiting list (same order as ``operations.promote_registrations``)."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    before = sa.or_(Registration.created_at < registration.created_at,
                    sa.and_(Registration.created_at == registration.created_at, Registration.id < registration.id))
    ahead = db.session.scalar(
        sa.select(sa.func.count()).select_from(Registration)
        .where(Registration.event_id == registration.event_id, Registration.status == RegistrationStatus.WAITLISTED,
               before)) or 0
    return ahead + 1


def chosen_in_order(registration: Registration) -> list[SessionChoice]:
    return sorted(registration.choices, key=lambda choice: (choice.session.starts_at, choice.session_id))
