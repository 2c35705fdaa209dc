"""Each person's published meetings are in their personal calendar feed, with table and room; a move bumps
SEQUENCE and keeps the UID."""
from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar

from app.meetings.scheduling import schedule_event
from app.programme.models import SessionType
from tests.factories import add_speaker, make_session
from tests.meetings.test_schedule_event import _meeting, _setup


def _meeting_entries(client, registration) -> list:
    response = client.get(f"/agenda/{registration.calendar_token}.ics")
    assert response.status_code == 200
    return [item for item in Calendar.from_ical(response.data).walk("VEVENT")
            if str(item["UID"]).startswith("meeting-")]


def test_published_meeting_in_both_feeds_and_a_move_bumps_sequence(app, client, db):
    a = _setup(tables=1, slots=2)
    meeting = _meeting(a, a.anne, a.binh)
    schedule_event(a.event, publish=False, actor="test")
    db.session.commit()
    assert _meeting_entries(client, a.anne) == []  # not published yet
    schedule_event(a.event, publish=True, actor="test")
    db.session.commit()
    (entry,) = _meeting_entries(client, a.binh)
    (same,) = _meeting_entries(client, a.anne)
    assert entry["UID"] == same["UID"] and str(entry["UID"]).startswith(f"meeting-{meeting.id}@")
    assert "Table 1" in str(entry["LOCATION"]) and "Salon Hô Chi Minh" in str(entry["LOCATION"])
    assert entry.decoded("DTSTART") == meeting.starts_at
    assert entry.decoded("DTEND") - entry.decoded("DTSTART") == timedelta(minutes=30)
    sequence = int(entry["SEQUENCE"])
    talk = make_session(a.event, type=SessionType.PLENARY, starts_at=meeting.starts_at,
                        ends_at=meeting.starts_at + timedelta(minutes=30))
    add_speaker(talk, a.anne.person)
    schedule_event(a.event, publish=True, actor="test")
    db.session.commit()
    (moved,) = _meeting_entries(client, a.binh)
    assert moved["UID"] == entry["UID"]
    assert int(moved["SEQUENCE"]) == sequence + 1
    assert moved.decoded("DTSTART") == meeting.starts_at != entry.decoded("DTSTART")
