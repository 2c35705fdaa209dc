"""SEQUENCE goes up when a session's time, place or status changes, so calendars replace their copy; the UID stays."""
from __future__ import annotations

from datetime import timedelta

from app.programme.models import SessionStatus
from tests.calendar.builders import build_programme, feed_urls, paris
from tests.factories import make_room


def read_workshop(client, both_readers, programme):
    uid = f"session-{programme.workshop.id}@localhost"
    [read] = [item for item in both_readers(client.get(feed_urls(programme)["programme"]).data) if item.uid == uid]
    return read


def test_moving_a_session_bumps_sequence_and_keeps_uid(client, db, both_readers):
    programme = build_programme(db)
    db.session.commit()
    before = read_workshop(client, both_readers, programme)
    programme.workshop.starts_at = paris(30, 11)
    programme.workshop.ends_at = paris(30, 12, 30)
    db.session.commit()
    after = read_workshop(client, both_readers, programme)
    assert (before.sequence, after.sequence) == (0, 1)
    assert after.uid == before.uid
    assert (after.start, after.end) == ("2024-10-30T10:00:00Z", "2024-10-30T11:30:00Z")


def test_cancelling_keeps_the_session_with_status_cancelled_and_bumps(client, db, both_readers):
    programme = build_programme(db)
    db.session.commit()
    programme.workshop.status = SessionStatus.CANCELLED
    db.session.commit()
    after = read_workshop(client, both_readers, programme)
    assert (after.status, after.sequence) == ("CANCELLED", 1)


def test_changing_room_bumps_sequence(db):
    programme = build_programme(db)
    db.session.commit()
    programme.workshop.room = make_room(programme.event, name="Salle 2")
    db.session.commit()
    programme.workshop.room_id = make_room(programme.event, name="Salle 3").id
    db.session.commit()
    programme.workshop.room = None
    db.session.commit()
    assert programme.workshop.sequence == 3


def test_editing_only_the_title_does_not_bump_sequence(db):
    programme = build_programme(db)
    db.session.commit()
    programme.workshop.title_fr = "Villes, climat et résilience"
    programme.workshop.description_en = "Updated"
    db.session.commit()
    assert programme.workshop.sequence == 0


def test_setting_the_same_instant_in_another_zone_does_not_bump(db):
    programme = build_programme(db)
    db.session.commit()
    programme.workshop.starts_at = programme.workshop.starts_at.astimezone(paris(1, 0).tzinfo)
    db.session.commit()
    assert programme.workshop.sequence == 0


def test_several_changes_in_one_flush_bump_once(db):
    programme = build_programme(db)
    db.session.commit()
    programme.workshop.starts_at += timedelta(hours=1)
    programme.workshop.ends_at += timedelta(hours=1)
    programme.workshop.status = SessionStatus.CANCELLED
    db.session.commit()
    assert programme.workshop.sequence == 1


def test_each_reschedule_bumps_again(db):
    programme = build_programme(db)
    for hours in (1, 2, 3):
        programme.workshop.starts_at = paris(30, 9, 30) + timedelta(hours=hours)
        programme.workshop.ends_at = programme.workshop.starts_at + timedelta(hours=1)
        db.session.commit()
    assert programme.workshop.sequence == 3


def test_moving_the_venue_bumps_every_session_of_the_event(db):
    programme = build_programme(db)
    db.session.commit()
    programme.event.venue_name = "Palais des congrès"
    db.session.commit()
    assert [session.sequence for session in (programme.plenary, programme.workshop, programme.cancelled)] == [1, 1, 1]
    programme.event.title_fr = "Nouveau titre"
    db.session.commit()
    assert programme.plenary.sequence == 1


def test_sequence_event_entry_bumped_when_chronicle_moves(client, db):
    from datetime import timedelta

    from app.events.models import EventKind
    from tests.factories import make_event

    chronicle = make_event(kind=EventKind.CHRONIQUE, is_online=True, venue_name=None, venue_city=None)
    db.session.commit()
    first = client.get(f"/chroniques/{chronicle.slug}/programme.ics").get_data(as_text=True)
    assert f"UID:event-{chronicle.id}@" in first and "SEQUENCE:0" in first
    chronicle.title_fr = "Nouveau titre"
    db.session.commit()
    assert "SEQUENCE:0" in client.get(f"/chroniques/{chronicle.slug}/programme.ics").get_data(as_text=True)
    chronicle.starts_at += timedelta(days=7)
    chronicle.ends_at += timedelta(days=7)
    db.session.commit()
    moved = client.get(f"/chroniques/{chronicle.slug}/programme.ics").get_data(as_text=True)
    assert "SEQUENCE:1" in moved and f"UID:event-{chronicle.id}@" in moved
