"""Scheduling an event's meetings from the database (app/meetings/scheduling.py), the CLI and the CSV export."""
from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.meetings import operations
from app.meetings.models import Meeting, MeetingStatus, MeetingTable
from app.meetings.scheduling import schedule_event
from app.meetings.solver import NO_INTERPRETER, PARTICIPANTS_BUSY
from app.programme.models import SessionType
from app.registration.models import RegistrationStatus, SessionChoice
from tests.factories import add_speaker, make_session
from tests.meetings.helpers import mails_to, make_assises

START = datetime(2030, 9, 18, 8, 0, tzinfo=UTC)  # 10:00 in Paris, the first day of make_event


def _setup(tables: int = 2, slots: int = 2, languages: tuple[str, str] = ("fr", "fr")):
    """An Assises with one block of ``slots`` 30-minute slots, ``tables`` tables, and profiles' languages."""
    a = make_assises()
    operations.add_block(a.event, START, START + timedelta(minutes=30 * slots), actor="test")
    for number in range(1, tables + 1):
        operations.add_table(a.event, number, "Salon Hô Chi Minh", actor="test")
    profile = operations.ProfileData(theme_ids=[], existing_partners="", looking_for="", languages=languages[0])
    operations.save_profile(a.anne, a.lyon, profile, actor="test")
    operations.save_profile(a.binh, a.hue, operations.ProfileData(
        theme_ids=[], existing_partners="", looking_for="", languages=languages[1]), actor="test")
    operations.save_profile(a.dung, a.danang, operations.ProfileData(
        theme_ids=[], existing_partners="", looking_for="", languages=languages[1]), actor="test")
    return a


def _meeting(a, side_a, side_b) -> Meeting:
    return operations.create_protocol_meeting(a.event, side_a, side_b, actor="test")


def test_schedule_event_places_meetings_apart_and_publishes(app, db):
    a = _setup()
    first, second = _meeting(a, a.anne, a.binh), _meeting(a, a.anne, a.dung)
    report = schedule_event(a.event, publish=True, actor="test")
    db.session.commit()
    assert (report.requests, report.scheduled, report.upper_bound, report.moved) == (2, 2, 2, [])
    assert first.status == second.status == MeetingStatus.SCHEDULED
    assert first.starts_at != second.starts_at  # Anne is in both
    assert first.published and second.published
    assert any("table 1" in m.text_body or "table 2" in m.text_body for m in mails_to(a.binh.person.email))
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "meetings.scheduled")).one()
    assert entry.details["scheduled"] == 2


def test_schedule_event_respects_own_sessions_and_chosen_workshops(app, db):
    a = _setup(slots=2)
    talk = make_session(a.event, type=SessionType.WORKSHOP, starts_at=START, ends_at=START + timedelta(minutes=30))
    add_speaker(talk, a.anne.person)
    workshop = make_session(a.event, type=SessionType.WORKSHOP, starts_at=START + timedelta(minutes=30),
                            ends_at=START + timedelta(minutes=60))
    db.session.add(SessionChoice(registration_id=a.binh.id, session_id=workshop.id))
    db.session.flush()
    meeting = _meeting(a, a.anne, a.binh)
    report = schedule_event(a.event, publish=False, actor="test")
    assert report.scheduled == 0
    assert meeting.status == MeetingStatus.UNSCHEDULED
    assert meeting.unplaced_reason.startswith(PARTICIPANTS_BUSY)
    assert report.unplaced[meeting.id].reason == PARTICIPANTS_BUSY


def test_schedule_event_interpreter_when_no_shared_language(app, db):
    a = _setup(languages=("fr", "vi"))
    meeting = _meeting(a, a.anne, a.binh)
    report = schedule_event(a.event, publish=False, actor="test")
    assert report.unplaced[meeting.id].reason == NO_INTERPRETER
    interpreter = operations.add_interpreter(a.event, "Lan", "lan@example.org", "fr-vi", [], actor="test")
    schedule_event(a.event, publish=False, actor="test")
    assert meeting.status == MeetingStatus.SCHEDULED and meeting.interpreter_id == interpreter.id
    assert meeting.unplaced_reason is None


