"""Programme queries stay at a fixed count past SQLAlchemy's 500-id batches (selectinload would add one per batch)."""
from __future__ import annotations

from datetime import timedelta

from app.programme.admin_queries import sessions_for_organisers
from app.programme.models import Session, SessionSpeaker
from app.programme.queries import visible_sessions
from tests.factories import make_event, make_person


def _event_with_sessions(db, count: int):
    event = make_event()
    person = make_person()
    sessions = [Session(event=event, type="workshop", title_fr=f"Atelier {n}", title_en=f"Workshop {n}",
                        starts_at=event.starts_at + timedelta(minutes=n), ends_at=event.starts_at + timedelta(minutes=n + 30),
                        speakers=[SessionSpeaker(person=person)]) for n in range(count)]
    db.session.add_all(sessions)
    db.session.commit()
    db.session.expire_all()
    return event


def test_programme_queries_constant_from_10_to_1100_sessions(db, count_queries):
    counts = []
    for size in (10, 1100):
        event = _event_with_sessions(db, size)
        for loader in (visible_sessions, sessions_for_organisers):
            db.session.expire_all()
            with count_queries() as counter:
                loaded = loader(event)
                assert len(loaded) == size and all(session.speakers[0].person.name for session in loaded)
            counts.append(counter.count)
    assert counts[:2] == counts[2:], counts
    assert max(counts) <= 4, counts
