"""Organisers build a programme: sessions with speakers, conflicts with overrides, publication states."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.programme.models import Session, SessionStatus, SpeakerRole
from tests.backoffice.helpers import login_as, post_form
from tests.factories import add_speaker, make_event, make_person, make_room, make_session

PARIS = ZoneInfo("Europe/Paris")


def session_form(room_id=0, day="2030-09-18", start="10:00", end="11:30", **fields):
    return {"type": "workshop", "title_fr": "Atelier climat", "title_en": "Climate workshop", "day": day,
            "start_time": start, "end_time": end, "room_id": str(room_id), "track_id": "0", "capacity": "",
            "languages": "fr, en", "interpretation": "en", "online_url": "", "description_fr": "", "description_en": "",
            **fields}


def test_session_created_from_form_in_event_zone(client, db):
    event = make_event()
    login_as(client, db)
    url = f"/organiser/events/{event.slug}/sessions/new"
    response = post_form(client, url, session_form())
    assert response.status_code == 302
    session = db.session.scalar(sa.select(Session))
    assert session.starts_at == datetime(2030, 9, 18, 10, 0, tzinfo=PARIS)
    assert (session.languages, session.interpretation) == (["fr", "en"], ["en"])
    assert "Atelier climat" in client.get(f"/raict/{event.slug}/programme").get_data(as_text=True)


def test_session_form_rejects_bad_input_and_saves_nothing(client, db):
    event = make_event()
    login_as(client, db)
    url = f"/organiser/events/{event.slug}/sessions/new"
    for bad in (dict(end="09:00"), dict(title_fr=""), dict(languages="french"), dict(type="party"),
                dict(title_fr="Atelier\x00"), dict(day="2030-02-30")):
        response = post_form(client, url, session_form(**bad))
        assert response.status_code == 200, bad
        assert 'class="error"' in response.get_data(as_text=True), bad
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == 0


def test_session_form_refuses_time_skipped_by_dst(client, db):
    event = make_event(starts_at=datetime(2031, 3, 29, 9, 0, tzinfo=PARIS))
    login_as(client, db)
    response = post_form(client, f"/organiser/events/{event.slug}/sessions/new",
                         session_form(day="2031-03-30", start="02:30", end="03:30"))
    assert response.status_code == 200
    assert "Europe/Paris" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == 0


def test_session_form_room_conflict_blocks_until_reason_given(client, db):
    event = make_event()
    room = make_room(event, name="Auditorium")
    make_session(event, title_fr="Plénière", room=room, starts_at=datetime(2030, 9, 18, 10, 30, tzinfo=PARIS))
    db.session.commit()
    login_as(client, db)
    url = f"/organiser/events/{event.slug}/sessions/new"
    refused = post_form(client, url, session_form(room_id=room.id))
    assert refused.status_code == 422
    assert "Salle réservée deux fois" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == 1
    kept = post_form(client, url, session_form(room_id=room.id, override_reason="Demi-salle"))
    assert kept.status_code == 302
    conflicts_page = client.get(f"/organiser/events/{event.slug}/conflicts").get_data(as_text=True)
    assert "Salle réservée deux fois" in conflicts_page and "Demi-salle" in conflicts_page


def test_session_edit_keeps_values_and_moves_session(client, db):
    event = make_event()
    session = make_session(event, title_fr="Avant", starts_at=datetime(2030, 9, 18, 9, 0, tzinfo=PARIS))
    db.session.commit()
    login_as(client, db)
    url = f"/organiser/events/{event.slug}/sessions/{session.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Avant"' in page and 'value="09:00"' in page
    response = post_form(client, url, session_form(title_fr="Après", start="14:00", end="15:00"))
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(Session, session.id)
    assert (moved.title_fr, moved.starts_at) == ("Après", datetime(2030, 9, 18, 14, 0, tzinfo=PARIS))
    assert moved.sequence == 1


def test_session_cancel_hide_and_restore(client, db):
    event = make_event()
    session = make_session(event, title_fr="Atelier fragile")
    db.session.commit()
    login_as(client, db)
    base = f"/organiser/events/{event.slug}/sessions"
    post_form(client, f"{base}/{session.id}/cancel", {}, page_url=base)
    public = client.get(f"/raict/{event.slug}/programme").get_data(as_text=True)
    assert "Atelier fragile" in public and "is-cancelled" in public
    post_form(client, f"{base}/{session.id}/hide", {}, page_url=base)
    assert "Atelier fragile" not in client.get(f"/raict/{event.slug}/programme").get_data(as_text=True)
    post_form(client, f"{base}/{session.id}/show", {}, page_url=base)
    post_form(client, f"{base}/{session.id}/restore", {}, page_url=base)
    db.session.expire_all()
    restored = db.session.get(Session, session.id)
    assert (restored.status, restored.is_hidden) == (SessionStatus.SCHEDULED, False)


def test_speakers_found_added_ordered_and_removed(client, db):
    event = make_event()
    session = make_session(event)
    vietnamese = make_person(given_name="Thị Hương", family_name="Nguyễn", given_name_latin="Thi Huong",
                             family_name_latin="Nguyen", country="VN")
    french = make_person(given_name="Léonore", family_name="Moncond'huy", function="Maire de Poitiers")
    db.session.commit()
    login_as(client, db)
    url = f"/organiser/events/{event.slug}/sessions/{session.id}/speakers"
    assert "Nguyễn Thị Hương" in client.get(url + "?q=nguyen thi").get_data(as_text=True)
    assert "Nguyễn Thị Hương" in client.get(url + "?q=Nguyễn").get_data(as_text=True)
    assert "Moncond" in client.get(url + "?q=poitiers").get_data(as_text=True)
    for person, role in ((french, "moderator"), (vietnamese, "speaker")):
        assert post_form(client, url, {"person_id": str(person.id), "role": role}).status_code == 302
    db.session.expire_all()
    speakers = db.session.get(Session, session.id).speakers
    assert [(s.person_id, s.role, s.position) for s in speakers] == [
        (french.id, SpeakerRole.MODERATOR, 0), (vietnamese.id, SpeakerRole.SPEAKER, 1)]
    post_form(client, f"{url}/{speakers[1].id}/up", {}, page_url=url)
    db.session.expire_all()
    assert [s.person_id for s in db.session.get(Session, session.id).speakers] == [vietnamese.id, french.id]
    post_form(client, f"{url}/{speakers[0].id}/remove", {}, page_url=url)
    db.session.expire_all()
    assert [s.person_id for s in db.session.get(Session, session.id).speakers] == [vietnamese.id]


def test_speaker_in_overlapping_session_refused_then_overridden(client, db):
    event = make_event()
    person = make_person()
    busy = make_session(event, starts_at=event.starts_at + timedelta(hours=1))
    add_speaker(busy, person)
    session = make_session(event, starts_at=event.starts_at + timedelta(hours=1, minutes=30))
    db.session.commit()
    login_as(client, db)
    url = f"/organiser/events/{event.slug}/sessions/{session.id}/speakers"
    refused = post_form(client, url, {"person_id": str(person.id), "role": "speaker"})
    assert refused.status_code == 422
    assert "Intervenant dans deux sessions à la fois" in refused.get_data(as_text=True)
    kept = post_form(client, url, {"person_id": str(person.id), "role": "speaker", "override_reason": "En visio"})
    assert kept.status_code == 302
    db.session.expire_all()
    assert db.session.get(Session, session.id).conflict_override_reason == "En visio"


def test_session_list_uses_few_queries_whatever_the_size(client, db, count_queries):
    small, large = make_event(), make_event()
    for event, count in ((small, 3), (large, 120)):
        room = make_room(event)
        for index in range(count):
            session = make_session(event, room=room, starts_at=event.starts_at + timedelta(minutes=30 * index))
            add_speaker(session, make_person())
    db.session.commit()
    login_as(client, db)
    counts = []
    for event in (small, large):
        client.get(f"/organiser/events/{event.slug}/sessions")
        with count_queries() as counter:
            response = client.get(f"/organiser/events/{event.slug}/sessions")
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 6, counts
