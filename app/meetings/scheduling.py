"""Scheduling an event's meetings: read the models, run the solver (``app.meetings.solver``), write the meetings.

``schedule_event(event, publish=…, actor=…)`` gives every accepted meeting a slot, a table and, when the two
sides share no language (their collectivités' cooperation profiles), an interpreter; keeps pinned meetings and
published ones where they are unless impossible; reports every move; with ``publish`` shows the placed
meetings to both sides. The people of a published meeting that moved, was dropped or was just published get a
mail (outbox) in their language; a moved published meeting's calendar ``sequence`` is bumped. One audit line.

A person is busy in a slot that overlaps their own sessions (speaker or moderator, not cancelled) and the
sessions they chose (confirmed choice). A meeting whose side's registration is no longer active cannot be
placed ("no participant left").
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.audit.operations import record_audit
from app.core.dates import format_local_datetime
from app.core.db import utcnow
from app.core.extensions import db
from app.core.i18n import localized
from app.core.tabular import write_csv
from app.core.urls import external_url
from app.events.models import Event
from app.mail.outbox import enqueue
from app.meetings import solver
from app.meetings.mails import who
from app.meetings.models import (
    CooperationProfile,
    Interpreter,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    MeetingTable,
    RequestStatus,
)
from app.meetings.operations import settings_for, slot_starts
from app.programme.models import Session, SessionSpeaker, SessionStatus
from app.registration.models import ACTIVE_STATUSES, ChoiceStatus, Registration, SessionChoice

TIME_LIMIT_SECONDS = 20.0


@dataclass(frozen=True)
class MovedMeeting:
    meeting_id: int
    before: tuple[datetime, int]  # (slot start, table number)
    after: tuple[datetime, int] | None  # None: could no longer be placed


@dataclass
class ScheduleReport:
    requests: int
    scheduled: int
    upper_bound: int
    moved: list[MovedMeeting]
    seconds: float
    status: str
    published: int = 0
    unplaced: dict[int, solver.Unplaced] = field(default_factory=dict)  # meeting id → why

    def as_json(self) -> dict:
        return {"requests": self.requests, "scheduled": self.scheduled, "upper_bound": self.upper_bound,
                "moved": len(self.moved), "seconds": round(self.seconds, 3)}


@dataclass
class _Context:
    """What the solver's ids mean: slot index → start, table id → table, the meetings."""

    starts: list[datetime]
    tables: dict[int, MeetingTable]
    meetings: dict[int, Meeting]


def live_meetings(event: Event) -> list[Meeting]:
    """The event's meetings to schedule: not cancelled, their request accepted."""
    return list(db.session.scalars(
        sa.select(Meeting).join(MeetingRequest, Meeting.request_id == MeetingRequest.id)
        .where(Meeting.event_id == event.id, Meeting.status != MeetingStatus.CANCELLED,
               MeetingRequest.status == RequestStatus.ACCEPTED)
        .options(selectinload(Meeting.request), selectinload(Meeting.side_a).selectinload(Registration.person),
                 selectinload(Meeting.side_b).selectinload(Registration.person))
        .order_by(Meeting.id)))


def _busy(event: Event, registrations: list[Registration], starts: list[datetime],
          length: timedelta) -> dict[int, frozenset[int]]:
    """Registration id → slot indexes overlapping their own sessions and the sessions they chose."""
    person_to_registration = {r.person_id: r.id for r in registrations}
    windows: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    live = sa.and_(Session.event_id == event.id, Session.status != SessionStatus.CANCELLED)
    for person_id, begins, ends in db.session.execute(
            sa.select(SessionSpeaker.person_id, Session.starts_at, Session.ends_at).join(Session)
            .where(live, SessionSpeaker.person_id.in_(list(person_to_registration) or [0]))):
        windows[person_to_registration[person_id]].append((begins, ends))
    for registration_id, begins, ends in db.session.execute(
            sa.select(SessionChoice.registration_id, Session.starts_at, Session.ends_at).join(Session)
            .where(live, SessionChoice.status == ChoiceStatus.CONFIRMED,
                   SessionChoice.registration_id.in_([r.id for r in registrations] or [0]))):
        windows[registration_id].append((begins, ends))
    return {registration_id: frozenset(index for index, start in enumerate(starts)
                                       for begins, ends in spans if begins < start + length and start < ends)
            for registration_id, spans in windows.items()}


