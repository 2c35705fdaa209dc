"""Every public page of every demo event, in French and English; query counts at full scale."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.events.models import PUBLIC_STATUSES, Event, EventKind, EventSeries


def _public_paths(db) -> list[str]:
    paths = ["/", "/raict/", "/assises/", "/chroniques/", "/login"]
    for event in db.session.scalars(sa.select(Event).where(Event.status.in_(PUBLIC_STATUSES))):
        base = f"/{event.kind.url_prefix}/{event.slug}/"
        paths += [base, base + "programme", base + "speakers"]
    for series in db.session.scalars(sa.select(EventSeries).where(EventSeries.kind == EventKind.CHRONIQUE)):
        paths.append(f"/chroniques/{series.slug}/")
    return paths


@pytest.mark.parametrize("language, marker", [("fr", '<html lang="fr">'), ("en", '<html lang="en">')])
def test_demo_every_public_page_answers_in_both_languages(demo_app, demo_client, language, marker):
    from app.core.extensions import db

    paths = _public_paths(db)
    assert len(paths) > 40
    for path in paths:
        response = demo_client.get(f"{path}?lang={language}")
        assert response.status_code == 200, path
        assert marker in response.get_data(as_text=True), path


@pytest.mark.parametrize("page", ["programme", "speakers"])
def test_demo_programme_pages_use_at_most_six_queries(demo_app, demo_client, count_queries, page, monkeypatch):
    # The version asked on every request (a listening worker may answer from memory, or not yet: not what is counted)
    monkeypatch.setitem(demo_app.config, "PAGE_VERSION_LISTEN", False)
    counts = {}
    for slug in ("raict-2023", "raict-2024", "raict-2027"):
        demo_client.get(f"/raict/{slug}/{page}")  # warm-up (session cookie, caches)
        with count_queries() as counter:
            response = demo_client.get(f"/raict/{slug}/{page}")
        assert response.status_code == 200
        counts[slug] = counter.count
    assert counts["raict-2023"] <= 6, counts
    assert counts["raict-2023"] == counts["raict-2024"] == counts["raict-2027"], counts


def test_demo_programme_shows_every_visible_session_and_speaker(demo_app, demo_client):
    from app.core.extensions import db
    from app.programme.queries import speakers_of, visible_sessions

    event = db.session.scalar(sa.select(Event).where(Event.slug == "raict-2023"))
    programme = demo_client.get("/raict/raict-2023/programme?lang=fr").get_data(as_text=True)
    speakers_page = demo_client.get("/raict/raict-2023/speakers?lang=fr").get_data(as_text=True)
    sessions = visible_sessions(event)
    assert len(sessions) >= 26
    for session in sessions:
        assert f'id="session-{session.id}"' in programme
    for entry in speakers_of(event):
        assert entry.person.family_name.replace("'", "&#39;") in speakers_page
