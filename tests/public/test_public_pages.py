"""Public pages built from factory data: visibility, kinds, programme order, time zones."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.events.models import EventKind, EventStatus
from app.programme.models import SessionStatus, SessionType, SpeakerRole
from tests.factories import add_speaker, make_event, make_person, make_room, make_session, make_track


def test_home_lists_public_events_by_kind(client, db):
    raict = make_event(title_fr="RAICT publiée")
    assises = make_event(kind=EventKind.ASSISES, title_fr="Assises publiées")
    draft = make_event(title_fr="Brouillon secret", status=EventStatus.DRAFT)
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert raict.title_fr in page and assises.title_fr in page
    assert draft.title_fr not in page
    assert f'href="/raict/{raict.slug}/"' in page and f'href="/assises/{assises.slug}/"' in page


@pytest.mark.parametrize("suffix", ["", "programme", "speakers"])
def test_unpublished_event_pages_are_404(client, db, suffix):
    draft = make_event(status=EventStatus.DRAFT)
    db.session.commit()
    assert client.get(f"/raict/{draft.slug}/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["", "programme", "speakers"])
def test_event_under_another_kind_is_404(client, db, suffix):
    event = make_event(kind=EventKind.ASSISES)
    db.session.commit()
    assert client.get(f"/assises/{event.slug}/{suffix}").status_code == 200
    assert client.get(f"/raict/{event.slug}/{suffix}").status_code == 404
    assert client.get(f"/chroniques/{event.slug}/{suffix}").status_code == 404


@pytest.mark.parametrize("status", [EventStatus.PUBLISHED, EventStatus.REGISTRATION_OPEN,
                                    EventStatus.REGISTRATION_CLOSED, EventStatus.ARCHIVED])
def test_public_statuses_are_visible(client, db, status):
    event = make_event(status=status)
    db.session.commit()
    assert client.get(f"/raict/{event.slug}/").status_code == 200


def test_programme_grouped_by_day_in_time_order_with_rooms_tracks_speakers(client, db):
    event = make_event()
    room, track = make_room(event, name="Auditorium"), make_track(event, name_fr="Climat", name_en="Climate")
    day_two = make_session(event, title_fr="Clôture", starts_at=event.starts_at + timedelta(days=1))
    late = make_session(event, title_fr="Atelier de l'après-midi", starts_at=event.starts_at + timedelta(hours=5))
    early = make_session(event, title_fr="Plénière d'ouverture", type=SessionType.PLENARY,
                         starts_at=event.starts_at, room=room, track=track)
    add_speaker(early, make_person(given_name="Léonore", family_name="Moncond'huy",
                                   function="Maire de Poitiers"), role=SpeakerRole.MODERATOR)
    db.session.commit()
    page = client.get(f"/raict/{event.slug}/programme?lang=fr").get_data(as_text=True)
    early_at, late_at = page.index(early.title_fr.replace("'", "&#39;")), page.index(late.title_fr.replace("'", "&#39;"))
    assert early_at < late_at < page.index(day_two.title_fr)
    assert "mercredi 18 septembre 2030" in page and "jeudi 19 septembre 2030" in page
    assert "Auditorium" in page and "Climat" in page and "Maire de Poitiers" in page and "Modérateur" in page


def test_programme_times_shown_in_event_zone(client, db):
    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    event = make_event(kind=EventKind.ASSISES, timezone="Asia/Ho_Chi_Minh",
                       starts_at=datetime(2023, 4, 11, 8, 0, tzinfo=hanoi))
    make_session(event, starts_at=datetime(2023, 4, 11, 9, 0, tzinfo=hanoi))
    db.session.commit()
    page = client.get(f"/assises/{event.slug}/programme").get_data(as_text=True)
    assert ">09:00</time>–<time" in page
    assert 'datetime="2023-04-11T02:00:00+00:00"' in page
    assert "heure de Hanoï" in page


def test_programme_hides_hidden_sessions_and_marks_cancelled(client, db):
    event = make_event()
    hidden = make_session(event, title_fr="Session cachée", is_hidden=True)
    cancelled = make_session(event, title_fr="Session annulée", status=SessionStatus.CANCELLED)
    db.session.commit()
    page = client.get(f"/raict/{event.slug}/programme").get_data(as_text=True)
    assert hidden.title_fr not in page
    assert cancelled.title_fr in page and "is-cancelled" in page and "Annulée" in page


def test_speaker_list_alphabetical_by_latin_family_name(client, db):
    event = make_event()
    session = make_session(event)
    add_speaker(session, make_person(given_name="Zoé", family_name="Zerkani", country="FR"))
    add_speaker(session, make_person(given_name="さくら", family_name="佐藤", given_name_latin="Sakura",
                                     family_name_latin="Sato", country="JP"))
    add_speaker(session, make_person(given_name="Anna", family_name="Belin", country="FR"))
    hidden = make_session(event, is_hidden=True)
    add_speaker(hidden, make_person(given_name="Hidden", family_name="Person"))
    db.session.commit()
    page = client.get(f"/raict/{event.slug}/speakers").get_data(as_text=True)
    assert page.index("Belin") < page.index("佐藤さくら") < page.index("Zerkani")
    assert "Hidden" not in page


def test_chroniques_series_page_lists_its_public_chronicles(client, db):
    from app.events.models import EventSeries

    series = EventSeries(slug="chroniques-2023", kind=EventKind.CHRONIQUE, title_fr="Chroniques géopolitiques 2023",
                         title_en="Geopolitical chronicles 2023", year=2023)
    db.session.add(series)
    public = make_event(kind=EventKind.CHRONIQUE, series=series, title_fr="Le Japon sort de sa neutralité ?", is_online=True)
    draft = make_event(kind=EventKind.CHRONIQUE, series=series, title_fr="Chronique en préparation", status=EventStatus.DRAFT)
    db.session.commit()
    page = client.get("/chroniques/chroniques-2023/").get_data(as_text=True)
    assert public.title_fr in page and draft.title_fr not in page
    assert "Chroniques géopolitiques 2023" in client.get("/chroniques/").get_data(as_text=True)
    assert client.get("/chroniques/no-such-series/").status_code == 404


def test_unknown_pages_are_404_in_the_site_layout(client):
    response = client.get("/raict/no-such-event/")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_chroniques_series_with_only_drafts_is_404(client, db):
    from app.events.models import EventSeries

    series = EventSeries(slug="chroniques-2031", kind=EventKind.CHRONIQUE, title_fr="Chroniques 2031",
                         title_en="Chronicles 2031", year=2031)
    db.session.add(series)
    make_event(kind=EventKind.CHRONIQUE, series=series, status=EventStatus.DRAFT)
    db.session.commit()
    assert client.get("/chroniques/chroniques-2031/").status_code == 404
    assert "Chroniques 2031" not in client.get("/chroniques/").get_data(as_text=True)


def test_event_page_offers_a_delegation_only_where_the_kind_has_delegations(client, db):
    """The event page follows the kind's profile (app/events/kinds.py), like the registration form:
    a RAICT offers "Register a delegation", a chronicle (no delegations) does not."""
    raict = make_event(status=EventStatus.REGISTRATION_OPEN)
    chronicle = make_event(kind=EventKind.CHRONIQUE, status=EventStatus.REGISTRATION_OPEN)
    db.session.commit()
    assert raict.profile.has_delegations and not chronicle.profile.has_delegations
    raict_page = client.get(f"/raict/{raict.slug}/?lang=en").get_data(as_text=True)
    chronicle_page = client.get(f"/chroniques/{chronicle.slug}/?lang=en").get_data(as_text=True)
    assert "Register a delegation" in raict_page and f"/raict/{raict.slug}/delegations/new" in raict_page
    assert "Register</a>" in chronicle_page and "Register a delegation" not in chronicle_page