def _languages(event: Event, registrations: list[Registration]) -> dict[int, frozenset[str]]:
    """Registration id → the languages of their collectivité's cooperation profile (empty: unknown)."""
    profiles = {profile.collectivite_id: frozenset(profile.language_codes) for profile in db.session.scalars(
        sa.select(CooperationProfile).where(CooperationProfile.event_id == event.id))}
    return {r.id: profiles.get(r.person.collectivite_id or 0, frozenset()) for r in registrations}


def build_instance(event: Event, meetings: list[Meeting]) -> tuple[solver.Instance, _Context]:
    settings = settings_for(event)
    length = timedelta(minutes=settings.slot_minutes)
    starts = slot_starts(event)
    index_of = {start: index for index, start in enumerate(starts)}
    tables = list(db.session.scalars(sa.select(MeetingTable).where(
        MeetingTable.event_id == event.id, MeetingTable.active.is_(True)).order_by(MeetingTable.number)))
    interpreters = list(db.session.scalars(sa.select(Interpreter).where(
        Interpreter.event_id == event.id, Interpreter.active.is_(True))
        .options(selectinload(Interpreter.availability)).order_by(Interpreter.id)))
    registrations = list({r.id: r for m in meetings for r in (m.side_a, m.side_b)}.values())
    busy = _busy(event, registrations, starts, length)
    languages = _languages(event, registrations)

    def available(interpreter: Interpreter) -> frozenset[int] | None:
        if not interpreter.availability:
            return None
        return frozenset(index for index, start in enumerate(starts) if any(
            window.starts_at <= start and start + length <= window.ends_at for window in interpreter.availability))

    def side(registration: Registration) -> tuple[int, ...]:
        return (registration.id,) if registration.status in ACTIVE_STATUSES else ()

    requests, published = [], {}
    for meeting in meetings:
        placed = meeting.status == MeetingStatus.SCHEDULED and meeting.starts_at is not None
        slot = index_of.get(meeting.starts_at, -1) if placed and meeting.starts_at else -1
        kind = (solver.PROTOCOL if meeting.request.protocol else solver.MUTUAL if meeting.request.mutual
                else solver.REQUEST)
        requests.append(solver.Request(
            meeting.id, side(meeting.side_a), side(meeting.side_b), languages[meeting.side_a_registration_id],
            languages[meeting.side_b_registration_id], kind,
            slot if meeting.pinned else None, meeting.table_id if meeting.pinned else None,
            meeting.interpreter_id if meeting.pinned else None))
        if placed and meeting.published and meeting.table_id is not None:
            published[meeting.id] = solver.Placement(slot, meeting.table_id, meeting.interpreter_id)
    instance = solver.Instance(
        tuple(requests), len(starts), tuple(solver.Table(t.id, str(t.number), t.room) for t in tables),
        tuple(solver.Interpreter(i.id, frozenset(i.pairs), available(i)) for i in interpreters),
        busy, settings.max_meetings_per_person, {}, published)
    return instance, _Context(starts, {t.id: t for t in tables}, {m.id: m for m in meetings})


