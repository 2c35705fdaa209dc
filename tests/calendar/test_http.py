"""HTTP: content type, strong ETag and Last-Modified, 304 answers to conditional requests."""
from __future__ import annotations

from datetime import timedelta

import pytest
from werkzeug.http import http_date, parse_date

from app.core.urls import content_disposition
from tests.calendar.builders import build_programme, feed_urls


@pytest.fixture
def programme(db):
    programme = build_programme(db)
    db.session.commit()
    return programme


def all_feeds(programme) -> dict[str, str]:
    return feed_urls(programme) | {"agenda": f"/agenda/{programme.registration.calendar_token}.ics"}


def test_every_feed_is_text_calendar_utf8(client, programme):
    for name, url in all_feeds(programme).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8", name
        assert response.data.startswith(b"BEGIN:VCALENDAR\r\n"), name


def test_etag_is_strong_and_if_none_match_answers_304_without_body(client, programme):
    for name, url in all_feeds(programme).items():
        first = client.get(url)
        etag = first.headers["ETag"]
        assert etag.startswith('"') and not etag.startswith("W/"), name
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304, name
        assert again.data == b"", name
        assert again.headers["ETag"] == etag, name


def test_same_data_gives_same_etag_and_a_change_gives_another(client, db, programme):
    url = feed_urls(programme)["programme"]
    etag = client.get(url).headers["ETag"]
    assert client.get(url).headers["ETag"] == etag
    programme.plenary.room.name = "Grand amphithéâtre"  # rooms have no timestamp: the ETag still sees it
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert b"Grand amphith" in changed.data


def test_language_changes_the_etag(client, programme):
    url = feed_urls(programme)["programme"]
    assert client.get(url + "?lang=fr").headers["ETag"] != client.get(url + "?lang=en").headers["ETag"]
    assert "Accept-Language" in client.get(url).headers["Vary"]


def test_last_modified_is_the_latest_change_shown(client, db, programme):
    url = feed_urls(programme)["programme"]
    shown = [programme.event, programme.plenary, programme.workshop, programme.other_workshop, programme.cancelled,
             programme.speaker, programme.speaker.collectivite]
    expected = max(item.updated_at for item in shown).replace(microsecond=0)
    assert parse_date(client.get(url).headers["Last-Modified"]) == expected


def test_if_modified_since_answers_304_until_something_changes(client, db, programme):
    url = feed_urls(programme)["programme"]
    last_modified = client.get(url).headers["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    earlier = http_date(parse_date(last_modified) - timedelta(seconds=5))
    assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200
    programme.workshop.title_fr = "Nouveau titre"
    programme.workshop.updated_at = parse_date(last_modified) + timedelta(seconds=2)
    db.session.commit()
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 200


def test_feeds_are_not_kept_by_shared_caches(client, programme):
    for name, url in all_feeds(programme).items():
        cache_control = client.get(url).headers["Cache-Control"]
        assert "private" in cache_control and "no-cache" in cache_control, name


def test_safe_filename_keeps_ascii_letters_digits_dots_and_dashes():
    assert content_disposition("raict-2024-session-3.ics") == 'attachment; filename="raict-2024-session-3.ics"'
    assert content_disposition('a"b\r\nc/é.ics', attachment=False) == 'inline; filename="a-b-c-.ics"'
    assert content_disposition("…", default="calendar.ics") == 'attachment; filename="calendar.ics"'
