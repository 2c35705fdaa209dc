"""frab schedule XML and c3voc schedule JSON: valid against the published schemas, stable guids, the event's zone.

The schemas are the c3voc's own files, vendored unmodified in tests/programme/schemas/ (origin and licence there).
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import sqlalchemy as sa
from lxml import etree

from app.events.models import PUBLIC_STATUSES, Event, EventKind, EventStatus
from app.programme.models import SessionStatus, SessionType, SpeakerRole
from app.programme.schedule import session_guid
from tests.factories import (
    PARIS,
    add_speaker,
    make_event,
    make_person,
    make_room,
    make_session,
    make_track,
)

SCHEMAS = Path(__file__).parent / "schemas"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@cache
def xml_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))


@cache
def json_validator() -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / "schedule.schema.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def assert_valid_xml(body: bytes) -> etree._Element:
    document = etree.fromstring(body)
    schema = xml_schema()
    assert schema.validate(document), [str(error) for error in schema.error_log][:5]
    return document


def assert_valid_json(document: dict) -> dict:
    errors = sorted(json_validator().iter_errors(document), key=lambda error: list(error.path))
    assert not errors, [f"{list(error.path)}: {error.message}" for error in errors[:5]]
    return document


def _xml(client, slug: str, **query):
    return client.get(f"/api/events/{slug}/schedule.xml", query_string=query)


def _json(client, slug: str, **query):
    return client.get(f"/api/events/{slug}/schedule.json", query_string=query)


def xml_guids(body: bytes) -> dict[int, str]:
    return {int(element.get("id")): element.get("guid") for element in etree.fromstring(body).iter("event")}


def json_events(document: dict) -> list[dict]:
    return [entry for day in document["schedule"]["conference"]["days"] for entries in day["rooms"].values()
            for entry in entries]


@pytest.fixture
def programme(db):
    """A published RAICT in Paris: a plenary with speakers and a join link, a cancelled workshop, a hidden one,
    a session without a room, a late-night session after midnight."""
    event = make_event(slug="raict-2030", title_fr="RAICT 2030", title_en="RAICT 2030 (en)",
                       online_url="https://meet.example/event-secret")
    room, track = make_room(event, name="Amphi"), make_track(event, slug="climat", name_fr="Climat", name_en="Climate")
    plenary = make_session(event, type=SessionType.PLENARY, title_fr="Ouverture : élus & citoyens",
                           title_en="Opening", description_fr="Mot d'accueil",
                           starts_at=datetime(2030, 9, 18, 9, 30, tzinfo=PARIS), room=room, track=track,
                           languages=["fr", "en"], online_url="https://meet.example/plenary-secret")
    speaker = make_person(given_name="Thị Hương", family_name="Nguyễn", country="VN")
    add_speaker(plenary, speaker, SpeakerRole.MODERATOR, position=1)
    add_speaker(plenary, speaker, SpeakerRole.SPEAKER, position=2)  # two roles, one person in the export
    cancelled = make_session(event, title_fr="Atelier annulé", status=SessionStatus.CANCELLED, room=room,
                             starts_at=datetime(2030, 9, 18, 14, 0, tzinfo=PARIS))
    hidden = make_session(event, title_fr="Atelier secret", is_hidden=True, room=room)
    roomless = make_session(event, title_fr="Visite", starts_at=datetime(2030, 9, 19, 10, 0, tzinfo=PARIS))
    night = make_session(event, title_fr="Soirée", room=room, starts_at=datetime(2030, 9, 19, 1, 0, tzinfo=PARIS))
    db.session.commit()
    return {"event": event, "plenary": plenary, "cancelled": cancelled, "hidden": hidden, "roomless": roomless,
            "night": night, "speaker": speaker, "room": room}


def test_both_exports_validate_against_the_published_schemas_for_every_demo_event(demo_app, demo_client):
    from app.core.extensions import db

    events = db.session.scalars(sa.select(Event).where(Event.status.in_(PUBLIC_STATUSES)).order_by(Event.slug)).all()
    assert len(events) >= 8
    exported = 0
    for event in events:
        response = _xml(demo_client, event.slug)
        assert response.status_code == 200 and response.mimetype == "application/xml", event.slug
        assert_valid_xml(response.data)
        document = _json(demo_client, event.slug).get_json()
        assert_valid_json(document)
        assert_valid_json(_json(demo_client, event.slug, lang="en").get_json())
        assert_valid_xml(_xml(demo_client, event.slug, lang="en").data)
        exported += len(json_events(document))
        assert sorted(xml_guids(response.data).values()) == sorted(entry["guid"] for entry in json_events(document))
    assert exported > 100  # the demo's programmes, not empty documents


def test_demo_raict_2023_export_has_every_scheduled_session_with_the_programme_json_guid(demo_app, demo_client):
    from app.core.extensions import db
    from app.programme.queries import visible_sessions

    event = db.session.scalar(sa.select(Event).where(Event.slug == "raict-2023"))
    expected = {session.id for session in visible_sessions(event) if not session.is_cancelled}
    document = _json(demo_client, "raict-2023").get_json()
    assert {entry["id"] for entry in json_events(document)} == expected
    programme = demo_client.get("/api/events/raict-2023/programme.json").get_json()
    guids = {session["id"]: session["guid"] for session in programme["sessions"]}
    assert all(entry["guid"] == guids[entry["id"]] for entry in json_events(document))
    assert document["schedule"]["version"] == programme["version"]


def test_export_maps_days_rooms_sessions_and_persons(client, programme):
    event, plenary, speaker = programme["event"], programme["plenary"], programme["speaker"]
    document = assert_valid_json(_json(client, "raict-2030").get_json())
    conference = document["schedule"]["conference"]
    assert (conference["acronym"], conference["title"], conference["time_zone_name"]) == (
        "raict_2030", "RAICT 2030", "Europe/Paris")
    assert [(day["index"], day["date"], day["day_start"], day["day_end"]) for day in conference["days"]] == [
        (1, "2030-09-18", "2030-09-18T04:00:00+02:00", "2030-09-19T04:00:00+02:00"),
        (2, "2030-09-19", "2030-09-19T04:00:00+02:00", "2030-09-20T04:00:00+02:00")]
    first, second = conference["days"]
    # The 01:00 session belongs to the evening before (the day changes at 04:00).
    assert [entry["title"] for entry in first["rooms"]["Amphi"]] == ["Ouverture : élus & citoyens", "Soirée"]
    assert list(second["rooms"]) == ["Cité des Sciences"]  # the room-less session: in the venue
    entry = first["rooms"]["Amphi"][0]
    assert entry == {
        "guid": str(session_guid("raict-2030", plenary.id)), "id": plenary.id,
        "date": "2030-09-18T09:30:00+02:00", "start": "09:30", "duration": "01:30",
        "end": "2030-09-18T11:00:00+02:00", "room": "Amphi",
        "slug": f"raict_2030-{plenary.id}-ouverture-elus-citoyens",
        "url": f"http://localhost/raict/raict-2030/programme#session-{plenary.id}",
        "title": "Ouverture : élus & citoyens", "subtitle": "", "track": "Climat", "type": "plenary",
        "language": "fr", "abstract": "Mot d'accueil", "description": "", "links": [],
        "persons": [{"id": speaker.id, "guid": entry["persons"][0]["guid"], "name": "Nguyễn Thị Hương",
                     "url": f"http://localhost/raict/raict-2030/speakers#speaker-{speaker.id}"}],
    }
    assert uuid.UUID(entry["persons"][0]["guid"])
    rooms = {room["name"]: room["guid"] for room in conference["rooms"]}
    assert set(rooms) == {"Amphi", "Cité des Sciences"} and len(set(rooms.values())) == 2
    assert conference["tracks"] == [{"name": "Climat", "slug": "climat"}]

    english = _json(client, "raict-2030", lang="en").get_json()["schedule"]["conference"]
    assert english["days"][0]["rooms"]["Amphi"][0]["title"] == "Opening"
    assert english["days"][0]["rooms"]["Amphi"][0]["guid"] == entry["guid"]

    body = _xml(client, "raict-2030").data
    xml = assert_valid_xml(body)
    event_element = xml.find("day/room/event")
    assert (event_element.findtext("start"), event_element.findtext("duration"), event_element.findtext("date")) == (
        "09:30", "01:30", "2030-09-18T09:30:00+02:00")
    assert [person.text for person in event_element.iter("person")] == ["Nguyễn Thị Hương"]
    assert xml.find("day/room").get("guid") == rooms["Amphi"]
    assert xml_guids(body)[plenary.id] == entry["guid"]
    assert event.timezone == xml.findtext("conference/time_zone_name")


def test_cancelled_and_hidden_sessions_and_join_links_never_appear(client, programme):
    for response in (_xml(client, "raict-2030"), _json(client, "raict-2030"), _json(client, "raict-2030", lang="en")):
        text = response.get_data(as_text=True)
        assert "Atelier annulé" not in text and "Atelier secret" not in text
        assert "meet.example" not in text and "secret" not in text
        assert "@example.org" not in text
    assert programme["cancelled"].id not in xml_guids(_xml(client, "raict-2030").data)


def test_guids_are_stable_across_exports_and_unrelated_changes_and_differ_between_sessions(client, db, programme):
    before_xml, before_json = xml_guids(_xml(client, "raict-2030").data), json_events(_json(client, "raict-2030").get_json())
    assert xml_guids(_xml(client, "raict-2030").data) == before_xml  # two exports, same guids
    # An unrelated change: another session's title, a room renamed, a session moved, a new session.
    programme["night"].title_fr = "Soirée de gala"
    programme["room"].name = "Grand amphi"
    programme["plenary"].starts_at += timedelta(minutes=30)
    programme["plenary"].ends_at += timedelta(minutes=30)
    added = make_session(programme["event"], title_fr="Atelier ajouté", room=programme["room"])
    db.session.commit()
    after = xml_guids(_xml(client, "raict-2030").data)
    assert {key: after[key] for key in before_xml} == before_xml
    assert [entry["guid"] for entry in json_events(_json(client, "raict-2030").get_json()) if entry["id"] != added.id] \
        == [entry["guid"] for entry in before_json]
    # A different session has a different guid; the same session id in another event too.
    assert after[added.id] not in before_xml.values() and len(set(after.values())) == len(after)
    assert session_guid("raict-2031", programme["plenary"].id) != session_guid("raict-2030", programme["plenary"].id)
    assert session_guid("raict-2030", programme["plenary"].id) == session_guid("raict-2030", programme["plenary"].id)


def test_times_are_in_the_event_zone(client, db):
    event = make_event(slug="assises-hanoi", kind=EventKind.ASSISES, timezone="Asia/Ho_Chi_Minh",
                       starts_at=datetime(2031, 4, 11, 8, 0, tzinfo=HANOI))
    make_session(event, title_fr="Plénière", starts_at=datetime(2031, 4, 11, 9, 30, tzinfo=HANOI), room=make_room(event))
    db.session.commit()
    document = assert_valid_json(_json(client, event.slug).get_json())
    conference = document["schedule"]["conference"]
    entry = json_events(document)[0]
    assert (entry["date"], entry["start"], conference["time_zone_name"]) == (
        "2031-04-11T09:30:00+07:00", "09:30", "Asia/Ho_Chi_Minh")
    assert conference["days"][0]["day_start"] == "2031-04-11T04:00:00+07:00"
    xml = assert_valid_xml(_xml(client, event.slug).data)
    assert xml.find("day").get("start") == "2031-04-11T04:00:00+07:00"
    assert xml.findtext("day/room/event/start") == "09:30"


def test_exports_of_drafts_and_unknown_events_are_404(client, db):
    draft = make_event(status=EventStatus.DRAFT)
    db.session.commit()
    for slug in (draft.slug, "no-such-event"):
        assert _xml(client, slug).status_code == 404
        assert _json(client, slug).status_code == 404


def test_exports_answer_304_to_their_etag(client, programme):
    for get in (_xml, _json):
        etag = get(client, "raict-2030").headers["ETag"]
        assert get(client, "raict-2030").headers["ETag"] == etag
        assert client.get(get(client, "raict-2030").request.path, headers={"If-None-Match": etag}).status_code == 304


def test_programme_page_links_the_exports(client, programme):
    page = client.get("/raict/raict-2030/programme").get_data(as_text=True)
    assert '<link rel="alternate" type="application/xml"' in page
    assert 'href="/api/events/raict-2030/schedule.xml"' in page and 'href="/api/events/raict-2030/schedule.json"' in page
    assert "Schedule for apps:" in client.get("/raict/raict-2030/programme?lang=en").get_data(as_text=True)
    assert "Programme pour les applications :" in client.get("/raict/raict-2030/programme?lang=fr").get_data(as_text=True)


def test_speakers_page_has_the_anchor_the_exports_link_to(client, programme):
    page = client.get("/raict/raict-2030/speakers").get_data(as_text=True)
    assert f'id="speaker-{programme["speaker"].id}"' in page


def test_the_schemas_do_reject_a_broken_export(client, programme):
    """The validation is not vacuous: an acronym with capitals, a session without guid or with a bad start fail."""
    document = _json(client, "raict-2030").get_json()
    document["schedule"]["conference"]["acronym"] = "RAICT-2030"
    assert list(json_validator().iter_errors(document))
    document = _json(client, "raict-2030").get_json()
    del json_events(document)[0]["guid"]
    assert list(json_validator().iter_errors(document))
    xml = etree.fromstring(_xml(client, "raict-2030").data)
    xml.find("day/room/event/start").text = "9h30"
    assert not xml_schema().validate(xml)
