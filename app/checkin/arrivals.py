"""Arrivals: who is here, against who is expected (confirmed registrations), by day, category,
country and delegation. Two queries per event, whatever its size; the counting is done in Python.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.checkin.models import CheckIn
from app.core.countries import sorted_by_name
from app.core.dates import format_local_time, to_local
from app.core.db import utcnow
from app.core.extensions import db
from app.core.labels import label
from app.core.tabular import write_csv
from app.events.models import Event
from app.registration.models import Delegation, Registration, RegistrationCategory, RegistrationStatus


def current_day(event: Event, now: datetime | None = None) -> date | None:
    """Today in the event's zone, if it is one of the event's days."""
    today = to_local(now or utcnow(), event.timezone).date()
    return today if today in event.days else None


def chosen_day(event: Event, value: str | None, now: datetime | None = None) -> date:
    """The day asked for (YYYY-MM-DD, one of the event's days), else today if the event is on, else its first day."""
    try:
        asked = date.fromisoformat(value) if value else None
    except ValueError:
        asked = None
    if asked in event.days:
        return asked
    return current_day(event, now) or event.days[0]


@dataclass
class Tally:
    expected: int = 0
    arrived: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.arrived


@dataclass
class DelegationArrivals:
    delegation: Delegation
    tally: Tally = field(default_factory=Tally)
    missing: list[Registration] = field(default_factory=list)


@dataclass
class Arrivals:
    event: Event
    day: date
    registrations: list[Registration]
    check_ins: dict[tuple[int, date], CheckIn]
    total: Tally = field(default_factory=Tally)
    by_day: dict[date, Tally] = field(default_factory=dict)
    by_category: dict[RegistrationCategory, Tally] = field(default_factory=dict)
    by_country: dict[str, Tally] = field(default_factory=dict)
    delegations: list[DelegationArrivals] = field(default_factory=list)

    def check_in(self, registration: Registration, day: date) -> CheckIn | None:
        return self.check_ins.get((registration.id, day))


def expected_registrations(event: Event, delegation: Delegation | None = None) -> list[Registration]:
    """Confirmed registrations with their person and delegation (one query)."""
    statement = (sa.select(Registration).where(Registration.event_id == event.id,
                                               Registration.status == RegistrationStatus.CONFIRMED)
                 .options(joinedload(Registration.person), joinedload(Registration.delegation)))
    if delegation is not None:
        statement = statement.where(Registration.delegation_id == delegation.id)
    found = list(db.session.scalars(statement))
    return sorted(found, key=lambda registration: (registration.person.sort_key, registration.id))


def event_check_ins(event: Event, delegation: Delegation | None = None) -> dict[tuple[int, date], CheckIn]:
    statement = sa.select(CheckIn).where(CheckIn.event_id == event.id)
    if delegation is not None:
        statement = statement.join(CheckIn.registration).where(Registration.delegation_id == delegation.id)
    return {(row.registration_id, row.day): row for row in db.session.scalars(statement)}


def arrivals(event: Event, day: date) -> Arrivals:
    """Counts for ``day`` (overall, by category, country, delegation; the members missing per delegation)
    and the count of every day of the event."""
    registrations = expected_registrations(event)
    result = Arrivals(event=event, day=day, registrations=registrations, check_ins=event_check_ins(event))
    by_delegation: dict[int, DelegationArrivals] = {}
    result.by_day = {each: Tally(expected=len(registrations)) for each in event.days}
    by_category: dict[RegistrationCategory, Tally] = defaultdict(Tally)
    by_country: dict[str, Tally] = defaultdict(Tally)
    for registration in registrations:
        for each in result.by_day:
            if (registration.id, each) in result.check_ins:
                result.by_day[each].arrived += 1
        here = (registration.id, day) in result.check_ins
        tallies = [result.total, by_category[registration.category], by_country[registration.person.country]]
        if registration.delegation is not None:
            group = by_delegation.setdefault(registration.delegation.id, DelegationArrivals(registration.delegation))
            tallies.append(group.tally)
            if not here:
                group.missing.append(registration)
        for tally in tallies:
            tally.expected += 1
            tally.arrived += here
    result.by_category = {key: by_category[key] for key in sorted(by_category)}
    result.by_country = {code: by_country[code] for code in sorted_by_name(by_country)}
    result.delegations = sorted(by_delegation.values(), key=lambda group: group.delegation.name.casefold())
    return result


def not_arrived(delegation: Delegation, day: date) -> list[Registration]:
    """The confirmed members of a delegation not checked in on ``day`` (two queries)."""
    check_ins = event_check_ins(delegation.event, delegation)
    return [registration for registration in expected_registrations(delegation.event, delegation)
            if (registration.id, day) not in check_ins]


CSV_COLUMNS = ("name", "name_latin", "delegation", "category", "country")


def arrivals_csv(result: Arrivals) -> bytes:
    """One line per expected person, one column per event day: the time (event's zone) and desk of the welcome.
    UTF-8 with a BOM, ``;``-separated, formulas neutralised (``app.core.tabular``, as every export)."""
    event = result.event
    rows = []
    for registration in result.registrations:
        person = registration.person
        cells = [person.name, person.name_latin, registration.delegation.name if registration.delegation else "",
                 str(label(registration.category)), person.country]
        for day in event.days:
            check_in = result.check_in(registration, day)
            cells.append(f"{format_local_time(check_in.checked_in_at, event.timezone)} {check_in.desk}"
                         if check_in else "")
        rows.append(cells)
    return write_csv([*CSV_COLUMNS, *(day.isoformat() for day in event.days)], rows)
