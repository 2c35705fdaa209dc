"""The desk's meetings page, ``/desk/<slug>/meetings`` (roles desk, organiser, admin; linked from the desk's
event list): the published meetings by time and table, each with a button to mark it held (and to undo)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.operations import current_actor
from app.auth.login import roles_required
from app.checkin.api import DESK_ROLES
from app.checkin.operations import may_work_at
from app.core.extensions import db
from app.core.forms import EmptyForm
from app.core.lookups import get_in_event_or_404
from app.events.models import Event
from app.events.queries import get_event_or_404
from app.meetings import scheduling
from app.meetings.models import Meeting

bp = Blueprint("meetings_desk", __name__, url_prefix="/desk/<slug>/meetings")


@bp.before_request
@roles_required(*DESK_ROLES)
def require_desk():
    return None


def _event(slug: str) -> Event:
    event = get_event_or_404(slug)
    if not event.profile.has_meetings:
        abort(404)
    if not may_work_at(current_user, event):
        abort(403)
    return event


@bp.get("/")
def meetings(slug: str) -> ResponseReturnValue:
    event = _event(slug)
    return render_template("meetings/desk.html", event=event, meetings=scheduling.published_meetings(event),
                           form=EmptyForm())


@bp.post("/<int:meeting_id>/<any(held, not_held):action>")
def held(slug: str, meeting_id: int, action: str) -> ResponseReturnValue:
    event = _event(slug)
    meeting = get_in_event_or_404(Meeting, meeting_id, event)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        scheduling.mark_held(meeting, action == "held", actor=current_actor()[0])
    except ValueError:
        db.session.rollback()
        flash(_("Only a published meeting can be marked held."), "error")
    else:
        db.session.commit()
    return redirect(url_for(".meetings", slug=slug, _anchor=f"meeting-{meeting_id}"), code=303)
