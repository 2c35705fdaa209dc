"""Issue 13: an English title is optional where the French one exists (every page falls back to French), and
conflict messages name sessions by title and time, and speakers by name, never by id."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.events.models import Event
from app.programme.models import Session, Track
from tests.backoffice.helpers import login_as, post_form
from tests.backoffice.test_events_admin import event_form
from tests.backoffice.test_programme_admin import session_form
from tests.factories import add_speaker, make_event, make_person, make_room, make_session

PARIS = ZoneInfo("Europe/Paris")


def test_a_session_saved_without_english_title_shows_the_french_one_in_english(client, db):
    event = make_event()
    login_as(client, db)
    response = post_form(client, f"/organiser/events/{event.slug}/sessions/new",
                         session_form(title_fr="Villes et climat", title_en=""))
    assert response.status_code == 302
    session = db.session.scalar(sa.select(Session))
    assert session.title_en in ("", None)
    page = client.get(f"/raict/{event.slug}/programme?lang=en").get_data(as_text=True)
    assert "<h3>Villes et climat</h3>" in page
    feed = client.get(f"/raict/{event.slug}/programme.ics?lang=en").get_data(as_text=True)
    assert "SUMMARY:Villes et climat" in feed


def test_an_event_and_a_track_saved_without_english_names_fall_back_to_french(client, db):
    login_as(client, db)
    response = post_form(client, "/organiser/events/new", event_form(title_en="", status="published"))
    assert response.status_code == 302, response.get_data(as_text=True)
    event = db.session.scalar(sa.select(Event))
    assert not event.title_en
    assert "9es Rencontres franco-japonaises" in client.get(f"/assises/{event.slug}/?lang=en").get_data(as_text=True)
    edited = post_form(client, f"/organiser/events/{event.slug}/edit", event_form(title_en="", theme_fr="Villes"))
    assert edited.status_code == 302
    tracks_url = f"/organiser/events/{event.slug}/tracks"
    added = post_form(client, tracks_url, {"name_fr": "Dynamique Climat", "name_en": "", "slug": "climat",
                                           "kind": "thematic"})
    assert added.status_code in (302, 303), added.get_data(as_text=True)
    assert db.session.scalar(sa.select(Track)).name_fr == "Dynamique Climat"


def test_session_form_conflicts_name_the_other_session_by_title_and_time(client, db):
    event = make_event()
    room = make_room(event, name="Auditorium")
    other = make_session(event, title_fr="Plénière d'ouverture", room=room,
                         starts_at=datetime(2030, 9, 18, 10, 30, tzinfo=PARIS))
    db.session.commit()
    login_as(client, db)
    refused = post_form(client, f"/organiser/events/{event.slug}/sessions/new", session_form(room_id=room.id))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    box = re.search(r'<ul class="conflicts">.*?</ul>', page, re.S).group(0)
    assert "Plénière d&#39;ouverture" in box and "10:30–12:00" in box
    assert f"#{other.id}" not in box


def test_speaker_conflict_names_the_speaker_not_their_id(client, db):
    event = make_event()
    person = make_person(given_name="Lan", family_name="Trần")
    busy = make_session(event, title_fr="Coopération au Vietnam", starts_at=event.starts_at + timedelta(hours=1))
    add_speaker(busy, person)
    session = make_session(event, starts_at=event.starts_at + timedelta(hours=1, minutes=30))
    db.session.commit()
    login_as(client, db)
    refused = post_form(client, f"/organiser/events/{event.slug}/sessions/{session.id}/speakers",
                        {"person_id": str(person.id), "role": "speaker"})
    box = re.search(r'<ul class="conflicts">.*?</ul>', refused.get_data(as_text=True), re.S).group(0)
    assert "Coopération au Vietnam" in box and "Lan Trần" in box
    assert f"#{person.id}" not in box and f"#{busy.id}" not in box
