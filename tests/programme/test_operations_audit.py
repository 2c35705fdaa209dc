"""Programme changes made by the operations (as the CLI or the API would) leave the web pages' audit lines;
a speaker removed without the web page can still be put back (the removal's line carries what it needs)."""
from __future__ import annotations

from datetime import timedelta

from app.core.tabular import read_table
from app.programme import operations
from app.programme.importer import apply_import, plan_import
from app.programme.models import SessionStatus, SessionType, SpeakerRole, TrackKind
from app.programme.spreadsheet import COLUMNS, REQUIRED_COLUMNS
from tests.audit.lines import audit_lines, last_line
from tests.factories import make_event, make_person, make_session
from tests.programme.import_helpers import csv_bytes, session_row


def test_edit_session_writes_audit_line(app, db):
    event = make_event()
    data = operations.SessionData(type=SessionType.WORKSHOP, title_fr="Eau", title_en="Water",
                                  starts_at=event.starts_at, ends_at=event.starts_at + timedelta(hours=1))
    saved, _ = operations.edit_session(event, data, actor="system")
    assert last_line(db, "session.create") == ("session.create", "system", None, "programme_session", saved.id, event.id,
                                               {"title": "Eau", "conflicts": 0, "override_reason": None})
    operations.edit_session(event, data, saved, actor="system")
    assert last_line(db, "session.edit")[:5] == ("session.edit", "system", None, "programme_session", saved.id)


def test_speaker_operations_write_audit_lines_and_a_removal_can_be_undone(app, db):
    event = make_event()
    session = make_session(event)
    first, second = make_person(), make_person()
    operations.add_speaker(session, first, SpeakerRole.SPEAKER, actor="system")
    assert last_line(db, "session.add_speaker")[6] == {"person_id": first.id, "role": "speaker"}
    operations.add_speaker(session, second, SpeakerRole.MODERATOR, actor="system")
    operations.move_speaker(session, session.speakers[1], -1, actor="system")
    assert last_line(db, "session.speaker_up") == ("session.speaker_up", "system", None, "programme_session", session.id,
                                                   event.id, {"person_id": second.id, "role": "moderator",
                                                              "position": 1})
    operations.remove_speaker(session, session.speakers[0], actor="system")
    assert last_line(db, "session.speaker_remove")[6] == {"person_id": second.id, "role": "moderator", "position": 0}
    [removed] = operations.removed_speakers(session)
    operations.restore_speaker(session, removed.entry_id, actor="system")
    assert [row.person_id for row in session.speakers] == [second.id, first.id]
    assert last_line(db, "session.speaker_restore")[6] == {"person_id": second.id, "role": "moderator", "position": 0}


def test_session_status_and_visibility_write_audit_lines(app, db):
    event = make_event()
    session = make_session(event)
    operations.set_session_status(session, SessionStatus.CANCELLED, actor="system")
    operations.set_session_status(session, SessionStatus.SCHEDULED, actor="system")
    operations.set_session_hidden(session, True, actor="system")
    operations.set_session_hidden(session, False, actor="system")
    for action in ("cancel", "restore", "hide", "show"):
        assert last_line(db, f"session.{action}") == (f"session.{action}", "system", None, "programme_session", session.id,
                                                      event.id, {"title": session.title_fr, "override_reason": None})


def test_edit_room_and_edit_track_write_audit_lines(app, db):
    event = make_event()
    room = operations.edit_room(event, "Salle Hugo", 40, actor="system")
    assert last_line(db, "room.create") == ("room.create", "system", None, "room", room.id, event.id,
                                            {"name": "Salle Hugo", "capacity": 40})
    track = operations.edit_track(event, "eau", TrackKind.THEMATIC, "Eau", "Water", actor="system")
    operations.edit_track(event, "eau", TrackKind.THEMATIC, "L'eau", "Water", track, actor="system")
    assert last_line(db, "track.edit") == ("track.edit", "system", None, "track", track.id, event.id, {"slug": "eau"})


def test_apply_import_writes_one_audit_line(app, db):
    """One line for the whole file (not one per room, track, person or session it creates)."""
    event = make_event()
    table = read_table("programme.csv", csv_bytes([session_row("A1"), session_row("A2", start="14:00", end="15:00")]),
                       columns=COLUMNS, required=REQUIRED_COLUMNS)
    plan = plan_import(event, table)
    assert plan.is_valid, plan.errors
    apply_import(event, plan, actor="system")
    assert audit_lines(db, "programme.import") == [("programme.import", "system", None, "event", event.id, event.id,
                                                    {"sessions": 2})]
    assert audit_lines(db, "room.create") == [] and audit_lines(db, "session.create") == []
