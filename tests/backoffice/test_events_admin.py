"""Organisers create and edit events, and start a new edition from a previous one."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.events.models import Event, EventKind, EventStatus
from app.programme.models import Session
from tests.backoffice.helpers import login_as, post_form
from tests.factories import add_speaker, make_event, make_person, make_room, make_session, make_track

PARIS, TOKYO = ZoneInfo("Europe/Paris"), ZoneInfo("Asia/Tokyo")


def event_form(**fields):
    return {"kind": "assises", "slug": "rencontres-franco-japonaises-2026", "edition": "9", "series_id": "0",
            "title_fr": "9es Rencontres franco-japonaises", "title_en": "9th French-Japanese meetings",
            "theme_fr": "", "theme_en": "", "description_fr": "", "description_en": "",
            "first_day": "2026-11-16", "start_time": "09:00", "last_day": "2026-11-18", "end_time": "18:00",
            "timezone": "Asia/Tokyo", "venue_name": "Granship", "venue_address": "", "venue_city": "Shizuoka",
            "venue_country": "JP", "co_organisers": "CLAIR", "partner_country": "JP", "status": "draft",
            "capacity": "300", "online_url": "", **fields}


def test_event_created_with_every_field(client, db):
    login_as(client, db)
    response = post_form(client, "/organiser/events/new", event_form())
    assert response.status_code == 302
    event = db.session.scalar(sa.select(Event))
    assert (event.kind, event.status, event.partner_country, event.capacity) == (EventKind.ASSISES, EventStatus.DRAFT, "JP", 300)
    assert event.starts_at == datetime(2026, 11, 16, 9, 0, tzinfo=TOKYO)
    assert event.ends_at == datetime(2026, 11, 18, 18, 0, tzinfo=TOKYO)
    assert client.get(f"/assises/{event.slug}/").status_code == 404  # still a draft


def test_event_form_refuses_bad_values(client, db):
    login_as(client, db)
    for bad in (dict(slug="Not A Slug"), dict(last_day="2026-11-01"), dict(venue_country="XX"),
                dict(timezone="Mars/Olympus"), dict(kind="congress")):
        response = post_form(client, "/organiser/events/new", event_form(**bad))
        assert response.status_code == 200 and 'class="error"' in response.get_data(as_text=True), bad
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_event_slug_must_be_unique(client, db):
    existing = make_event(slug="raict-2030")
    db.session.commit()
    login_as(client, db)
    response = post_form(client, "/organiser/events/new", event_form(slug="raict-2030"))
    assert "déjà utilisé" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 1
    edit = post_form(client, f"/organiser/events/{existing.slug}/edit", event_form(slug="raict-2030", status="published"))
    assert edit.status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, existing.id).status == EventStatus.PUBLISHED


def test_new_edition_copies_skeleton_at_same_local_times_across_dst(client, db):
    source = make_event(slug="raict-2030", edition=21, starts_at=datetime(2030, 9, 18, 9, 0, tzinfo=PARIS))
    room, track = make_room(source, name="Auditorium", capacity=400), make_track(source, slug="climat")
    session = make_session(source, title_fr="Plénière", room=room, track=track,
                           starts_at=datetime(2030, 9, 19, 9, 30, tzinfo=PARIS))
    add_speaker(session, make_person())
    db.session.commit()
    login_as(client, db)
    response = post_form(client, f"/organiser/events/{source.slug}/new-edition", {
        "slug": "raict-2031", "title_fr": "RAICT 2031", "title_en": "RAICT 2031", "edition": "22", "first_day": "2031-11-05"})
    assert response.status_code == 302
    copy = db.session.scalar(sa.select(Event).where(Event.slug == "raict-2031"))
    assert (copy.status, copy.edition, copy.starts_at) == (EventStatus.DRAFT, 22, datetime(2031, 11, 5, 9, 0, tzinfo=PARIS))
    copied = db.session.scalar(sa.select(Session).where(Session.event_id == copy.id))
    assert copied.starts_at == datetime(2031, 11, 6, 9, 30, tzinfo=PARIS)  # UTC+1 now, still 09:30 local
    assert (copied.room.name, copied.room.capacity, copied.track.slug) == ("Auditorium", 400, "climat")
    assert copied.room.event_id == copy.id and copied.speakers == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session).where(Session.event_id == source.id)) == 1


def test_new_edition_leaves_cancelled_sessions_and_keeps_hidden_ones_hidden(db):
    from app.events.operations import NewEdition, copy_edition
    from app.programme.models import SessionStatus

    source = make_event(starts_at=datetime(2030, 9, 18, 9, 0, tzinfo=PARIS))
    make_session(source, title_fr="Annulée", status=SessionStatus.CANCELLED)
    make_session(source, title_fr="En préparation", is_hidden=True)
    copy = copy_edition(source, NewEdition("copy", "Copie", "Copy", datetime(2031, 9, 17).date()))
    sessions = db.session.scalars(sa.select(Session).where(Session.event_id == copy.id)).all()
    assert [(session.title_fr, session.is_hidden) for session in sessions] == [("En préparation", True)]


def test_event_time_zone_change_keeps_sessions_at_their_local_times(client, db):
    event = make_event(slug="assises-2030", kind=EventKind.ASSISES, starts_at=datetime(2030, 4, 11, 8, 0, tzinfo=PARIS))
    session = make_session(event, starts_at=datetime(2030, 4, 11, 9, 30, tzinfo=PARIS))
    db.session.commit()
    login_as(client, db)
    response = post_form(client, f"/organiser/events/{event.slug}/edit", event_form(
        slug=event.slug, timezone="Asia/Ho_Chi_Minh", first_day="2030-04-11", start_time="08:00",
        last_day="2030-04-13", end_time="18:00", venue_country="VN", partner_country="VN"))
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(Session, session.id)
    assert moved.starts_at == datetime(2030, 4, 11, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_event_form_puts_a_chronicle_in_a_series(client, db):
    from app.events.models import EventSeries

    series = EventSeries(slug="chroniques-2026", kind=EventKind.CHRONIQUE, title_fr="Chroniques 2026",
                         title_en="Chronicles 2026", year=2026)
    db.session.add(series)
    db.session.commit()
    login_as(client, db)
    response = post_form(client, "/organiser/events/new", event_form(
        kind="chronique", slug="chronique-2026-12", series_id=str(series.id), is_online="y", venue_country="",
        partner_country="", timezone="Europe/Paris", first_day="2026-12-10", last_day="2026-12-10",
        start_time="12:30", end_time="13:30"))
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Event).where(Event.slug == "chronique-2026-12")).series_id == series.id
