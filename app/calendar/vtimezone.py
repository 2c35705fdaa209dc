"""VTIMEZONE components written from the IANA database (``zoneinfo``), so that real clients read them right.

A zone's UTC-offset changes over the covered years become observances:

- a change that recurs every year on the same "n-th (or last) weekday of a month" at the
  same wall-clock time, and keeps doing so for the next ``RULE_CHECK_YEARS`` years, is one
  observance with an ``RRULE`` (as Outlook and Google write them);
- any other change (Asia/Hebron's spring change follows Ramadan) is listed explicitly: one
  observance whose ``DTSTART`` is the first change, and one ``RDATE`` line per change, the
  first included (ical.js ignores DTSTART when RDATEs are present; RFC 5545 counts a
  duplicate once) — never a comma-separated ``RDATE`` list, of which ical.js reads only
  the first value;
- a zone without any change in the covered years (Asia/Tokyo, Asia/Ho_Chi_Minh) gets a single
  ``STANDARD`` observance.

The covered years start one year before the first date: ical.js reads a time earlier than every
observance as UTC, so the observance in force on 1 January must start before it.

Observance ``DTSTART``/``RDATE`` values are the local wall-clock time just before the change,
in the ``TZOFFSETFROM`` offset (RFC 5545, 3.6.5).
"""
from __future__ import annotations

import calendar as gregorian
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

RULE_CHECK_YEARS = 10
_SCAN_STEP = timedelta(hours=12)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    """A change of UTC offset: ``local_before`` is the wall-clock time just before it."""

    local_before: datetime
    offset_from: timedelta
    offset_to: timedelta
    daylight: bool
    name: str

    @property
    def key(self) -> tuple[bool, timedelta, timedelta, str]:
        return (self.daylight, self.offset_from, self.offset_to, self.name)


@dataclass(frozen=True)
class YearlyRule:
    month: int
    weekday: int  # Monday = 0
    nth: int  # 1..4, or -1 for the last one of the month
    at: time

    def in_year(self, year: int) -> datetime:
        days = [day for day in range(1, gregorian.monthrange(year, self.month)[1] + 1)
                if date(year, self.month, day).weekday() == self.weekday]
        day = days[-1] if self.nth == -1 else days[self.nth - 1]
        return datetime.combine(date(year, self.month, day), self.at)

    def as_rrule(self) -> dict:
        return {"FREQ": "YEARLY", "BYMONTH": self.month, "BYDAY": f"{self.nth}{_WEEKDAYS[self.weekday]}"}


def vtimezone(tzid: str, first: datetime, last: datetime) -> Timezone:
    """The VTIMEZONE of ``tzid``, exact over the whole local years from ``first`` to ``last``."""
    zone = ZoneInfo(tzid)
    # From the year before: the observance in force on 1 January is then in the component too.
    first_year, last_year = first.astimezone(zone).year - 1, last.astimezone(zone).year
    component = Timezone()
    component.add("TZID", tzid)
    changes = _changes(tzid, first_year, last_year + 1)
    if not changes or changes[0].local_before.year > first_year:
        component.add_component(_fixed_observance(zone, first_year))
    later = _grouped(_changes(tzid, first_year, last_year + 1 + RULE_CHECK_YEARS))
    for group in _grouped(changes).values():
        component.add_component(_observance(group, later[group[0].key], first_year))
    return component


@lru_cache(maxsize=256)
def _changes(tzid: str, first_year: int, end_year: int) -> tuple[Transition, ...]:
    """The changes from 1 January of ``first_year`` to 1 January of ``end_year`` (cached: zones rarely differ)."""
    zone = ZoneInfo(tzid)
    return tuple(transitions(zone, _new_year(first_year, zone), _new_year(end_year, zone)))


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[Transition]:
    """Every change of UTC offset of ``zone`` between two instants."""
    found: list[Transition] = []
    instant = start
    while instant < end:
        following = min(instant + _SCAN_STEP, end)
        if instant.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            found.append(_transition_at(zone, _bisect(zone, instant, following)))
        instant = following
    return found


def _bisect(zone: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """The first instant (to the second) with the offset of ``after``."""
    offset_before = before.astimezone(zone).utcoffset()
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        middle = middle.replace(microsecond=0)
        if middle.astimezone(zone).utcoffset() == offset_before:
            before = middle
        else:
            after = middle
    return after


def _utc_offset(moment: datetime) -> timedelta:
    """The offset of a moment in a ZoneInfo zone (which always has one)."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment!r} has no time zone")
    return offset


def _transition_at(zone: ZoneInfo, instant: datetime) -> Transition:
    just_before = (instant - timedelta(seconds=1)).astimezone(zone)
    after = instant.astimezone(zone)
    offset_from, offset_to = _utc_offset(just_before), _utc_offset(after)
    return Transition(
        local_before=(instant + offset_from).replace(tzinfo=None),
        offset_from=offset_from,
        offset_to=offset_to,
        daylight=(after.dst() or timedelta(0)) > timedelta(0),
        name=after.tzname() or "",
    )


def _new_year(year: int, zone: ZoneInfo) -> datetime:
    return datetime(year, 1, 1, tzinfo=zone).astimezone(UTC)


def _grouped(changes: Iterable[Transition]) -> dict[tuple, list[Transition]]:
    groups: dict[tuple, list[Transition]] = defaultdict(list)
    for change in changes:
        groups[change.key].append(change)
    return groups


def _observance(group: list[Transition], later: list[Transition], first_year: int) -> TimezoneStandard | TimezoneDaylight:
    first = group[0]
    observance = TimezoneDaylight() if first.daylight else TimezoneStandard()
    observance.add("DTSTART", first.local_before)
    observance.add("TZOFFSETFROM", first.offset_from)
    observance.add("TZOFFSETTO", first.offset_to)
    if first.name:
        observance.add("TZNAME", first.name)
    rule = _yearly_rule(later, first_year)
    if rule is not None:
        observance.add("RRULE", rule.as_rrule())
    else:  # DTSTART again as the first RDATE: ical.js ignores DTSTART when there are RDATEs
        for change in group:
            observance.add("RDATE", change.local_before)
    return observance


def _yearly_rule(changes: list[Transition], first_year: int) -> YearlyRule | None:
    """A rule giving exactly these changes, one a year from ``first_year`` on, or None."""
    sample = changes[0].local_before
    if sample.year != first_year:  # not every year
        return None
    last_day = gregorian.monthrange(sample.year, sample.month)[1]
    nth = (sample.day - 1) // 7 + 1
    candidates = ([nth] if nth <= 4 else []) + ([-1] if sample.day + 7 > last_day else [])
    actual = [change.local_before for change in changes]
    for nth in reversed(candidates):
        rule = YearlyRule(sample.month, sample.weekday(), nth, sample.time())
        if actual == [rule.in_year(year) for year in range(first_year, first_year + len(actual))] \
                and actual[-1].year >= first_year + RULE_CHECK_YEARS:
            return rule
    return None


def _fixed_observance(zone: ZoneInfo, year: int) -> TimezoneStandard:
    """The offset in force on 1 January of ``year``, from then on (or until the first change)."""
    start = datetime(year, 1, 1)
    local = start.replace(tzinfo=zone)
    observance = TimezoneStandard()
    observance.add("DTSTART", start)
    observance.add("TZOFFSETFROM", local.utcoffset())
    observance.add("TZOFFSETTO", local.utcoffset())
    if local.tzname():
        observance.add("TZNAME", local.tzname())
    return observance
