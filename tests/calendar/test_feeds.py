"""The public feeds: what each contains, read by two independent parsers, in the right zone."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.events.models import EventKind, EventSeries, EventStatus
from tests.calendar.builders import build_programme, feed_urls, make_chronicle, paris, unfolded
from tests.factories import make_event, make_session, make_track


def uids(events) -> list[str]:
    return [event.uid for event in events]


@pytest.mark.parametrize("feed, count", [("programme", 4), ("session", 1), ("track", 2), ("speaker", 1),
                                         ("agenda", 2), ("series", 1)])
def test_every_feed_reads_the_same_in_both_parsers(client, db, both_readers, feed, count):
    programme = build_programme(db)
    series = EventSeries(slug="chroniques-2024", kind=EventKind.CHRONIQUE, title_fr="Chroniques", title_en="Chronicles")
    db.session.add(series)
    make_chronicle(series, paris(17, 12, 30))
    db.session.commit()
    urls = feed_urls(programme) | {"agenda": f"/agenda/{programme.registration.calendar_token}.ics",
                                   "series": "/chroniques/chroniques-2024/series.ics"}
    response = client.get(urls[feed])
    assert response.status_code == 200
    read = both_readers(response.data)
    assert len(read) == count
    assert all(item.start.endswith("Z") and item.start < item.end for item in read)


def test_programme_feed_times_across_dst_change_read_by_both_parsers(client, db, both_readers):
    programme = build_programme(db)
    db.session.commit()
    response = client.get(feed_urls(programme)["programme"])
    assert response.status_code == 200
    events = {event.uid: event for event in both_readers(response.data)}
    assert events[f"session-{programme.plenary.id}@localhost"].start == "2024-10-23T07:30:00Z"
    assert events[f"session-{programme.workshop.id}@localhost"].start == "2024-10-30T08:30:00Z"
    text = unfolded(response.data)
    assert "DTSTART;TZID=Europe/Paris:20241023T093000" in text
    assert "DTSTART;TZID=Europe/Paris:20241030T093000" in text
    assert "TZID:Europe/Paris" in text and "X-WR-TIMEZONE:Europe/Paris" in text


@pytest.mark.parametrize("zone, kind", [("Asia/Ho_Chi_Minh", EventKind.ASSISES), ("Asia/Tokyo", EventKind.ASSISES)])
def test_feed_in_zone_without_dst_has_single_standard_observance(client, db, both_readers, zone, kind):
    local = ZoneInfo(zone)
    event = make_event(kind=kind, timezone=zone, starts_at=datetime(2024, 4, 11, 8, 0, tzinfo=local))
    make_session(event, starts_at=datetime(2024, 4, 11, 9, 0, tzinfo=local))
    db.session.commit()
    response = client.get(f"/assises/{event.slug}/programme.ics")
    [read] = both_readers(response.data)
    expected = "2024-04-11T02:00:00Z" if zone == "Asia/Ho_Chi_Minh" else "2024-04-11T00:00:00Z"
    assert read.start == expected
    text = unfolded(response.data)
    assert f"DTSTART;TZID={zone}:20240411T090000" in text
    assert text.count("BEGIN:STANDARD") == 1 and "BEGIN:DAYLIGHT" not in text and "RRULE" not in text


def test_hebron_feed_lists_each_change_on_its_own_rdate_line(client, db, both_readers):
    hebron = ZoneInfo("Asia/Hebron")
    event = make_event(kind=EventKind.ASSISES, timezone="Asia/Hebron", starts_at=datetime(2024, 4, 19, 9, tzinfo=hebron),
                       ends_at=datetime(2024, 10, 28, 18, tzinfo=hebron))
    for day in (datetime(2024, 4, 19, 9), datetime(2024, 4, 21, 9), datetime(2024, 10, 25, 9), datetime(2024, 10, 27, 9)):
        make_session(event, starts_at=day.replace(tzinfo=hebron))
    db.session.commit()
    response = client.get(f"/assises/{event.slug}/programme.ics")
    starts = sorted(read.start for read in both_readers(response.data))
    assert starts == ["2024-04-19T07:00:00Z", "2024-04-21T06:00:00Z", "2024-10-25T06:00:00Z", "2024-10-27T07:00:00Z"]
    rdates = [line for line in unfolded(response.data).split("\r\n") if line.startswith("RDATE")]
    assert rdates and all("," not in line for line in rdates)


def test_session_vevent_has_every_property(client, db, both_readers):
    programme = build_programme(db)
    db.session.commit()
    response = client.get(feed_urls(programme)["programme"] + "?lang=fr")
    text = unfolded(response.data)
    block = text[text.rindex("BEGIN:VEVENT", 0, text.index(f"UID:session-{programme.workshop.id}@")):]
    block = block[:block.index("END:VEVENT")]
    for expected in ("SUMMARY:Villes et climat", "SEQUENCE:0", "STATUS:CONFIRMED", "DTSTAMP:", "LAST-MODIFIED:",
                     f"URL:http://localhost/raict/{programme.event.slug}/programme?lang=fr#session-{programme.workshop.id}",
                     "LOCATION:Cité des Sciences\\, Paris", "CATEGORIES:Atelier,Climat"):
        assert expected in block
    assert ("DESCRIPTION:Atelier · Climat\\n\\nModérateur : Mme Nguyễn Thị Lan (Nguyen Thi Lan)\\, "
            "Vice-présidente du comité populaire\\, Thành phố Huế (Ville de Huế)\\n\\nLangues : FR") in block
    for header in ("PRODID:-//Cites Unies France//Rencontres//EN", "VERSION:2.0", "CALSCALE:GREGORIAN",
                   "METHOD:PUBLISH", f"X-WR-CALNAME:{programme.event.title_fr}",
                   "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"):
        assert header + "\r\n" in text
    both_readers(response.data)


def test_location_has_room_venue_and_city(client, db):
    programme = build_programme(db)
    db.session.commit()
    text = unfolded(client.get(feed_urls(programme)["programme"]).data)
    assert "LOCATION:Amphithéâtre Gaston Berger\\, Cité des Sciences\\, Paris" in text


def test_feed_text_follows_language(app, client, db):
    programme = build_programme(db)
    db.session.commit()
    english = unfolded(client.get(feed_urls(programme)["programme"] + "?lang=en").data)
    french = unfolded(client.get(feed_urls(programme)["programme"] + "?lang=fr").data)
    browser = unfolded(app.test_client().get(feed_urls(programme)["programme"],
                                             headers={"Accept-Language": "en-GB,en;q=0.8"}).data)
    assert browser == english
    assert "SUMMARY:Cities and climate" in english and "Moderator: Mme" in english and "X-WR-CALNAME:Meetings" in english
    assert "SUMMARY:Villes et climat" in french and "Modérateur : Mme" in french
    assert "SUMMARY:Cancelled: Cancelled workshop" in english and "SUMMARY:Annulé : Atelier annulé" in french


def test_hidden_sessions_never_in_any_feed(client, db):
    programme = build_programme(db)
    db.session.commit()
    for name, url in feed_urls(programme).items():
        text = unfolded(client.get(url).data)
        assert f"session-{programme.hidden.id}@" not in text, name
        assert "Réunion interne cachée" not in text, name
    base = f"/raict/{programme.event.slug}"
    assert client.get(f"{base}/sessions/{programme.hidden.id}.ics").status_code == 404


def test_cancelled_session_stays_with_status_cancelled(client, db, both_readers):
    programme = build_programme(db)
    db.session.commit()
    events = {read.uid: read for read in both_readers(client.get(feed_urls(programme)["programme"]).data)}
    assert events[f"session-{programme.cancelled.id}@localhost"].status == "CANCELLED"
    assert events[f"session-{programme.plenary.id}@localhost"].status == "CONFIRMED"


def test_programme_feed_has_visible_sessions_in_time_order(client, db, both_readers):
    programme = build_programme(db)
    db.session.commit()
    read = both_readers(client.get(feed_urls(programme)["programme"]).data)
    expected = [programme.plenary, programme.cancelled, programme.workshop, programme.other_workshop]
    assert uids(read) == [f"session-{session.id}@localhost" for session in expected]


def test_track_feed_has_only_the_tracks_visible_sessions(client, db, both_readers):
    programme = build_programme(db)
    make_track(programme.event, slug="genre")
    db.session.commit()
    read = both_readers(client.get(feed_urls(programme)["track"]).data)
    assert uids(read) == [f"session-{programme.cancelled.id}@localhost", f"session-{programme.workshop.id}@localhost"]
    empty = client.get(f"/raict/{programme.event.slug}/tracks/genre.ics")
    assert empty.status_code == 200 and both_readers(empty.data) == []
    assert client.get(f"/raict/{programme.event.slug}/tracks/unknown.ics").status_code == 404


def test_speaker_feed_has_only_their_visible_sessions(client, db, both_readers):
    programme = build_programme(db)
    db.session.commit()
    response = client.get(feed_urls(programme)["speaker"])
    assert uids(both_readers(response.data)) == [f"session-{programme.workshop.id}@localhost"]
    assert "X-WR-CALNAME:Rencontres" in unfolded(response.data) and "Nguyễn Thị Lan" in unfolded(response.data)


def test_speaker_feed_404_for_someone_not_speaking_there(client, db):
    programme = build_programme(db)
    other_event = make_event()
    db.session.commit()
    assert client.get(f"/raict/{programme.event.slug}/speakers/{programme.registration.person_id}.ics").status_code == 404
    assert client.get(f"/raict/{other_event.slug}/speakers/{programme.speaker.id}.ics").status_code == 404


def test_session_feed_is_one_session_as_a_download(client, db, both_readers):
    programme = build_programme(db)
    db.session.commit()
    response = client.get(feed_urls(programme)["session"])
    assert uids(both_readers(response.data)) == [f"session-{programme.workshop.id}@localhost"]
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{programme.event.slug}-session-{programme.workshop.id}.ics"')


def test_session_of_another_event_is_404(client, db):
    programme = build_programme(db)
    other = make_event()
    db.session.commit()
    assert client.get(f"/raict/{other.slug}/sessions/{programme.workshop.id}.ics").status_code == 404


def test_feeds_inline_unless_download_asked(client, db):
    programme = build_programme(db)
    db.session.commit()
    url = feed_urls(programme)["programme"]
    assert client.get(url).headers["Content-Disposition"] == f'inline; filename="{programme.event.slug}.ics"'
    assert client.get(url + "?download=1").headers["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("feed", ["programme", "session", "track", "speaker"])
def test_draft_event_feeds_are_404(client, db, feed):
    programme = build_programme(db, status=EventStatus.DRAFT)
    db.session.commit()
    assert client.get(feed_urls(programme)[feed]).status_code == 404


@pytest.mark.parametrize("feed", ["programme", "session", "track", "speaker"])
def test_feed_under_another_kind_is_404(client, db, feed):
    programme = build_programme(db, kind=EventKind.ASSISES)
    db.session.commit()
    url = feed_urls(programme)[feed]
    assert client.get(url).status_code == 200
    assert client.get(url.replace("/assises/", "/raict/", 1)).status_code == 404
    assert client.get(url.replace("/assises/", "/chroniques/", 1)).status_code == 404


def test_event_without_sessions_is_one_entry(client, db, both_readers):
    event = make_event(starts_at=paris(23, 9), ends_at=paris(24, 18))
    db.session.commit()
    [read] = both_readers(client.get(f"/raict/{event.slug}/programme.ics").data)
    assert read.uid == f"event-{event.id}@localhost"
    assert (read.start, read.end) == ("2024-10-23T07:00:00Z", "2024-10-24T16:00:00Z")


def test_series_feed_has_every_published_chronicle(client, db, both_readers):
    series = EventSeries(slug="chroniques-2024", kind=EventKind.CHRONIQUE, title_fr="Chroniques 2024",
                         title_en="Chronicles 2024", year=2024)
    db.session.add(series)
    january = make_chronicle(series, datetime(2024, 1, 18, 12, 30, tzinfo=ZoneInfo("Europe/Paris")))
    june = make_chronicle(series, datetime(2024, 6, 20, 12, 30, tzinfo=ZoneInfo("Europe/Paris")))
    session = make_session(june, starts_at=june.starts_at, title_fr="Le Japon sort de sa neutralité ?")
    draft = make_chronicle(series, datetime(2024, 9, 19, 12, 30, tzinfo=ZoneInfo("Europe/Paris")),
                           status=EventStatus.DRAFT)
    db.session.commit()
    response = client.get("/chroniques/chroniques-2024/series.ics")
    read = both_readers(response.data)
    assert uids(read) == [f"event-{january.id}@localhost", f"session-{session.id}@localhost"]
    assert [item.start for item in read] == ["2024-01-18T11:30:00Z", "2024-06-20T10:30:00Z"]
    text = unfolded(response.data)
    assert f"event-{draft.id}@" not in text and "X-WR-CALNAME:Chroniques 2024" in text
    assert "LOCATION:En ligne" in text
    assert client.get("/chroniques/unknown-series/series.ics").status_code == 404


def test_series_of_another_kind_has_no_feed(client, db):
    db.session.add(EventSeries(slug="raict-series", kind=EventKind.RAICT, title_fr="RAICT", title_en="RAICT"))
    db.session.commit()
    assert client.get("/chroniques/raict-series/series.ics").status_code == 404


def test_ambiguous_wall_time_is_written_in_utc(client, db, both_readers):
    event = make_event(starts_at=paris(26, 9), ends_at=paris(28, 18))
    # 02:30 happens twice in Paris on 27 October 2024; this is the first one (summer time).
    first = datetime(2024, 10, 27, 0, 30, tzinfo=ZoneInfo("UTC"))
    make_session(event, starts_at=first, ends_at=first + timedelta(hours=2))
    db.session.commit()
    response = client.get(f"/raict/{event.slug}/programme.ics")
    [read] = both_readers(response.data)
    assert read.start == "2024-10-27T00:30:00Z"
    assert "DTSTART:20241027T003000Z" in unfolded(response.data)
