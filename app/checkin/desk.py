"""The reception desk's pages (roles desk, organiser, admin), on the ``checkin_desk`` blueprint.

| URL | page |
| --- | --- |
| ``/desk/`` | the events, with links to their desk and arrivals pages |
| ``/desk/<slug>/`` | the full-screen desk: scanner input, camera, verdict, undo, search by name |
| ``/desk/<slug>/search.json?q=`` | registrations matching a name (forgotten badge) |
| ``/desk/<slug>/badges/<id>.pdf`` | one badge, printed on the spot (rendered by ``app.badges.routes``) |
| ``/desk/<slug>/arrivals`` | checked in vs expected, by day, category, country, delegation; its figures are
  fetched again every 30 s (static/js/arrivals.js), without reloading the page |
| ``/desk/<slug>/arrivals.csv`` | one line per expected person, the time and desk of each day's welcome |

The scans themselves go through the check-in API (``app.checkin.api``), with the session and CSRF header.
A desk account tied to events (``DeskAssignment``) sees and works at those events only (403 elsewhere).
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app.auth.login import roles_required
from app.auth.models import Role
from app.badges.routes import event_badge_response
from app.badges.tokens import PREFIX as BADGE_CODE_PREFIX
from app.checkin import arrivals as arrivals_queries
from app.checkin import operations
from app.checkin.api import DESK_ROLES
from app.core.countries import country_names
from app.core.i18n import current_language
from app.core.labels import label
from app.core.tabular import table_response
from app.events.models import Event
from app.events.queries import get_event_or_404
from app.registration.models import RegistrationCategory
from app.registration.overview import events_overview

bp = Blueprint("checkin_desk", __name__, url_prefix="/desk")
ARRIVALS_REFRESH_SECONDS = 30


@bp.before_request
@roles_required(*DESK_ROLES)
def require_desk():
    return None


def _event(slug: str) -> Event:
    """The event, if this account may work at it (a desk account tied to other events may not: 403)."""
    event = get_event_or_404(slug)
    if not operations.may_work_at(current_user, event):
        abort(403)
    return event


@bp.get("/")
def index() -> ResponseReturnValue:
    tied = operations.assigned_event_ids(current_user.id) if current_user.role == Role.DESK else set()
    overviews = [overview for overview in events_overview() if not tied or overview.event.id in tied]
    return render_template("checkin/index.html", overviews=overviews)


@bp.get("/<slug>/")
def desk(slug: str) -> ResponseReturnValue:
    event = _event(slug)
    day = arrivals_queries.chosen_day(event, None)
    return render_template("checkin/desk.html", event=event, day=day, statuses=operations.STATUSES,
                           code_prefix=BADGE_CODE_PREFIX + ".",
                           can_override=current_user.has_role(Role.ORGANISER, Role.ADMIN),
                           categories={category.value: str(label(category)) for category in RegistrationCategory},
                           countries=country_names(current_language()))


@bp.get("/<slug>/search.json")
def search(slug: str) -> ResponseReturnValue:
    event = _event(slug)
    day = arrivals_queries.chosen_day(event, None)
    found = operations.find_registrations(event, request.args.get("q", "")[:200], day)
    return jsonify({"results": [{
        **operations.registration_summary(item.registration),
        "status": item.registration.status.value, "status_label": str(label(item.registration.status)),
        "checked_in_at": operations.local_iso(item.checked_in_today.checked_in_at, event)
        if item.checked_in_today else None,
        "checked_in_desk": item.checked_in_today.desk if item.checked_in_today else None,
        "badge_url": f"/desk/{event.slug}/badges/{item.registration.id}.pdf",  # served by ``badge`` below
    } for item in found]})


@bp.get("/<slug>/badges/<int(max=2147483647):registration_id>.pdf")
def badge(slug: str, registration_id: int) -> ResponseReturnValue:
    """A forgotten badge, printed on the spot (desk, organisers, admins; a desk account at its events only)."""
    return event_badge_response(_event(slug), registration_id)


@bp.get("/<slug>/arrivals")
def arrivals(slug: str) -> ResponseReturnValue:
    event = _event(slug)
    day = arrivals_queries.chosen_day(event, request.args.get("day"))
    return render_template("checkin/arrivals.html", event=event, result=arrivals_queries.arrivals(event, day),
                           refresh=current_app.config.get("ARRIVALS_REFRESH_SECONDS", ARRIVALS_REFRESH_SECONDS),
                           csv_url=url_for(".arrivals_csv", slug=slug, day=day.isoformat()))


@bp.get("/<slug>/arrivals.csv")
def arrivals_csv(slug: str) -> ResponseReturnValue:
    event = _event(slug)
    result = arrivals_queries.arrivals(event, arrivals_queries.chosen_day(event, request.args.get("day")))
    return table_response(arrivals_queries.arrivals_csv(result), f"{event.slug}-arrivals.csv")
