"""What organisers read about registrations: the filtered list and its counts, delegations, session attendees.

Every list is eagerly loaded so that a page costs the same few queries whatever the number of registrations.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, subqueryload

from app.core.extensions import db
from app.core.urls import parse_id
from app.events.models import Event
from app.people.models import Person
from app.programme.models import Session
from app.registration.models import (
    ChoiceStatus,
    Delegation,
    Registration,
    RegistrationCategory,
    RegistrationStatus,
    SessionChoice,
)


@dataclass
class RegistrationFilters:
    """The list's filters, as given in the query string (bad values are ignored, not errors)."""

    delegation_id: int | None = None
    country: str | None = None
    category: RegistrationCategory | None = None
    status: RegistrationStatus | None = None
    session_id: int | None = None

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments (for links to the exports)."""
        values = {"delegation": self.delegation_id, "country": self.country, "session": self.session_id,
                  "category": self.category.value if self.category else None,
                  "status": self.status.value if self.status else None}
        return {name: str(value) for name, value in values.items() if value is not None}


def _int_or_none(value: str | None) -> int | None:
    return parse_id(value)  # "²" is a digit to isdigit(), not to int()


def _enum_or_none(kind, value: str | None):
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def filters_from_args(args: Mapping[str, str]) -> RegistrationFilters:
    country = (args.get("country") or "").strip().upper()
    return RegistrationFilters(
        delegation_id=_int_or_none(args.get("delegation")),
        country=country if len(country) == 2 and country.isalpha() else None,
        category=_enum_or_none(RegistrationCategory, args.get("category")),
        status=_enum_or_none(RegistrationStatus, args.get("status")),
        session_id=_int_or_none(args.get("session")))


def registration_load_options() -> list:
    """Person, collectivité, delegation and workshop choices of registrations, in two statements however many
    (``subqueryload``: ``selectinload`` would add one per 500 registrations)."""
    return [joinedload(Registration.person).joinedload(Person.collectivite),
            joinedload(Registration.delegation),
            subqueryload(Registration.choices).joinedload(SessionChoice.session)]


def _ordered(statement: sa.Select) -> sa.Select:
    return statement.order_by(sa.func.lower(sa.func.coalesce(Person.family_name_latin, Person.family_name)),
                              sa.func.lower(sa.func.coalesce(Person.given_name_latin, Person.given_name)),
                              Registration.id)


def filtered_registrations(event: Event, filters: RegistrationFilters) -> list[Registration]:
    """The event's registrations matching the filters, with person, collectivité, delegation and choices: 2 queries."""
    statement = sa.select(Registration).join(Registration.person).where(Registration.event_id == event.id)
    if filters.delegation_id is not None:
        statement = statement.where(Registration.delegation_id == filters.delegation_id)
    if filters.country:
        statement = statement.where(Person.country == filters.country)
    if filters.category:
        statement = statement.where(Registration.category == filters.category)
    if filters.status:
        statement = statement.where(Registration.status == filters.status)
    if filters.session_id is not None:
        statement = statement.where(Registration.choices.any(SessionChoice.session_id == filters.session_id))
    return list(db.session.scalars(_ordered(statement).options(*registration_load_options())).unique())


@dataclass
class RegistrationCounts:
    total: int = 0
    by_status: dict[RegistrationStatus, int] = field(default_factory=dict)
    by_category: dict[RegistrationCategory, int] = field(default_factory=dict)
    by_country: dict[str, int] = field(default_factory=dict)


def count_registrations(registrations: Sequence[Registration]) -> RegistrationCounts:
    """Counts of an already loaded list (no query); countries by number, then code."""
    countries = Counter(registration.person.country for registration in registrations)
    statuses = Counter(registration.status for registration in registrations)
    categories = Counter(registration.category for registration in registrations)
    return RegistrationCounts(
        total=len(registrations),
        by_status={status: statuses[status] for status in RegistrationStatus if statuses[status]},
        by_category={category: categories[category] for category in RegistrationCategory if categories[category]},
        by_country=dict(sorted(countries.items(), key=lambda item: (-item[1], item[0]))))


def event_delegations(event: Event) -> list[Delegation]:
    return list(db.session.scalars(
        sa.select(Delegation).where(Delegation.event_id == event.id).order_by(Delegation.name, Delegation.id)))


def event_sessions(event: Event) -> list[Session]:
    """Every session of the event, in time order (for the session filter and attendee lists)."""
    return list(db.session.scalars(
        sa.select(Session).where(Session.event_id == event.id).order_by(Session.starts_at, Session.id)))


def delegation_members(delegation: Delegation) -> list[Registration]:
    statement = (sa.select(Registration).join(Registration.person)
                 .where(Registration.delegation_id == delegation.id))
    return list(db.session.scalars(_ordered(statement).options(*registration_load_options())).unique())


def pending_registrations(event: Event) -> list[Registration]:
    """The moderation queue: pending registrations, first come first."""
    return list(db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event.id,
                                      Registration.status == RegistrationStatus.PENDING)
        .order_by(Registration.created_at, Registration.id).options(*registration_load_options())).unique())


@dataclass
class Attendees:
    confirmed: list[SessionChoice]
    waiting: list[SessionChoice]


def session_attendees(session: Session) -> Attendees:
    """The session's choices: seated ones, then the waiting list in its order (first come, first served)."""
    choices = list(db.session.scalars(
        sa.select(SessionChoice).join(SessionChoice.registration)
        .where(SessionChoice.session_id == session.id,
               Registration.status.in_((RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING,
                                        RegistrationStatus.WAITLISTED)))
        .order_by(SessionChoice.created_at, SessionChoice.registration_id)
        .options(joinedload(SessionChoice.registration).joinedload(Registration.person)
                 .joinedload(Person.collectivite))))
    return Attendees(confirmed=[choice for choice in choices if choice.status == ChoiceStatus.CONFIRMED],
                     waiting=[choice for choice in choices if choice.status == ChoiceStatus.WAITLISTED])
