"""A feed costs a fixed, small number of SQL statements, whatever the size of the programme."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.events.models import EventKind, EventSeries
from app.programme.models import Session, SessionSpeaker, SessionType, SpeakerRole
from app.registration.models import SessionChoice
from tests.factories import make_collectivite, make_event, make_person, make_registration, make_room, make_track

MAX_QUERIES = 6


def add_sessions(db, event, count: int) -> list[int]:
    """``count`` sessions with a room, a track and two speakers each, inserted in bulk."""
    rooms = [make_room(event) for _ in range(5)]
    tracks = [make_track(event) for _ in range(3)]
    people = [make_person(collectivite=make_collectivite()) for _ in range(20)]
    start = event.starts_at
    rows = [dict(event_id=event.id, type=SessionType.PLENARY if n % 10 == 0 else SessionType.WORKSHOP,
                 title_fr=f"Atelier {n}", title_en=f"Workshop {n}", languages=["fr"], interpretation=[],
                 starts_at=start + timedelta(minutes=15 * n), ends_at=start + timedelta(minutes=15 * n + 60),
                 room_id=rooms[n % 5].id, track_id=tracks[n % 3].id, online_url=None)
            for n in range(count)]
    db.session.execute(sa.insert(Session), rows)
    ids = list(db.session.scalars(sa.select(Session.id).where(Session.event_id == event.id).order_by(Session.id)))
    db.session.execute(sa.insert(SessionSpeaker), [
        dict(session_id=session_id, person_id=people[(n + k) % 20].id, role=SpeakerRole.SPEAKER, position=k)
        for n, session_id in enumerate(ids) for k in range(2)])
    return ids


def feed_queries(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


def test_programme_feed_queries_do_not_grow_from_50_to_500_sessions(client, db, count_queries):
    sizes = (3, 50, 500)
    events = [make_event(starts_at=datetime(2024, 10, 23, 8, tzinfo=ZoneInfo("Europe/Paris"))) for _ in sizes]
    for event, size in zip(events, sizes, strict=True):
        add_sessions(db, event, size)
    db.session.commit()
    urls = [f"/raict/{event.slug}/programme.ics" for event in events]
    counts = [feed_queries(client, count_queries, url) for url in urls]
    assert counts[0] == counts[1] == counts[2] <= MAX_QUERIES
    assert [client.get(url).data.count(b"BEGIN:VEVENT") for url in urls] == list(sizes)


def test_track_and_speaker_feeds_of_500_sessions_stay_within_budget(client, db, count_queries):
    event = make_event(starts_at=datetime(2024, 10, 23, 8, tzinfo=ZoneInfo("Europe/Paris")))
    ids = add_sessions(db, event, 500)
    db.session.commit()
    track = db.session.get(Session, ids[0]).track
    speaker_id = db.session.get(Session, ids[0]).speakers[0].person_id
    for url in (f"/raict/{event.slug}/tracks/{track.slug}.ics", f"/raict/{event.slug}/speakers/{speaker_id}.ics",
                f"/raict/{event.slug}/sessions/{ids[7]}.ics"):
        assert feed_queries(client, count_queries, url) <= MAX_QUERIES, url


def test_agenda_of_500_session_event_stays_within_budget(client, db, count_queries):
    event = make_event(starts_at=datetime(2024, 10, 23, 8, tzinfo=ZoneInfo("Europe/Paris")))
    ids = add_sessions(db, event, 500)
    registration = make_registration(event)
    db.session.add_all(SessionChoice(registration_id=registration.id, session_id=session_id) for session_id in ids[1:40])
    db.session.commit()
    url = f"/agenda/{registration.calendar_token}.ics"
    assert feed_queries(client, count_queries, url) <= MAX_QUERIES
    # 50 plenaries (every 10th) + 39 choices, 3 of them plenaries
    assert client.get(url).data.count(b"BEGIN:VEVENT") == 50 + 39 - 3


def test_series_feed_stays_within_budget(client, db, count_queries):
    series = EventSeries(slug="chroniques-2024", kind=EventKind.CHRONIQUE, title_fr="Chroniques", title_en="Chronicles")
    db.session.add(series)
    for month in range(1, 13):
        chronicle = make_event(kind=EventKind.CHRONIQUE, series=series,
                               starts_at=datetime(2024, month, 18, 12, 30, tzinfo=ZoneInfo("Europe/Paris")))
        if month % 2:
            add_sessions(db, chronicle, 40)
    db.session.commit()
    assert feed_queries(client, count_queries, "/chroniques/chroniques-2024/series.ics") <= MAX_QUERIES
