"""Two independent readers of our feeds: the icalendar library, and ical.js (Thunderbird's and
Nextcloud's parser) run by Node. Both convert times to UTC with the VTIMEZONEs of the file itself.

ical.js comes from tests/calendar/js (``npm ci --prefix tests/calendar/js``). Without Node or the
module the tests that need it skip on a laptop, and fail in CI (``CI=true``), like ``postgres_url``.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

JS_DIR = Path(__file__).parent / "js"
READER = JS_DIR / "read_ics.mjs"
IN_CI = os.environ.get("CI", "").lower() == "true"


@dataclass(frozen=True)
class ReadEvent:
    uid: str
    summary: str
    start: str  # UTC, "2024-10-23T07:30:00Z"
    end: str
    status: str | None
    sequence: int


def utc_iso(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_with_icalendar(data: bytes) -> list[ReadEvent]:
    """Events as the icalendar library reads them, times converted with the file's own VTIMEZONEs."""
    calendar = Calendar.from_ical(data)
    zones = {str(vtimezone["TZID"]): vtimezone.to_tz(lookup_tzid=False) for vtimezone in calendar.walk("VTIMEZONE")}
    return [ReadEvent(
        uid=str(vevent["UID"]), summary=str(vevent["SUMMARY"]),
        start=utc_iso(_instant(vevent, "DTSTART", zones)), end=utc_iso(_instant(vevent, "DTEND", zones)),
        status=str(vevent["STATUS"]) if "STATUS" in vevent else None, sequence=int(vevent.get("SEQUENCE", 0)),
    ) for vevent in calendar.walk("VEVENT")]


def _instant(vevent, name: str, zones: dict) -> datetime:
    prop = vevent[name]
    tzid = prop.params.get("TZID")
    if tzid is None:
        assert prop.dt.tzinfo is not None, f"{name} is a floating time"
        return prop.dt
    assert tzid in zones, f"no VTIMEZONE for TZID={tzid}"
    return prop.dt.replace(tzinfo=zones[tzid])


@pytest.fixture(scope="session")
def icaljs():
    """Read an .ics with ical.js: ``icaljs(data) -> (calendar name, [ReadEvent])``."""
    node = shutil.which("node")
    if node is None or not (JS_DIR / "node_modules" / "ical.js").is_dir():
        message = "needs Node and ical.js: npm ci --prefix tests/calendar/js"
        if IN_CI:
            pytest.fail(message + " (CI must run the ical.js tests)")
        pytest.skip(message)

    def read(data: bytes) -> tuple[str | None, list[ReadEvent]]:
        run = subprocess.run([node, str(READER)], input=data, capture_output=True, timeout=60)
        assert run.returncode == 0, run.stderr.decode()
        output = json.loads(run.stdout)
        events = [ReadEvent(uid=item["uid"], summary=item["summary"], start=item["start"], end=item["end"],
                            status=item["status"], sequence=item["sequence"] or 0) for item in output["events"]]
        return output["name"], events

    return read


@pytest.fixture
def both_readers(icaljs):
    """Read with both parsers, check they agree (count, UIDs, UTC instants…), return icalendar's reading."""
    def read(data: bytes) -> list[ReadEvent]:
        ours = read_with_icalendar(data)
        _name, theirs = icaljs(data)
        assert len(ours) == len(theirs)
        assert sorted(ours, key=lambda e: e.uid) == sorted(theirs, key=lambda e: e.uid)
        return ours

    return read