def test_schedule_event_keeps_published_and_reports_moves(app, db):
    a = _setup(tables=1, slots=2)
    first = _meeting(a, a.anne, a.binh)
    schedule_event(a.event, publish=True, actor="test")
    placed_at, sequence = first.starts_at, first.sequence
    # Anne becomes a speaker at that very time: the published meeting must move, and says so.
    talk = make_session(a.event, type=SessionType.PLENARY, starts_at=placed_at,
                        ends_at=placed_at + timedelta(minutes=30))
    add_speaker(talk, a.anne.person)
    second = _meeting(a, a.chi, a.dung)  # a new meeting: the freed slot suits it
    report = schedule_event(a.event, publish=True, actor="test")
    db.session.commit()
    assert len(report.moved) == 1 and report.moved[0].meeting_id == first.id
    assert first.starts_at != placed_at and first.sequence == sequence + 1 and first.published
    assert second.status == MeetingStatus.SCHEDULED and second.starts_at == placed_at
    assert any("moved" in m.subject.lower() or "déplacé" in m.subject.lower() for m in mails_to(a.anne.person.email))


def test_schedule_event_again_without_change_moves_nothing(app, db):
    a = _setup()
    meetings = [_meeting(a, a.anne, a.binh), _meeting(a, a.chi, a.dung), _meeting(a, a.anne, a.dung)]
    schedule_event(a.event, publish=True, actor="test")
    before = [(m.starts_at, m.table_id, m.sequence) for m in meetings]
    report = schedule_event(a.event, publish=True, actor="test")
    db.session.commit()
    assert report.moved == []
    assert [(m.starts_at, m.table_id, m.sequence) for m in meetings] == before


def test_schedule_event_cancelled_person_unplaces_their_published_meeting(app, db):
    a = _setup()
    meeting = _meeting(a, a.anne, a.binh)
    schedule_event(a.event, publish=True, actor="test")
    a.binh.status = RegistrationStatus.CANCELLED
    report = schedule_event(a.event, publish=False, actor="test")
    db.session.commit()
    assert meeting.status == MeetingStatus.UNSCHEDULED and not meeting.published
    assert [m.after for m in report.moved] == [None]


def test_meetings_schedule_cli_prints_json_and_export_writes_csv(app, db, tmp_path):
    a = _setup()
    _meeting(a, a.anne, a.binh)
    _meeting(a, a.chi, a.dung)
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["meetings", "schedule", a.event.slug, "--publish"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["requests"] == 2 and figures["scheduled"] == 2 and figures["upper_bound"] == 2
    assert figures["moved"] == 0 and figures["seconds"] >= 0
    output = tmp_path / "meetings.csv"
    result = runner.invoke(args=["meetings", "export", a.event.slug, "-o", str(output)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(output.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert [list(row) for row in rows][0] == ["starts_at", "table", "room", "side_a_email", "side_b_email",
                                              "interpreter_email", "status"]
    assert {row["status"] for row in rows} == {"published"}
    assert {row["side_b_email"] for row in rows} == {a.binh.person.email, a.dung.person.email}
    assert datetime.fromisoformat(rows[0]["starts_at"]) == START
    assert runner.invoke(args=["meetings", "schedule", "no-such-event"]).exit_code == 1


def test_schedule_event_keeps_a_pinned_meeting_with_its_table_and_interpreter(app, db):
    a = _setup(tables=2, slots=2, languages=("fr", "vi"))
    operations.add_interpreter(a.event, "Lan", None, "fr-vi", [], actor="test")
    second = operations.add_interpreter(a.event, "Minh", None, "fr-vi", [], actor="test")
    meeting = _meeting(a, a.anne, a.binh)
    other = _meeting(a, a.chi, a.dung)
    table_2 = db.session.scalars(sa.select(MeetingTable).where(MeetingTable.event_id == a.event.id,
                                                               MeetingTable.number == 2)).one()
    operations.pin(meeting, START + timedelta(minutes=30), table_2, second, actor="test")
    report = schedule_event(a.event, publish=True, actor="test")
    db.session.commit()
    assert (meeting.starts_at, meeting.table_id, meeting.interpreter_id) == (START + timedelta(minutes=30),
                                                                              table_2.id, second.id)
    assert report.moved == [] and other.status == MeetingStatus.SCHEDULED
    assert other.interpreter_id is None  # Huế and Đà Nẵng share Vietnamese
