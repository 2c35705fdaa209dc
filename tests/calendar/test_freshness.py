"""A calendar app polling feeds (issues 13 and 14): changes it must see, empty feeds, headers, old feeds, join links."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from app.core.db import utcnow
from app.core.extensions import db as database
from app.events.models import EventKind, EventSeries, EventStatus
from app.registration.models import ChoiceStatus, SessionChoice
from tests.calendar.builders import JOIN_URL, build_programme, feed_urls, make_chronicle, unfolded
from tests.factories import make_event, make_track


def _backdate(hours: int = 2) -> None:
    """Every row was last changed ``hours`` ago, so that a change made now is seen at a second's resolution."""
    then = utcnow() - timedelta(hours=hours)
    for table in database.metadata.sorted_tables:
        if "updated_at" in table.c:
            database.session.execute(table.update().values(updated_at=then))
    database.session.commit()


@pytest.fixture
def programme(db):
    programme = build_programme(db)
    db.session.commit()
    _backdate()
    db.session.expire_all()
    return programme


def _agenda(programme) -> str:
    return f"/agenda/{programme.registration.calendar_token}.ics"


def _stale(client, url: str, change) -> tuple[int, bytes]:
    """Ask with If-Modified-Since (no If-None-Match, as many calendar apps do) after ``change``."""
    last_modified = client.get(url).headers["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    change()
    database.session.commit()
    response = client.get(url, headers={"If-Modified-Since": last_modified})
    return response.status_code, response.data


@pytest.mark.parametrize("feed", ["programme", "session", "track", "agenda"])
def test_renaming_a_room_is_seen_by_a_client_asking_if_modified_since(client, programme, feed):
    url = (feed_urls(programme) | {"agenda": _agenda(programme)})[feed]
    session = programme.workshop
    room = programme.plenary.room
    session.room = room
    database.session.commit()
    _backdate()
    status, data = _stale(client, url, lambda: setattr(room, "name", "Grand amphithéâtre"))
    assert status == 200 and "Grand amphithéâtre" in unfolded(data)


def test_renaming_a_track_moves_last_modified_and_the_entrys_last_modified(client, programme):
    url = feed_urls(programme)["track"]
    before = Calendar.from_ical(client.get(url).data).walk("VEVENT")[0].decoded("LAST-MODIFIED")
    status, data = _stale(client, url, lambda: setattr(programme.track, "name_fr", "Climat et énergie"))
    assert status == 200 and "Climat et énergie" in unfolded(data)
    after = Calendar.from_ical(data).walk("VEVENT")[0].decoded("LAST-MODIFIED")
    assert after > before  # a calendar app that compares LAST-MODIFIED updates the entry too


@pytest.mark.parametrize("feed", ["programme", "track"])
def test_hiding_a_session_is_seen_by_a_client_asking_if_modified_since(client, programme, feed):
    url = feed_urls(programme)[feed]
    uid = f"session-{programme.workshop.id}@".encode()
    assert uid in client.get(url).data
    status, data = _stale(client, url, lambda: setattr(programme.workshop, "is_hidden", True))
    assert status == 200 and uid not in data


def test_an_empty_feed_is_still_a_valid_calendar_with_its_timezone(client, db, icaljs):
    event = make_event()
    track = make_track(event, slug="empty", name_fr="Vide", name_en="Empty")
    series = EventSeries(slug="chroniques-vides", kind=EventKind.CHRONIQUE, title_fr="Vides", title_en="Empty")
    db.session.add(series)
    db.session.commit()
    for url in (f"/{event.kind.url_prefix}/{event.slug}/tracks/{track.slug}.ics", "/chroniques/chroniques-vides/series.ics"):
        response = client.get(url)
        assert response.status_code == 200, url
        calendar = Calendar.from_ical(response.data)
        assert [component.name for component in calendar.subcomponents] == ["VTIMEZONE"], url
        assert calendar.subcomponents[0]["TZID"] == "Europe/Paris"
        _name, entries = icaljs(response.data)  # ical.js reads it too
        assert entries == [], url


def test_feeds_carry_no_date_header_of_their_own(client, programme):
    """The HTTP server adds Date; werkzeug's make_conditional added a second one under gunicorn."""
    for name, url in (feed_urls(programme) | {"agenda": _agenda(programme)}).items():
        response = client.get(url)
        assert "Date" not in response.headers, name
        not_modified = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert not_modified.status_code == 304 and "Date" not in not_modified.headers, name


def test_feeds_of_an_event_archived_long_ago_are_gone(client, db):
    programme = build_programme(db, status=EventStatus.ARCHIVED)
    db.session.commit()
    for name, url in (feed_urls(programme) | {"agenda": _agenda(programme)}).items():
        assert client.get(url).status_code == 410, name


def test_feeds_of_an_event_archived_recently_are_still_served(client, db):
    starts_at = utcnow() - timedelta(days=20)
    programme = build_programme(db, status=EventStatus.ARCHIVED, starts_at=starts_at, ends_at=starts_at + timedelta(days=8))
    db.session.commit()
    for name, url in (feed_urls(programme) | {"agenda": _agenda(programme)}).items():
        assert client.get(url).status_code == 200, name


def test_a_series_feed_leaves_out_chronicles_archived_long_ago(client, db):
    series = EventSeries(slug="chroniques", kind=EventKind.CHRONIQUE, title_fr="Chroniques", title_en="Chronicles")
    db.session.add(series)
    old = make_chronicle(series, utcnow() - timedelta(days=400), status=EventStatus.ARCHIVED)
    upcoming = make_chronicle(series, utcnow() + timedelta(days=30))
    db.session.commit()
    data = client.get("/chroniques/chroniques/series.ics").data
    assert f"event-{upcoming.id}@".encode() in data and f"event-{old.id}@".encode() not in data


def test_a_waitlisted_workshop_never_gives_its_join_link(client, db, app):
    from app.calendar.agenda import agenda_ics

    programme = build_programme(db)
    choice = database.session.scalar(sa.select(SessionChoice).where(SessionChoice.session_id == programme.workshop.id))
    choice.status = ChoiceStatus.WAITLISTED
    db.session.commit()
    data = client.get(_agenda(programme)).data
    assert f"session-{programme.workshop.id}@".encode() in data  # still in the agenda, as tentative
    assert JOIN_URL.encode() not in unfolded(data).encode()
    with app.test_request_context("/"):
        assert JOIN_URL not in unfolded(agenda_ics(programme.registration, "fr"))  # the mail's .ics neither
    choice.status = ChoiceStatus.CONFIRMED
    db.session.commit()
    assert JOIN_URL in unfolded(client.get(_agenda(programme)).data)


def test_pages_of_an_event_archived_long_ago_link_to_no_feed(client, db):
    programme = build_programme(db, status=EventStatus.ARCHIVED)
    db.session.commit()
    base = f"/{programme.event.kind.url_prefix}/{programme.event.slug}"
    for path in ("/", "/programme", "/speakers"):
        response = client.get(base + path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        assert ".ics" not in page and "webcal:" not in page, path
    programme.event.status = EventStatus.PUBLISHED  # a past event not archived keeps its feeds and links
    db.session.commit()
    assert ".ics" in client.get(base + "/programme").get_data(as_text=True)