def schedule_event(event: Event, *, publish: bool, actor: str, time_limit: float = TIME_LIMIT_SECONDS,
                   notify: bool = True) -> ScheduleReport:
    """Schedule (and with ``publish``, publish) the event's meetings; flushes, the caller commits. ``notify``:
    mail the people of published, moved and dropped meetings (off for the demo data only).

    Two runs for one event (two organisers, cron on two hosts) take turns: the event's row is locked
    (``SELECT … FOR UPDATE``; the settings row may not exist) until the caller commits; the second then schedules
    from the first's result."""
    db.session.execute(sa.select(Event.id).where(Event.id == event.id).with_for_update())
    meetings = live_meetings(event)
    instance, context = build_instance(event, meetings)
    result = solver.solve(instance, time_limit=time_limit)
    table_numbers = {t.id: t.number for t in context.tables.values()}
    before = {m.id: (m.starts_at, m.table_id, m.interpreter_id, m.status) for m in meetings}
    published_before = {m.id for m in meetings if m.published}
    changed = [m for m in meetings if _target(m, result, context) != before[m.id]]
    # Two steps, so that no unique index (a table or an interpreter once per slot) sees a half-done swap.
    for meeting in changed:
        meeting.status = MeetingStatus.UNSCHEDULED
        meeting.published = False
    db.session.flush()
    mails: list[tuple[Meeting, str]] = []
    for meeting in meetings:
        starts_at, table_id, interpreter_id, status = _target(meeting, result, context)
        meeting.starts_at, meeting.table_id, meeting.interpreter_id, meeting.status = (
            starts_at, table_id, interpreter_id, status)
        reason = result.unplaced.get(meeting.id)
        meeting.unplaced_reason = f"{reason.reason}: {reason.detail}"[:300] if reason else None
        was_published = meeting.id in published_before
        if status == MeetingStatus.SCHEDULED and (was_published or publish):
            meeting.published = True
            if not was_published:
                meeting.published_at = utcnow()
                mails.append((meeting, "published"))
        if was_published and (before[meeting.id][0], before[meeting.id][1]) != (starts_at, table_id):
            meeting.sequence += 1
            mails.append((meeting, "moved" if status == MeetingStatus.SCHEDULED else "unplaced"))
        elif was_published and before[meeting.id][2] != interpreter_id:
            meeting.sequence += 1
    db.session.flush()
    moved = [MovedMeeting(move.request,
                          (context.starts[move.before.slot] if move.before.slot >= 0 else
                           before[move.request][0] or datetime.min, table_numbers.get(move.before.table, 0)),
                          (context.starts[move.after.slot], table_numbers[move.after.table]) if move.after else None)
             for move in result.moves]
    for meeting, kind in mails if notify else []:
        queue_schedule_mail(meeting, kind)
    report = ScheduleReport(len(meetings), result.scheduled, result.upper_bound, moved, result.seconds,
                            result.status, sum(1 for m in meetings if m.published), result.unplaced)
    record_audit("meetings.scheduled", target=event, event_id=event.id, actor=actor, details={
        **report.as_json(), "published": report.published, "publish": publish, "solver": result.status,
        "moves": [{"meeting": m.meeting_id, "from": [m.before[0].isoformat(), m.before[1]],
                   "to": [m.after[0].isoformat(), m.after[1]] if m.after else None} for m in moved][:100]})
    return report


def _target(meeting: Meeting, result: solver.Schedule,
            context: _Context) -> tuple[datetime | None, int | None, int | None, MeetingStatus]:
    placement = result.placements.get(meeting.id)
    if placement is None:
        return None, None, None, MeetingStatus.UNSCHEDULED
    return context.starts[placement.slot], placement.table, placement.interpreter, MeetingStatus.SCHEDULED


# --- mails ------------------------------------------------------------------------------------------------------

def queue_schedule_mail(meeting: Meeting, kind: str) -> None:
    """``published``: the time and table; ``moved``: the new time and table; ``unplaced``: it could no longer be
    placed (the organisers will come back to them). To both sides, in their language, with their private link."""
    for registration in (meeting.side_a, meeting.side_b):
        if registration.person.email and registration.status in ACTIVE_STATUSES:
            _queue(meeting, registration, kind)


