"""The one place that formats dates and times: always in the event's zone, in the reader's language."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from flask_babel import get_locale


def _locale() -> str:
    locale = get_locale()
    return str(locale) if locale else "fr"


def to_local(instant: datetime, timezone: str) -> datetime:
    return instant.astimezone(ZoneInfo(timezone))


def format_local_datetime(instant: datetime, timezone: str, format: str = "medium") -> str:
    return babel_dates.format_datetime(instant, format, tzinfo=ZoneInfo(timezone), locale=_locale())


def format_local_time(instant: datetime, timezone: str) -> str:
    return babel_dates.format_time(instant, "HH:mm", tzinfo=ZoneInfo(timezone), locale=_locale())


def format_local_date(instant: datetime, timezone: str, format: str = "long") -> str:
    return babel_dates.format_date(to_local(instant, timezone).date(), format, locale=_locale())


def format_day(day: date, format: str = "full") -> str:
    """A calendar day, e.g. "lundi 18 septembre 2023" / "Monday, September 18, 2023"."""
    return babel_dates.format_date(day, format, locale=_locale())


def format_date_range(start: datetime, end: datetime, timezone: str) -> str:
    """An event's dates, e.g. "18–19 sept. 2023"; a single day when it starts and ends the same day."""
    zone = ZoneInfo(timezone)
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    if first == last:
        return babel_dates.format_date(first, "long", locale=_locale())
    return babel_dates.format_interval(first, last, "yMMMd", locale=_locale())


def utc_offset_label(instant: datetime, timezone: str) -> str:
    """E.g. "UTC+02:00", shown beside times for readers in other zones."""
    offset = to_local(instant, timezone).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped by a daylight-saving change (e.g. 02:30 on the last Sunday of March in Paris)."""


def local_to_utc(day: date, time_of_day: time, timezone: str) -> datetime:
    """The instant of a wall-clock time in a zone; refuses times that do not exist there."""
    zone = ZoneInfo(timezone)
    local = datetime.combine(day, time_of_day, zone)
    instant = local.astimezone(ZoneInfo("UTC"))
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentLocalTime(f"{day} {time_of_day} does not exist in {timezone}")
    return instant


def shift_local_days(instant: datetime, days: int, timezone: str) -> datetime:
    """The same wall-clock time in ``timezone``, ``days`` later (right across DST changes).

    A time that the shift lands in a daylight-saving gap is moved by whole 24-hour days instead.
    """
    local = to_local(instant, timezone)
    try:
        return local_to_utc(local.date() + timedelta(days=days), local.time().replace(tzinfo=None), timezone)
    except NonexistentLocalTime:
        return (instant + timedelta(days=days)).astimezone(ZoneInfo("UTC"))


def same_wall_clock(instant: datetime, old_timezone: str, new_timezone: str) -> datetime:
    """The instant showing, in ``new_timezone``, the wall-clock time it showed in ``old_timezone``."""
    local = to_local(instant, old_timezone)
    try:
        return local_to_utc(local.date(), local.time().replace(tzinfo=None), new_timezone)
    except NonexistentLocalTime:
        return local_to_utc(local.date(), (local + timedelta(hours=1)).time().replace(tzinfo=None), new_timezone)
