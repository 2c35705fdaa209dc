"""Each conflict rule, found on the event and for a session being saved, and its override."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.programme.conflicts import ConflictKind, conflicts_for_event
from app.programme.models import SessionStatus
from app.programme.operations import BlockingConflictsError, SessionData, SpeakerData, save_session, session_data_of
from tests.factories import add_speaker, make_event, make_person, make_room, make_session


def kinds(conflicts):
    return sorted(conflict.kind for conflict in conflicts)


def _data(event, room=None, hours=1, length=2, **fields) -> SessionData:
    start = event.starts_at + timedelta(hours=hours)
    return SessionData(type="workshop", title_fr="Nouvel atelier", title_en="New workshop", starts_at=start,
                       ends_at=start + timedelta(hours=length), room_id=room.id if room else None, **fields)


def test_conflict_room_double_booked_detected_and_blocks(db):
    event = make_event()
    room = make_room(event)
    existing = make_session(event, room=room, starts_at=event.starts_at + timedelta(hours=1))
    assert kinds(conflicts_for_event(event)) == []
    with pytest.raises(BlockingConflictsError) as error:
        save_session(event, _data(event, room, hours=2))
    assert [(c.kind, c.other_session_id) for c in error.value.conflicts] == [(ConflictKind.ROOM_DOUBLE_BOOKED, existing.id)]
    assert len(event_sessions(db, event)) == 1


def test_conflict_room_override_with_reason_saves_and_is_listed(db):
    event = make_event()
    room = make_room(event)
    make_session(event, room=room, starts_at=event.starts_at + timedelta(hours=1))
    session, conflicts = save_session(event, _data(event, room, hours=2), override_reason="  Salle partagée, cloison mobile ")
    db.session.commit()
    assert session.conflict_override_reason == "Salle partagée, cloison mobile"
    assert kinds(conflicts) == [ConflictKind.ROOM_DOUBLE_BOOKED]
    assert kinds(conflicts_for_event(event)) == [ConflictKind.ROOM_DOUBLE_BOOKED]


def test_conflict_blank_reason_is_no_override(db):
    event = make_event()
    room = make_room(event)
    make_session(event, room=room, starts_at=event.starts_at + timedelta(hours=1))
    with pytest.raises(BlockingConflictsError):
        save_session(event, _data(event, room, hours=2), override_reason="   ")


def test_conflict_adjacent_sessions_do_not_overlap(db):
    event = make_event()
    room = make_room(event)
    first = make_session(event, room=room, starts_at=event.starts_at + timedelta(hours=1))
    session, conflicts = save_session(event, _data(event, room, hours=2.5))  # starts when the first ends
    assert first.ends_at == session.starts_at and conflicts == []


def test_conflict_cancelled_sessions_are_ignored(db):
    event = make_event()
    room = make_room(event)
    make_session(event, room=room, starts_at=event.starts_at + timedelta(hours=1), status=SessionStatus.CANCELLED)
    _, conflicts = save_session(event, _data(event, room, hours=2))
    assert conflicts == []


def test_conflict_speaker_in_two_overlapping_sessions(db):
    event = make_event()
    person = make_person()
    other = make_session(event, starts_at=event.starts_at + timedelta(hours=1))
    add_speaker(other, person)
    with pytest.raises(BlockingConflictsError) as error:
        save_session(event, _data(event, hours=2), speakers=[SpeakerData(person.id)])
    assert [(c.kind, c.person_id) for c in error.value.conflicts] == [(ConflictKind.SPEAKER_OVERLAP, person.id)]
    session, conflicts = save_session(event, _data(event, hours=2), speakers=[SpeakerData(person.id)],
                                      override_reason="Intervention enregistrée")
    assert kinds(conflicts) == [ConflictKind.SPEAKER_OVERLAP]
    assert [speaker.person_id for speaker in session.speakers] == [person.id]


def test_conflict_session_outside_event_days_is_a_warning(db):
    event = make_event()
    session, conflicts = save_session(event, _data(event, hours=24 * 3))
    assert kinds(conflicts) == [ConflictKind.OUTSIDE_EVENT_DAYS]
    assert session.id is not None
    assert kinds(conflicts_for_event(event)) == [ConflictKind.OUTSIDE_EVENT_DAYS]


def test_conflict_capacity_above_room_is_a_warning(db):
    event = make_event()
    room = make_room(event, capacity=40)
    session, conflicts = save_session(event, _data(event, room, capacity=60))
    assert kinds(conflicts) == [ConflictKind.CAPACITY_ABOVE_ROOM]
    session.capacity = 40
    db.session.flush()
    assert conflicts_for_event(event) == []


def test_conflict_editing_a_session_does_not_conflict_with_itself(db):
    event = make_event()
    room = make_room(event)
    session = make_session(event, room=room)
    data = session_data_of(session)
    data.title_fr = "Titre corrigé"
    _, conflicts = save_session(event, data, session=session)
    assert conflicts == []


def test_conflict_sweep_reports_each_pair_once(db):
    event = make_event()
    room = make_room(event)
    for hours in (1, 1.5, 2):
        make_session(event, room=room, starts_at=event.starts_at + timedelta(hours=hours))
    found = conflicts_for_event(event)
    pairs = {frozenset((c.session_id, c.other_session_id)) for c in found}
    assert len(found) == len(pairs) == 3


def event_sessions(db, event):
    import sqlalchemy as sa

    from app.programme.models import Session

    return db.session.scalars(sa.select(Session).where(Session.event_id == event.id)).all()


def test_conflict_restoring_a_cancelled_session_checks_the_room_again(db):
    from app.programme.operations import set_session_status

    event = make_event()
    room = make_room(event)
    cancelled = make_session(event, room=room, starts_at=event.starts_at + timedelta(hours=1), status=SessionStatus.CANCELLED)
    make_session(event, room=room, starts_at=event.starts_at + timedelta(hours=1))
    with pytest.raises(BlockingConflictsError):
        set_session_status(cancelled, SessionStatus.SCHEDULED)
    assert cancelled.status == SessionStatus.CANCELLED


def test_conflict_kept_once_stays_kept_but_a_new_one_needs_its_own_reason(db):
    from app.programme.operations import add_speaker

    event = make_event()
    room = make_room(event)
    make_session(event, room=room, starts_at=event.starts_at + timedelta(hours=1))
    session, _ = save_session(event, _data(event, room, hours=2), override_reason="Salle partagée")
    data = session_data_of(session)
    data.title_fr = "Titre corrigé"
    save_session(event, data, session=session)  # the same, already accepted conflict: no new reason needed
    assert session.conflict_override_reason == "Salle partagée"
    busy_person = make_person()
    add_speaker_to = make_session(event, starts_at=session.starts_at)
    from tests.factories import add_speaker as add_row
    add_row(add_speaker_to, busy_person)
    with pytest.raises(BlockingConflictsError) as error:
        add_speaker(session, busy_person, "speaker")
    assert [c.kind for c in error.value.conflicts] == [ConflictKind.SPEAKER_OVERLAP]
    add_speaker(session, busy_person, "speaker", override_reason="Intervention enregistrée")
    assert session.conflict_override_reason == "Intervention enregistrée"
