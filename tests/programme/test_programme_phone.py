"""Issue 13, the programme on a phone: a jump to each day, filters (track, type, language) that work without
JavaScript (a GET form) and at once with it, and English titles that fall back to French."""
from __future__ import annotations

import re
from datetime import timedelta

from app.programme.models import SessionType
from tests.factories import make_event, make_session, make_track


def two_day_programme(db):
    event = make_event()
    climate, youth = make_track(event, slug="climat", name_en="Climate"), make_track(event, slug="jeunesse",
                                                                                    name_en="Youth")
    day_two = event.starts_at + timedelta(days=1)
    sessions = {
        "opening": make_session(event, type=SessionType.PLENARY, title_en="Opening", languages=["fr", "en"]),
        "water": make_session(event, track=climate, title_en="Water", starts_at=event.starts_at + timedelta(hours=2),
                              languages=["fr"], interpretation=["en"]),
        "schools": make_session(event, track=youth, title_en="Schools", starts_at=day_two, languages=["es"]),
        "heat": make_session(event, track=climate, type=SessionType.ROUND_TABLE, title_en="Heat waves",
                             starts_at=day_two + timedelta(hours=2), languages=["fr"]),
    }
    db.session.commit()
    return event, sessions


def shown(page: str, sessions: dict) -> set[str]:
    return {name for name, session in sessions.items() if f'id="session-{session.id}"' in page}


def test_a_long_programme_has_a_jump_to_each_day(client, db):
    event, _sessions = two_day_programme(db)
    page = client.get(f"/raict/{event.slug}/programme?lang=en").get_data(as_text=True)
    nav = re.search(r'<nav class="day-jump".*?</nav>', page, re.S).group(0)
    assert nav.count("<a ") == 2
    for day in event.days:
        assert f'href="#day-{day.isoformat()}"' in nav and f'id="day-{day.isoformat()}"' in page


def test_filters_work_without_javascript(client, db):
    event, sessions = two_day_programme(db)
    url = f"/raict/{event.slug}/programme"
    page = client.get(url + "?lang=en").get_data(as_text=True)
    form = re.search(r'<form method="get" class="programme-filters".*?</form>', page, re.S).group(0)
    for name in ('name="track"', 'name="type"', 'name="language"', 'type="submit"'):
        assert name in form, name
    assert shown(page, sessions) == set(sessions)
    assert shown(client.get(url + "?track=climat").get_data(as_text=True), sessions) == {"water", "heat"}
    assert shown(client.get(url + "?type=round_table").get_data(as_text=True), sessions) == {"heat"}
    # a language spoken or interpreted; sessions without languages (breaks) stay
    assert shown(client.get(url + "?language=en").get_data(as_text=True), sessions) == {"opening", "water"}
    both = client.get(url + "?track=climat&language=fr&lang=en").get_data(as_text=True)
    assert shown(both, sessions) == {"water", "heat"} and "2 sessions shown" in both
    assert 'option value="climat" selected' in both and "Show everything" in both
    nothing = client.get(url + "?track=jeunesse&type=plenary&lang=en").get_data(as_text=True)
    assert shown(nothing, sessions) == set() and "No session matches these filters." in nothing
    # unknown values are ignored, not an error
    assert shown(client.get(url + "?track=nope&type=x&language=zz").get_data(as_text=True), sessions) == set(sessions)


def test_filtered_days_jump_only_to_days_with_sessions(client, db):
    event, _sessions = two_day_programme(db)
    page = client.get(f"/raict/{event.slug}/programme?track=jeunesse").get_data(as_text=True)
    assert '<nav class="day-jump"' not in page  # one day left: nothing to jump to
    assert f'id="day-{event.days[1].isoformat()}"' in page and f'id="day-{event.days[0].isoformat()}"' not in page


def test_english_titles_left_empty_fall_back_to_french(client, db):
    event = make_event(title_en="")
    make_session(event, title_fr="Atelier sans traduction", title_en="")
    track = make_track(event, name_fr="Dynamique Climat", name_en="")
    make_session(event, title_fr="Deuxième", title_en="", track=track, starts_at=event.starts_at + timedelta(hours=3))
    db.session.commit()
    page = client.get(f"/raict/{event.slug}/programme?lang=en").get_data(as_text=True)
    assert "Atelier sans traduction" in page and event.title_fr in page and "Dynamique Climat" in page
    document = client.get(f"/api/events/{event.slug}/programme.json").get_json()
    titles = [session["title"] for session in document["sessions"]]
    assert {"fr": "Atelier sans traduction", "en": "Atelier sans traduction"} in titles
