"""The organisers' schedule page, ``/organiser/events/<slug>/meetings/schedule`` (linked from the meetings nav):
the figures of the last run (requests, scheduled, proven upper bound, moves, seconds), the meetings that could
not be placed with their reason, and two buttons: run the scheduler, or run it and publish. ``doors.pdf``,
``people.pdf``, ``interpreters.pdf``: the printed schedules (app/meetings/pdf.py)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.audit.models import AuditEntry
from app.audit.operations import current_actor
from app.auth.login import organiser_required
from app.core.extensions import db
from app.core.forms import EmptyForm
from app.core.i18n import current_language
from app.core.pdf import pdf_response
from app.events.models import Event
from app.events.queries import get_event_or_404
from app.meetings import pdf, scheduling, solver
from app.meetings.models import Meeting, MeetingStatus

bp = Blueprint("meetings_schedule", __name__)

REASONS = {
    solver.NO_PARTICIPANTS: _l("A side has no participant left (registration cancelled)."),
    solver.PARTICIPANTS_BUSY: _l("A participant is busy (own session or workshop) in every slot."),
    solver.NO_INTERPRETER: _l("The sides share no language and no interpreter covers theirs."),
    solver.NO_INTERPRETER_AVAILABLE: _l("No interpreter of their languages is available when both sides are free."),
    solver.PINNED_CONFLICT: _l("The slot where it is pinned is taken or a participant is busy then."),
    solver.MAX_MEETINGS: _l("A participant already has their maximum of meetings."),
    solver.FULL: _l("Every slot where both sides are free is full (tables, participants or interpreters)."),
    solver.NO_TABLES: _l("No table is defined."),
}


@bp.before_request
@organiser_required
def require_organiser():
    return None


def _event(slug: str) -> Event:
    event = get_event_or_404(slug)
    if not event.profile.has_meetings:
        abort(404)
    return event


@bp.get("/")
def page(slug: str) -> ResponseReturnValue:
    event = _event(slug)
    meetings = scheduling.live_meetings(event)
    last = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.event_id == event.id, AuditEntry.action == "meetings.scheduled").order_by(AuditEntry.id.desc()))
    unplaced = [(meeting, *_reason(meeting)) for meeting in meetings if meeting.status == MeetingStatus.UNSCHEDULED]
    return render_template("meetings/admin/schedule.html", event=event, form=EmptyForm(), last=last,
                           unplaced=unplaced, counts=_counts(meetings), by_id={m.id: m for m in meetings})


def _reason(meeting: Meeting) -> tuple[str, str]:
    code, _sep, detail = (meeting.unplaced_reason or "").partition(": ")
    return str(REASONS.get(code, _("Not scheduled yet."))), detail


def _counts(meetings: list[Meeting]) -> dict[str, int]:
    return {"requests": len(meetings),
            "scheduled": sum(1 for m in meetings if m.status == MeetingStatus.SCHEDULED),
            "published": sum(1 for m in meetings if m.published)}


@bp.post("/<any(run, publish):action>")
def run(slug: str, action: str) -> ResponseReturnValue:
    event = _event(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    report = scheduling.schedule_event(event, publish=action == "publish", actor=current_actor()[0])
    db.session.commit()
    flash(_("%(scheduled)s of %(requests)s meetings scheduled (at most %(bound)s possible), %(moved)s moved.",
            scheduled=report.scheduled, requests=report.requests, bound=report.upper_bound,
            moved=len(report.moved)), "success")
    return redirect(url_for(".page", slug=slug), code=303)


PDFS = {"doors": pdf.door_sheets_pdf, "people": pdf.person_lists_pdf, "interpreters": pdf.interpreter_schedules_pdf}


@bp.get("/<any(doors, people, interpreters):what>.pdf")
def download(slug: str, what: str) -> ResponseReturnValue:
    """Door sheets per table, meeting lists per person, interpreters' schedules (published meetings)."""
    event = _event(slug)
    return pdf_response(PDFS[what](event, current_language()), f"{event.slug}-meetings-{what}.pdf")
