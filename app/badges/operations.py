"""Which badges to print, and reprints. Plain functions that flush; the caller commits."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.audit.operations import record_audit
from app.badges.categories import BadgeCategory, badge_category
from app.badges.rendering import BadgeData, BadgeFormat, BadgeProblem, badge_header, prepare_badges, render_badges
from app.core.extensions import db
from app.events.models import Event
from app.people.models import Person
from app.registration.models import Delegation, Registration, RegistrationStatus


class BadgeError(ValueError):
    """A badge that cannot be printed for this registration (not confirmed, another event…)."""


@dataclass(frozen=True)
class BadgeFilters:
    delegation_id: int | None = None
    category: BadgeCategory | None = None


def badge_registrations(event: Event, filters: BadgeFilters = BadgeFilters()) -> list[Registration]:
    """The confirmed registrations of the event, by Latin family name; one query whatever their number."""
    query = (sa.select(Registration).join(Registration.person)
             .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
             .options(joinedload(Registration.person).joinedload(Person.collectivite),
                      joinedload(Registration.delegation))
             .order_by(sa.func.lower(sa.func.coalesce(Person.family_name_latin, Person.family_name)),
                       sa.func.lower(sa.func.coalesce(Person.given_name_latin, Person.given_name)), Registration.id))
    if filters.delegation_id is not None:
        query = query.where(Registration.delegation_id == filters.delegation_id)
    registrations = list(db.session.scalars(query).unique())
    if filters.category is not None:
        registrations = [item for item in registrations if badge_category(item) == filters.category]
    return registrations


def event_delegations(event: Event) -> list[Delegation]:
    return list(db.session.scalars(sa.select(Delegation).where(Delegation.event_id == event.id)
                                   .order_by(Delegation.name, Delegation.id)))


def find_delegation(event: Event, delegation_id: int) -> Delegation | None:
    delegation = db.session.get(Delegation, delegation_id)
    return delegation if delegation is not None and delegation.event_id == event.id else None


def reprint_badge(registration: Registration, *, actor: str | None = None) -> Registration:
    """A new badge version: badges printed before scan as superseded from now on. Writes the audit line
    (``actor``: None for the logged-in staff member, else e.g. ``system``); the caller commits."""
    if registration.status != RegistrationStatus.CONFIRMED:
        raise BadgeError("only a confirmed registration has a badge")
    db.session.execute(sa.update(Registration).where(Registration.id == registration.id)
                       .values(badge_version=Registration.badge_version + 1))
    db.session.refresh(registration, ["badge_version"])
    record_audit("badge.reprint", target=registration, actor=actor, details={"version": registration.badge_version})
    return registration


def single_badge_pdf(registration: Registration, language: str, badge_format: BadgeFormat = BadgeFormat.A6) -> bytes:
    """One confirmed registration's badge; UnprintableTextError when a text of it cannot print."""
    if registration.status != RegistrationStatus.CONFIRMED:
        raise BadgeError("only a confirmed registration has a badge")
    badges, problems = prepare_badges([registration], language)
    if problems:
        from app.core.pdf import UnprintableTextError

        raise UnprintableTextError([(registration.person.name, problems[0].characters)])
    return render_badges(badges, badge_header(registration.event, language), badge_format, language)


def prepare_run(event: Event, filters: BadgeFilters, language: str) -> tuple[list[BadgeData], list[BadgeProblem]]:
    return prepare_badges(badge_registrations(event, filters), language)


def badge_filename(event: Event, registration: Registration | None = None) -> str:
    return f"{event.slug}-badge-{registration.id}.pdf" if registration else f"{event.slug}-badges.pdf"
