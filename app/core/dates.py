"""The one place that formats dates and times: always in the event's zone, in the reader's language.

Every date or time a person reads (pages, mails, PDFs, exports for people) goes through here, so
they all look alike: the day before the month ("13 oct. 2027" / "13 Oct 2027"), 24-hour times,
never seconds, never the ambiguous US "10/13/27, 2:00 PM", and the zone named as a person says it
("heure de Paris" / "Paris time"), not "heure normale d’Europe centrale". Machine formats (ISO 8601
in APIs, CSV columns meant for programs, iCalendar) do not belong here and stay as they are.
"""
from __future__ import annotations

import unicodedata
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from flask_babel import get_locale, gettext

# Named formats → CLDR patterns. Explicit patterns rather than Babel's "short"/"medium" ones: those
# give seconds ("14:00:00") and, in English, month-first dates ("10/13/27").
DATE_PATTERNS = {"short": "d MMM y", "medium": "d MMM y", "long": "d MMMM y", "full": "EEEE d MMMM y"}
TIME_PATTERN = "HH:mm"

# Zones whose CLDR city is not the one people name (Vietnam lives on "Hanoi time").
ZONE_CITIES = {"Asia/Ho_Chi_Minh": {"fr": "Hanoï", "en": "Hanoi"}, "Asia/Saigon": {"fr": "Hanoï", "en": "Hanoi"}}
UTC_ZONES = ("UTC", "Etc/UTC", "Etc/GMT", "GMT")


def _language() -> str:
    locale = get_locale()
    return locale.language if locale else "fr"


def _locale() -> str:
    """The Babel locale for dates: British English for English (day before month, 24-hour clock)."""
    language = _language()
    return "en_GB" if language == "en" else language


def _pattern(format: str) -> str:
    return DATE_PATTERNS.get(format, format)


def to_local(instant: datetime, timezone: str) -> datetime:
    return instant.astimezone(ZoneInfo(timezone))


def zone_city(timezone: str) -> str:
    """The city a person names the zone by, in the reader's language ("Paris", "Hanoï", "Tokyo")."""
    override = ZONE_CITIES.get(timezone)
    if override:
        return override.get(_language(), override["en"])
    return babel_dates.get_timezone_location(timezone, locale=_locale(), return_city=True)


def zone_name(timezone: str) -> str:
    """The zone as a person reads it: "heure de Paris" / "Paris time"; "UTC" for UTC."""
    if timezone in UTC_ZONES:
        return "UTC"
    city = zone_city(timezone)
    name = gettext("%(city)s time", city=city)
    if _language() == "fr" and name.startswith("heure de ") and _starts_with_vowel(city):
        name = f"heure d’{city}"  # elision: "heure d’Abidjan", "heure d’Istanbul"
    return name


def _starts_with_vowel(text: str) -> bool:
    first = unicodedata.normalize("NFD", text[:1]).casefold()[:1]
    return first in "aeiouy"


def with_zone(text: str, timezone: str) -> str:
    """``text`` followed by the zone: "13 oct. 2027, 14:00 (heure de Paris)" / "13 Oct 2027, 14:00 Paris time"."""
    return gettext("%(when)s %(zone)s", when=text, zone=zone_name(timezone))


def format_local_datetime(instant: datetime, timezone: str, format: str = "medium", zone: bool = False) -> str:
    """E.g. "13 oct. 2027, 14:00"; with ``zone=True`` "13 oct. 2027, 14:00 (heure de Paris)".

    ``format`` names the date part ("short" and "medium": "13 oct. 2027", "long": "13 octobre 2027",
    "full": "mercredi 13 octobre 2027") or is a CLDR date pattern; the time is always "HH:mm"."""
    local = to_local(instant, timezone)
    text = gettext("%(date)s, %(time)s",
                   date=babel_dates.format_date(local.date(), _pattern(format), locale=_locale()),
                   time=babel_dates.format_time(local, TIME_PATTERN, locale=_locale()))
    return with_zone(text, timezone) if zone else text


def format_when(instant: datetime, timezone: str, format: str = "medium") -> str:
    """A date and time with its zone, for mails and pages read far from the event: "13 Oct 2027, 14:00 Paris time"."""
    return format_local_datetime(instant, timezone, format, zone=True)


def format_local_time(instant: datetime, timezone: str) -> str:
    return babel_dates.format_time(to_local(instant, timezone), TIME_PATTERN, locale=_locale())


def format_time_range(start: datetime, end: datetime, timezone: str, zone: bool = False) -> str:
    """E.g. "12:30–13:30", with ``zone=True`` "12:30–13:30 (heure de Paris)"."""
    text = f"{format_local_time(start, timezone)}–{format_local_time(end, timezone)}"
    return with_zone(text, timezone) if zone else text


def format_local_date(instant: datetime, timezone: str, format: str = "long") -> str:
    return babel_dates.format_date(to_local(instant, timezone).date(), _pattern(format), locale=_locale())


def format_day(day: date, format: str = "full") -> str:
    """A calendar day, e.g. "lundi 18 septembre 2023" / "Monday 18 September 2023"."""
    return babel_dates.format_date(day, _pattern(format), locale=_locale())


def format_date_range(start: datetime, end: datetime, timezone: str) -> str:
    """An event's dates, e.g. "18–19 sept. 2023"; a single day when it starts and ends the same day."""
    zone = ZoneInfo(timezone)
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    if first == last:
        return babel_dates.format_date(first, DATE_PATTERNS["long"], locale=_locale())
    return babel_dates.format_interval(first, last, "yMMMd", locale=_locale())


def format_event_when(start: datetime, end: datetime, timezone: str) -> str:
    """When an event runs, with its zone: "13 oct. 2027, 09:00 – 14 oct. 2027, 17:00 (heure de Paris)",
    or on one day "22 juin 2023, 12:30–13:30 (heure de Paris)"."""
    if to_local(start, timezone).date() == to_local(end, timezone).date():
        text = gettext("%(date)s, %(time)s", date=format_local_date(start, timezone, "medium"),
                       time=format_time_range(start, end, timezone))
    else:
        text = f"{format_local_datetime(start, timezone)} – {format_local_datetime(end, timezone)}"
    return with_zone(text, timezone)


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
