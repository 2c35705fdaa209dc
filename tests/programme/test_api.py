"""GET /api/events/<slug>/programme.json: the database, times with the event's offset, privacy, caching, query count."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.events.models import Event, EventKind, EventStatus
from app.programme.models import SessionStatus, SessionType, SpeakerRole, TrackKind
from app.programme.schedule import person_guid, room_guid, session_guid
from tests.factories import PARIS, add_speaker, make_collectivite, make_event, make_person, make_room, make_session, make_track

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _get(client, slug: str, **headers):
    return client.get(f"/api/events/{slug}/programme.json", headers=headers)


@pytest.fixture
def programme(db):
    """A published RAICT: a plenary with two speakers, a cancelled workshop, a hidden session."""
    event = make_event(slug="raict-2030", title_fr="RAICT 2030", title_en="RAICT 2030 (en)", theme_fr="Climat",
                       theme_en="Climate", venue_address="30 av. Corentin-Cariou", online_url="https://meet.example/secret")
    room, track = make_room(event, name="Amphi"), make_track(event, slug="climat", kind=TrackKind.THEMATIC,
                                                            name_fr="Climat", name_en="Climate")
    plenary = make_session(event, type=SessionType.PLENARY, title_fr="Ouverture", title_en="Opening",
                           description_fr="Mot d'accueil", starts_at=datetime(2030, 9, 18, 9, 30, tzinfo=PARIS),
                           room=room, track=track, capacity=400, languages=["fr", "en"], interpretation=["vi"],
                           online_url="https://meet.example/plenary-secret")
    moderator = make_person(given_name="Thị Hương", family_name="Nguyễn", given_name_latin="Thi Huong",
                            family_name_latin="Nguyen", country="VN", honorific="Mme", function="Vice-présidente",
                            collectivite=make_collectivite(name="Thành phố Huế", country="VN"))
    speaker = make_person(given_name="Camille", family_name="Martin", country="FR")
    add_speaker(plenary, speaker, SpeakerRole.SPEAKER, position=2)
    add_speaker(plenary, moderator, SpeakerRole.MODERATOR, position=1)
    cancelled = make_session(event, title_fr="Atelier annulé", status=SessionStatus.CANCELLED,
                             starts_at=datetime(2030, 9, 18, 14, 0, tzinfo=PARIS))
    hidden = make_session(event, title_fr="Atelier secret", is_hidden=True)
    db.session.commit()
    return {"event": event, "plenary": plenary, "cancelled": cancelled, "hidden": hidden,
            "moderator": moderator, "speaker": speaker}


def test_programme_json_matches_the_database(client, programme):
    response = _get(client, "raict-2030")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    assert data["event"] == {
        "slug": "raict-2030", "kind": "raict", "title": {"fr": "RAICT 2030", "en": "RAICT 2030 (en)"},
        "theme": {"fr": "Climat", "en": "Climate"}, "timezone": "Europe/Paris",
        "start": "2030-09-18T09:00:00+02:00", "end": "2030-09-19T18:00:00+02:00",
        "venue": {"name": "Cité des Sciences", "address": "30 av. Corentin-Cariou", "city": "Paris", "country": "FR"},
        "online": False,
    }
    plenary, cancelled = data["sessions"]
    event, session = programme["event"], programme["plenary"]
    moderator, speaker = programme["moderator"], programme["speaker"]
    room, track = session.room, session.track
    speakers_url = "http://localhost/raict/raict-2030/speakers"
    assert plenary == {
        "id": session.id, "guid": str(session_guid("raict-2030", session.id)), "type": "plenary",
        "title": {"fr": "Ouverture", "en": "Opening"}, "description": {"fr": "Mot d'accueil", "en": None},
        "start": "2030-09-18T09:30:00+02:00", "end": "2030-09-18T11:00:00+02:00", "room": "Amphi",
        "room_id": room.id,
        "track": {"id": track.id, "slug": "climat", "name": {"fr": "Climat", "en": "Climate"}, "kind": "thematic"},
        "status": "scheduled", "capacity": 400, "languages": ["fr", "en"], "interpretation": ["vi"],
        "url": f"http://localhost/raict/raict-2030/programme#session-{session.id}",
        "speakers": [
            {"id": moderator.id, "guid": str(person_guid(moderator.id)), "url": f"{speakers_url}#speaker-{moderator.id}",
             "role": "moderator", "position": 1, "name": "Nguyễn Thị Hương", "name_latin": "Nguyen Thi Huong",
             "honorific": "Mme", "function": "Vice-présidente",
             "collectivite": {"name": "Thành phố Huế", "country": "VN"}, "country": "VN"},
            {"id": speaker.id, "guid": str(person_guid(speaker.id)), "url": f"{speakers_url}#speaker-{speaker.id}",
             "role": "speaker", "position": 2, "name": speaker.name,
             "name_latin": speaker.name_latin, "honorific": None, "function": None,
             "collectivite": None, "country": "FR"},
        ],
    }
    assert data["rooms"] == [{"id": room.id, "guid": str(room_guid("raict-2030", room.id)), "name": "Amphi",
                              "capacity": room.capacity}]
    assert data["tracks"] == [plenary["track"]]
    assert len(data["version"]) == 16 and event.timezone == data["event"]["timezone"] == "Europe/Paris"
    assert (cancelled["id"], cancelled["status"], cancelled["room"], cancelled["track"], cancelled["speakers"]) == (
        programme["cancelled"].id, "cancelled", None, None, [])


def test_programme_json_leaves_out_hidden_sessions_and_join_links(client, programme):
    body = _get(client, "raict-2030").get_data(as_text=True)
    assert [session["id"] for session in _get(client, "raict-2030").get_json()["sessions"]] == [
        programme["plenary"].id, programme["cancelled"].id]
    assert "Atelier secret" not in body
    assert "online_url" not in body and "meet.example" not in body
    assert "@example.org" not in body  # no email of anyone


def test_programme_json_times_carry_the_event_offset_in_paris_summer(client, db):
    event = make_event(starts_at=datetime(2023, 9, 18, 9, 0, tzinfo=PARIS))
    make_session(event, starts_at=datetime(2023, 9, 18, 9, 30, tzinfo=PARIS))
    db.session.commit()
    session = _get(client, event.slug).get_json()["sessions"][0]
    assert session["start"] == "2023-09-18T09:30:00+02:00"
    assert session["end"] == "2023-09-18T11:00:00+02:00"


def test_programme_json_times_carry_the_event_offset_in_hanoi(client, db):
    event = make_event(timezone="Asia/Ho_Chi_Minh", starts_at=datetime(2023, 4, 11, 8, 0, tzinfo=HANOI),
                       kind=EventKind.ASSISES)
    make_session(event, starts_at=datetime(2023, 4, 11, 9, 30, tzinfo=HANOI))
    db.session.commit()
    data = _get(client, event.slug).get_json()
    assert data["event"]["start"] == "2023-04-11T08:00:00+07:00" and data["event"]["kind"] == "assises"
    assert data["sessions"][0]["start"] == "2023-04-11T09:30:00+07:00"


def test_programme_json_in_paris_winter_has_offset_plus_one(client, db):
    event = make_event(starts_at=datetime(2030, 1, 15, 9, 0, tzinfo=PARIS))
    make_session(event, starts_at=datetime(2030, 1, 15, 9, 30, tzinfo=PARIS))
    db.session.commit()
    assert _get(client, event.slug).get_json()["sessions"][0]["start"] == "2030-01-15T09:30:00+01:00"


def test_programme_json_of_online_event_has_no_venue(client, db):
    event = make_event(kind=EventKind.CHRONIQUE, is_online=True, online_url="https://meet.example/chronique")
    db.session.commit()
    data = _get(client, event.slug).get_json()
    assert data["event"]["venue"] is None and data["event"]["online"] is True
    assert data["sessions"] == []
    assert "meet.example" not in _get(client, event.slug).get_data(as_text=True)


def test_programme_json_of_draft_or_unknown_event_is_404_json(client, db):
    draft = make_event(status=EventStatus.DRAFT)
    db.session.commit()
    for slug in (draft.slug, "no-such-event"):
        response = _get(client, slug)
        assert response.status_code == 404
        assert response.get_json() == {"error": "not found"}


def test_programme_json_has_etag_and_public_cache_and_answers_304(client, programme):
    response = _get(client, "raict-2030")
    directives = {part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=60", "must-revalidate"}
    etag = response.headers["ETag"]
    assert etag
    assert _get(client, "raict-2030", **{"If-None-Match": etag}).status_code == 304


def test_programme_json_etag_changes_with_the_programme(client, db, programme):
    etag = _get(client, "raict-2030").headers["ETag"]
    programme["plenary"].title_en = "Opening plenary"
    db.session.commit()
    response = _get(client, "raict-2030", **{"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


def test_programme_json_version_changes_with_the_programme_and_only_then(client, db, programme):
    version = _get(client, "raict-2030").get_json()["version"]
    assert _get(client, "raict-2030").get_json()["version"] == version
    programme["hidden"].title_fr = "Atelier toujours secret"  # not in the document: same version
    db.session.commit()
    assert _get(client, "raict-2030").get_json()["version"] == version
    programme["plenary"].room.name = "Grand amphi"
    db.session.commit()
    changed = _get(client, "raict-2030").get_json()
    assert changed["version"] != version and changed["rooms"][0]["name"] == "Grand amphi"
    assert client.get("/api/events/raict-2030/schedule.json").get_json()["schedule"]["version"] == changed["version"]
    assert f"<version>{changed['version']}</version>" in client.get("/api/events/raict-2030/schedule.xml").get_data(
        as_text=True)


def _event_with_sessions(count: int, slug: str) -> Event:
    event = make_event(slug=slug)
    rooms = [make_room(event) for _ in range(5)]
    tracks = [make_track(event) for _ in range(3)]
    people = [make_person(collectivite=make_collectivite()) for _ in range(8)]
    for n in range(count):
        session = make_session(event, room=rooms[n % 5], track=tracks[n % 3],
                               starts_at=event.starts_at + timedelta(minutes=15 * n))
        add_speaker(session, people[n % 8], SpeakerRole.MODERATOR, position=0)
        add_speaker(session, people[(n + 1) % 8], SpeakerRole.SPEAKER, position=1)
    return event


def test_programme_json_query_count_is_the_same_for_5_and_200_sessions(client, db, count_queries, monkeypatch):
    # The version asked on every request (a listening worker may answer from memory, or not yet: not what is counted)
    monkeypatch.setitem(client.application.config, "PAGE_VERSION_LISTEN", False)
    _event_with_sessions(5, "small")
    _event_with_sessions(200, "large")
    db.session.commit()
    counts = {}
    for slug in ("small", "large"):
        _get(client, slug)  # warm-up
        with count_queries() as counter:
            response = _get(client, slug)
        assert response.status_code == 200
        counts[slug] = (counter.count, len(response.get_json()["sessions"]))
    assert counts["small"][1] == 5 and counts["large"][1] == 200
    assert counts["small"][0] == counts["large"][0] <= 6, counts


def test_programme_json_of_demo_raict_2023_lists_every_visible_session(demo_app, demo_client):
    from app.core.extensions import db
    from app.programme.queries import visible_sessions

    event = db.session.scalar(sa.select(Event).where(Event.slug == "raict-2023"))
    data = demo_client.get("/api/events/raict-2023/programme.json").get_json()
    sessions = visible_sessions(event)
    assert [session["id"] for session in data["sessions"]] == [session.id for session in sessions]
    for document, session in zip(data["sessions"], sessions, strict=True):
        assert document["title"] == {"fr": session.title_fr, "en": session.title_en}
        assert [speaker["name"] for speaker in document["speakers"]] == [s.person.name for s in session.speakers]
    assert data["sessions"][0]["start"].endswith("+02:00")
