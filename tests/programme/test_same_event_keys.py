"""The database keeps a session's room and track within the session's event (composite foreign keys)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.core.extensions import db
from app.events.models import Event
from app.programme.models import Room, Session, SessionSpeaker
from tests.factories import add_speaker, make_event, make_person, make_room, make_session, make_track


@pytest.mark.parametrize("column", ["room", "track"])
def test_a_session_with_another_events_room_or_track_is_refused_by_the_database(app, column):
    ours, theirs = make_event(), make_event()
    session = make_session(ours)
    other = make_room(theirs) if column == "room" else make_track(theirs)
    db.session.commit()
    with pytest.raises(sa.exc.IntegrityError):
        # A plain UPDATE, past every check in Python: only the database can refuse it (at commit: deferred).
        db.session.execute(sa.update(Session).where(Session.id == session.id).values({f"{column}_id": other.id}))
        db.session.commit()
    db.session.rollback()
    with pytest.raises(sa.exc.IntegrityError):
        make_session(ours, **{column: other})
        db.session.commit()
    db.session.rollback()


def test_a_session_with_its_own_events_room_and_track_is_kept(app):
    event = make_event()
    room, track = make_room(event), make_track(event)
    session = make_session(event, room=room, track=track)
    db.session.commit()
    assert (session.room_id, session.track_id) == (room.id, track.id)


def test_a_speaker_is_a_person_of_the_shared_directory_who_may_speak_at_two_events(app):
    """Speakers are people of the directory, not of one event: the same person speaks at both events."""
    person = make_person()
    first, second = make_session(make_event()), make_session(make_event())
    add_speaker(first, person)
    add_speaker(second, person)
    db.session.commit()
    rows = db.session.scalars(sa.select(SessionSpeaker).where(SessionSpeaker.person_id == person.id)).all()
    assert {row.session.event_id for row in rows} == {first.event_id, second.event_id}


def test_a_room_still_used_by_a_session_of_its_event_can_be_deleted_and_the_session_keeps_its_place_empty(app):
    event = make_event()
    room = make_room(event)
    session = make_session(event, room=room)
    db.session.commit()
    db.session.execute(sa.delete(Room).where(Room.id == room.id))
    db.session.commit()
    db.session.expire_all()
    assert session.room_id is None


def test_deleting_an_event_deletes_its_rooms_tracks_and_sessions(app):
    event = make_event()
    room, track = make_room(event), make_track(event)
    make_session(event, room=room, track=track)
    db.session.commit()
    db.session.execute(sa.delete(Event).where(Event.id == event.id))
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == 0
