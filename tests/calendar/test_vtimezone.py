"""VTIMEZONEs written from zoneinfo: RRULE observances where the zone follows a yearly rule, one RDATE
per line otherwise, a single STANDARD without DST — and ical.js reads every one of them right."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from app.calendar.feeds import calendar_time
from app.calendar.vtimezone import transitions, vtimezone
from tests.calendar.conftest import read_with_icalendar, utc_iso

UTC = UTC


def observances(component) -> list[tuple[str, dict]]:
    return [(sub.name, {key: sub[key] for key in sub}) for sub in component.subcomponents]


def calendar_of(tzid: str, local_times: list[datetime]) -> bytes:
    """A calendar with one event per local time, in ``tzid``, written the way the feeds write them."""
    zone = ZoneInfo(tzid)
    instants = [local.replace(tzinfo=zone) for local in local_times]
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", "-//tests//EN")
    calendar.add_component(vtimezone(tzid, min(instants), max(instants)))
    for number, instant in enumerate(instants):
        event = Event()
        event.add("UID", f"{number}")
        event.add("DTSTAMP", datetime(2024, 1, 1, tzinfo=UTC))
        event.add("SUMMARY", instant.isoformat())
        event.add("DTSTART", calendar_time(instant, zone))
        event.add("DTEND", calendar_time(instant + timedelta(hours=1), zone))
        calendar.add_component(event)
    return calendar.to_ical()


def test_paris_has_one_rrule_daylight_and_one_rrule_standard():
    component = vtimezone("Europe/Paris", datetime(2024, 10, 23, 7, tzinfo=UTC), datetime(2024, 10, 30, 17, tzinfo=UTC))
    text = component.to_ical().decode()
    assert "TZID:Europe/Paris" in text and "RDATE" not in text
    assert [name for name, _ in observances(component)] == ["DAYLIGHT", "STANDARD"]
    assert "DTSTART:20230326T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" in text
    assert "DTSTART:20231029T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n" in text
    assert "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100" in text and "TZNAME:CEST" in text


@pytest.mark.parametrize("tzid, offset", [("Asia/Ho_Chi_Minh", "+0700"), ("Asia/Tokyo", "+0900")])
def test_zone_without_dst_has_a_single_standard_observance(tzid, offset):
    component = vtimezone(tzid, datetime(2023, 4, 11, tzinfo=UTC), datetime(2024, 4, 12, tzinfo=UTC))
    [(name, properties)] = observances(component)
    assert name == "STANDARD" and "RRULE" not in properties and "RDATE" not in properties
    assert f"TZOFFSETFROM:{offset}\r\nTZOFFSETTO:{offset}" in component.to_ical().decode()


def test_irregular_changes_get_one_rdate_per_line_including_the_first():
    component = vtimezone("Asia/Hebron", datetime(2024, 4, 1, tzinfo=UTC), datetime(2024, 11, 1, tzinfo=UTC))
    lines = component.to_ical().decode().split("\r\n")
    daylight = lines[lines.index("BEGIN:DAYLIGHT"):lines.index("END:DAYLIGHT")]
    assert "DTSTART:20230429T020000" in daylight
    assert [line for line in daylight if line.startswith("RDATE")] == ["RDATE:20230429T020000", "RDATE:20240420T020000"]
    assert "RRULE" not in "".join(daylight)


def test_transitions_are_found_to_the_second():
    changes = transitions(ZoneInfo("Europe/Paris"), datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC))
    assert [(change.local_before, change.daylight, change.name) for change in changes] == [
        (datetime(2024, 3, 31, 2, 0), True, "CEST"), (datetime(2024, 10, 27, 3, 0), False, "CET")]


ZONES = ["Europe/Paris", "Asia/Hebron", "Asia/Ho_Chi_Minh", "Asia/Tokyo", "America/New_York", "Australia/Sydney",
         "Australia/Lord_Howe", "America/Santiago", "Europe/Dublin", "Africa/Casablanca"]


@pytest.mark.parametrize("tzid", ZONES)
def test_every_day_of_two_years_reads_right_in_both_parsers(tzid, icaljs):
    """09:30 and 23:30 local every day of 2024–2025, and 02:30 / 03:30 around each change, as zoneinfo says."""
    zone = ZoneInfo(tzid)
    days = [datetime(2024, 1, 1) + timedelta(days=n) for n in range(731)]
    local_times = [day.replace(hour=hour, minute=30) for day in days for hour in (9, 23)]
    for change in transitions(zone, datetime(2024, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)):
        local_times += [change.local_before - timedelta(hours=1), change.local_before + timedelta(hours=2)]
    local_times = [local for local in local_times if _exists(local, zone)]
    data = calendar_of(tzid, local_times)
    expected = {utc_iso(local.replace(tzinfo=zone)) for local in local_times}
    assert {read.start for read in read_with_icalendar(data)} == expected
    _name, read = icaljs(data)
    wrong = [(item.summary, item.start) for item in read if utc_iso(datetime.fromisoformat(item.summary)) != item.start]
    assert wrong == []


def _exists(local: datetime, zone: ZoneInfo) -> bool:
    """False for a wall-clock time skipped when the clocks go forward."""
    aware = local.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == local


COMMA_RDATE_PARIS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//tests//EN\r
BEGIN:VTIMEZONE\r
TZID:Europe/Paris\r
BEGIN:DAYLIGHT\r
DTSTART:20230326T020000\r
RDATE:20230326T020000,20240331T020000\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
DTSTART:20231029T030000\r
RDATE:20231029T030000,20241027T030000\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:comma\r
DTSTAMP:20240101T000000Z\r
SUMMARY:23 October\r
DTSTART;TZID=Europe/Paris:20241023T093000\r
DTEND;TZID=Europe/Paris:20241023T103000\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_harness_catches_a_comma_separated_rdate_vtimezone(icaljs, both_readers):
    """ical.js takes the first RDATE value only: such a VTIMEZONE puts 23 October 2024 an hour off there,
    which is what icalendar's add_missing_timezones() output does. Our two-parser check must notice."""
    [ours] = read_with_icalendar(COMMA_RDATE_PARIS)
    _name, [theirs] = icaljs(COMMA_RDATE_PARIS)
    assert ours.start == "2024-10-23T07:30:00Z"
    assert theirs.start == "2024-10-23T08:30:00Z"
    with pytest.raises(AssertionError):
        both_readers(COMMA_RDATE_PARIS)
