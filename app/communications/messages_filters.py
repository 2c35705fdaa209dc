"""Which of an event's registrations a message goes to, and why each person receives it.

``RecipientFilter`` holds the organiser's choices — status, workshop, delegation, side, category, language,
checked in or not, day — and ``recipients`` turns it into one SQL statement. The day means, with "checked in"
or "not checked in", the day of the check-in; alone, the registrants who chose a workshop on that day (in the
event's zone). ``reason`` says in words, in the reader's language, why they receive it ("you are registered
to the workshop “Climat”"), for the footer of every such mail.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app.checkin.models import CheckIn
from app.core.dates import format_day, local_to_utc
from app.core.extensions import db
from app.core.i18n import localized
from app.events.models import Event
from app.people.models import Person
from app.programme.models import Session
from app.registration.models import (
    Delegation,
    DelegationSide,
    Registration,
    RegistrationCategory,
    RegistrationStatus,
    SessionChoice,
)

# The statuses organisers write to (a refused or pending registration is not "registered").
MESSAGE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED)
LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class RecipientFilter:
    statuses: tuple[RegistrationStatus, ...] = (RegistrationStatus.CONFIRMED,)
    session_id: int | None = None
    delegation_id: int | None = None
    side: DelegationSide | None = None
    category: RegistrationCategory | None = None
    language: str | None = None
    checked_in: bool | None = None
    day: date | None = None

    def as_dict(self) -> dict[str, Any]:
        values = {"statuses": [status.value for status in self.statuses], "session_id": self.session_id,
                  "delegation_id": self.delegation_id, "side": self.side.value if self.side else None,
                  "category": self.category.value if self.category else None, "language": self.language,
                  "checked_in": self.checked_in, "day": self.day.isoformat() if self.day else None}
        return {name: value for name, value in values.items() if value is not None}

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> RecipientFilter:
        statuses = tuple(RegistrationStatus(value) for value in values.get("statuses") or ()
                         if value in {status.value for status in MESSAGE_STATUSES})
        day = values.get("day")
        return cls(statuses=statuses or (RegistrationStatus.CONFIRMED,), session_id=values.get("session_id"),
                   delegation_id=values.get("delegation_id"),
                   side=DelegationSide(values["side"]) if values.get("side") else None,
                   category=RegistrationCategory(values["category"]) if values.get("category") else None,
                   language=values.get("language"), checked_in=values.get("checked_in"),
                   day=date.fromisoformat(day) if day else None)


def _day_bounds(event: Event, day: date) -> tuple[datetime, datetime]:
    return local_to_utc(day, time(0), event.timezone), local_to_utc(day + timedelta(days=1), time(0), event.timezone)


def recipients_statement(event: Event, chosen: RecipientFilter) -> sa.Select:
    statement = sa.select(Registration).join(Registration.person).where(
        Registration.event_id == event.id, Registration.status.in_(chosen.statuses or MESSAGE_STATUSES),
        Person.email.is_not(None))
    if chosen.session_id is not None:
        statement = statement.where(Registration.choices.any(SessionChoice.session_id == chosen.session_id))
    if chosen.delegation_id is not None:
        statement = statement.where(Registration.delegation_id == chosen.delegation_id)
    if chosen.side is not None:
        statement = statement.where(Registration.delegation.has(Delegation.side == chosen.side))
    if chosen.category is not None:
        statement = statement.where(Registration.category == chosen.category)
    if chosen.language is not None:
        statement = statement.where(Registration.language == chosen.language)
    if chosen.checked_in is not None:
        welcomed = sa.select(CheckIn.id).where(CheckIn.registration_id == Registration.id)
        if chosen.day is not None:
            welcomed = welcomed.where(CheckIn.day == chosen.day)
        statement = statement.where(sa.exists(welcomed) if chosen.checked_in else ~sa.exists(welcomed))
    elif chosen.day is not None:
        start, end = _day_bounds(event, chosen.day)
        statement = statement.where(Registration.choices.any(SessionChoice.session.has(
            sa.and_(Session.starts_at >= start, Session.starts_at < end))))
    return statement


def recipients(event: Event, chosen: RecipientFilter) -> list[Registration]:
    """The registrations the message goes to (with an address), with their person, in id order."""
    statement = recipients_statement(event, chosen).options(joinedload(Registration.person)
                                                            .joinedload(Person.collectivite))
    return list(db.session.scalars(statement.order_by(Registration.id)).unique())


def count_recipients(event: Event, chosen: RecipientFilter) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(
        recipients_statement(event, chosen).with_only_columns(Registration.id).subquery())) or 0


def reason(event: Event, chosen: RecipientFilter, language: str) -> str:
    """Why a person receives the message, e.g. "you are registered to the workshop “Climat”"."""
    with force_locale(language):
        title = localized(event, "title", language)
        parts = []
        if chosen.session_id is not None and (session := db.session.get(Session, chosen.session_id)) is not None:
            parts.append(_("you are registered to the workshop “%(session)s”", session=localized(session, "title", language)))
        if chosen.delegation_id is not None and (delegation := db.session.get(Delegation, chosen.delegation_id)):
            parts.append(_("you are a member of the delegation %(name)s", name=delegation.name))
        elif chosen.side is not None:
            parts.append(_("you travel with the French delegations") if chosen.side == DelegationSide.FRENCH
                         else _("you travel with the partner delegations"))
        statuses = set(chosen.statuses)
        if statuses == {RegistrationStatus.WAITLISTED}:
            parts.append(_("you are on the waiting list of %(event)s", event=title))
        elif statuses == {RegistrationStatus.CANCELLED}:
            parts.append(_("you had registered to %(event)s", event=title))
        elif not parts:
            parts.append(_("you are registered to %(event)s", event=title))
        if chosen.checked_in and chosen.day:
            parts.append(_("you were welcomed on %(day)s", day=format_day(chosen.day, "long")))
        elif chosen.checked_in:
            parts.append(_("you were welcomed at the event"))
        elif chosen.checked_in is False and chosen.day:
            parts.append(_("you were not welcomed on %(day)s", day=format_day(chosen.day, "long")))
        elif chosen.checked_in is False:
            parts.append(_("you have not arrived yet"))
        elif chosen.day:
            parts.append(_("you chose a workshop on %(day)s", day=format_day(chosen.day, "long")))
        return "; ".join(parts)