def _queue(meeting: Meeting, registration: Registration, kind: str) -> None:
    language = registration.language or "fr"
    other = meeting.side_b if registration.id == meeting.side_a_registration_id else meeting.side_a
    event = meeting.event
    with force_locale(language):
        event_title = localized(event, "title", language)
        lines = []
        if kind == "unplaced":
            subject = _("Meeting with %(who)s: no longer scheduled", who=who(other))
            lines.append(_("Your meeting with %(who)s at %(event)s could no longer be kept at its time; the "
                           "organisers will come back to you.", who=who(other), event=event_title))
        else:
            assert meeting.starts_at is not None and meeting.table is not None
            when = format_local_datetime(meeting.starts_at, event.timezone, "full", zone=True)
            place = _("table %(number)s", number=meeting.table.number)
            if meeting.table.room:
                place = f"{place}, {meeting.table.room}"
            if kind == "moved":
                subject = _("Meeting with %(who)s moved: %(when)s", who=who(other), when=when)
                lines.append(_("Your meeting with %(who)s at %(event)s has moved.", who=who(other),
                               event=event_title))
            else:
                subject = _("Meeting with %(who)s: %(when)s", who=who(other), when=when)
                lines.append(_("Your meeting with %(who)s at %(event)s is scheduled.", who=who(other),
                               event=event_title))
            lines += ["", _("When: %(when)s", when=when), _("Where: %(place)s", place=place)]
            if meeting.interpreter is not None:
                lines.append(_("Interpreter: %(name)s", name=meeting.interpreter.name))
        lines += ["", _("Your requests and meetings are on your private page:"),
                  external_url("registration.manage", token=registration.manage_token, lang=language)]
    enqueue(registration.person.email or "", subject, "\n".join(lines), language=language)


# --- export -----------------------------------------------------------------------------------------------------

EXPORT_COLUMNS = ("starts_at", "table", "room", "side_a_email", "side_b_email", "interpreter_email", "status")


def export_rows(event: Event) -> list[dict[str, str]]:
    """One row per scheduled meeting, in time then table order; ``status``: published, held or scheduled."""
    rows = []
    meetings = db.session.scalars(
        sa.select(Meeting).join(MeetingTable, Meeting.table_id == MeetingTable.id)
        .where(Meeting.event_id == event.id, Meeting.status == MeetingStatus.SCHEDULED)
        .options(selectinload(Meeting.side_a).selectinload(Registration.person),
                 selectinload(Meeting.side_b).selectinload(Registration.person),
                 selectinload(Meeting.table), selectinload(Meeting.interpreter))
        .order_by(Meeting.starts_at, MeetingTable.number))
    for meeting in meetings:
        assert meeting.starts_at is not None and meeting.table is not None
        rows.append({
            "starts_at": meeting.starts_at.isoformat(), "table": str(meeting.table.number), "room": meeting.table.room,
            "side_a_email": meeting.side_a.person.email or "", "side_b_email": meeting.side_b.person.email or "",
            "interpreter_email": (meeting.interpreter.email or "") if meeting.interpreter else "",
            "status": "held" if meeting.held else "published" if meeting.published else "scheduled"})
    return rows


def export_csv(event: Event) -> bytes:
    return write_csv(EXPORT_COLUMNS, export_rows(event))


# --- the desk: held ---------------------------------------------------------------------------------------------

def mark_held(meeting: Meeting, held: bool, *, actor: str) -> Meeting:
    """The desk saw the meeting take place (or undoes it). Only a published, scheduled meeting can be held."""
    if held and (meeting.status != MeetingStatus.SCHEDULED or not meeting.published):
        raise ValueError("not_published")
    if held != meeting.held:
        meeting.held_at = utcnow() if held else None
        db.session.flush()
        record_audit("meetings.held" if held else "meetings.not_held", target=meeting, actor=actor)
    return meeting


def published_meetings(event: Event) -> list[Meeting]:
    """The event's published meetings in time, then table order (desk list, PDFs, interpreters' schedules)."""
    return list(db.session.scalars(
        sa.select(Meeting).join(MeetingTable, Meeting.table_id == MeetingTable.id)
        .where(Meeting.event_id == event.id, Meeting.status == MeetingStatus.SCHEDULED,
               Meeting.published.is_(True))
        .options(selectinload(Meeting.side_a).selectinload(Registration.person),
                 selectinload(Meeting.side_b).selectinload(Registration.person),
                 selectinload(Meeting.table), selectinload(Meeting.interpreter))
        .order_by(Meeting.starts_at, MeetingTable.number)))
