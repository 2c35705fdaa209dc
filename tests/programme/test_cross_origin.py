"""The read-only API and feeds are readable from any origin: CORS preflight, headers on GET, no credentials."""
from __future__ import annotations

import pytest

from tests.factories import (
    make_event,
    make_registration,
    make_room,
    make_session,
    make_track,
)

ORIGIN = "https://partner.example"


@pytest.fixture
def urls(db):
    event = make_event(slug="raict-2030")
    track = make_track(event, slug="climat")
    session = make_session(event, room=make_room(event), track=track)
    registration = make_registration(event)
    db.session.commit()
    return [f"/api/events/{event.slug}/programme.json", f"/api/events/{event.slug}/schedule.xml",
            f"/api/events/{event.slug}/schedule.json", f"/raict/{event.slug}/programme.ics",
            f"/raict/{event.slug}/sessions/{session.id}.ics", f"/raict/{event.slug}/tracks/climat.ics",
            f"/agenda/{registration.calendar_token}.ics"]


def test_preflight_is_answered_for_the_api_and_every_feed(client, urls):
    for url in urls:
        response = client.options(url, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET",
                                                "Access-Control-Request-Headers": "if-none-match"})
        assert response.status_code == 200, url
        assert response.headers["Access-Control-Allow-Origin"] == "*", url
        assert {method.strip() for method in response.headers["Access-Control-Allow-Methods"].split(",")} == {
            "GET", "HEAD", "OPTIONS"}, url
        assert "if-none-match" in response.headers["Access-Control-Allow-Headers"].lower(), url
        assert "Access-Control-Allow-Credentials" not in response.headers, url


def test_get_exposes_etag_and_last_modified_without_credentials(client, urls):
    for url in urls:
        response = client.get(url, headers={"Origin": ORIGIN})
        assert response.status_code == 200, url
        assert response.headers["ETag"], url
        assert response.headers["Access-Control-Allow-Origin"] == "*", url
        assert {name.strip() for name in response.headers["Access-Control-Expose-Headers"].split(",")} == {
            "ETag", "Last-Modified"}, url
        assert "Access-Control-Allow-Credentials" not in response.headers, url
        assert "Access-Control-Allow-Methods" not in response.headers, url  # preflight answers only


def test_pages_and_forms_are_not_opened_cross_origin(client, urls):
    for url in ("/raict/raict-2030/programme", "/raict/raict-2030/register", "/login"):
        response = client.get(url, headers={"Origin": ORIGIN})
        assert "Access-Control-Allow-Origin" not in response.headers, url
        preflight = client.options(url, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
        assert "Access-Control-Allow-Origin" not in preflight.headers, url
