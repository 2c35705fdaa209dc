"""Badge pages: organisers' bulk printing and reprints, the desk's single badge, the delegate's own.

| URL | who |
| --- | --- |
| ``/organiser/events/<slug>/badges/`` | organisers: filters, format, count, problems, reprints |
| ``/organiser/events/<slug>/badges/badges.pdf?…`` | organisers: the whole run as one PDF |
| ``/organiser/events/<slug>/badges/badges.stream?…`` | organisers: the same run, with its progress (see below) |
| ``/organiser/events/<slug>/badges/<id>/reprint`` | organisers (POST): a new badge version |
| ``/desk/<slug>/badges/<id>.pdf`` | desk, organisers and admins: one badge, printed on the spot |
| ``/registration/<token>/badge.pdf`` | the delegate's private link, once confirmed |

Progress of a large run without server-side job state: ``badges.stream`` renders the run in the
request itself and streams ``progress <done> <total>`` lines while it draws, then ``pdf <bytes>``
and the PDF; static/js/badge-run.js reads that stream, shows "200 / 600" and saves the PDF.
Without JavaScript, the same link downloads ``badges.pdf``.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.operations import record_audit
from app.auth.login import organiser_required, roles_required
from app.auth.models import Role
from app.core.urls import parse_id
from app.badges import operations
from app.badges.categories import BadgeCategory, badge_category
from app.badges.rendering import BADGE_LANGUAGES, BadgeFormat, BadgeSheet, badge_header, prepare_badges, render_badges
from app.core.db import utcnow
from app.core.i18n import current_language
from app.core.pdf import UnprintableTextError, pdf_response
from app.events.models import Event
from app.events.queries import get_event_or_404
from app.extensions import db
from app.programme.forms import EmptyForm
from app.registration.models import Registration, RegistrationStatus

admin_bp = Blueprint("badges_admin", __name__)
desk_bp = Blueprint("badges_desk", __name__)
bp = Blueprint("badges", __name__)
PROGRESS_STEP = 25  # badges between two progress lines of a stream


def _filters(event: Event, args: Mapping[str, str]) -> tuple[operations.BadgeFilters, BadgeFormat]:
    delegation = args.get("delegation", "")
    delegation_id = parse_id(delegation)
    if delegation_id is not None and operations.find_delegation(event, delegation_id) is None:
        abort(404)
    category, badge_format = args.get("category", ""), args.get("format", "")
    categories, formats = {item.value for item in BadgeCategory}, {item.value for item in BadgeFormat}
    return (operations.BadgeFilters(delegation_id, BadgeCategory(category) if category in categories else None),
            BadgeFormat(badge_format) if badge_format in formats else BadgeFormat.A6)


def _language() -> str:
    language = current_language()
    return language if language in BADGE_LANGUAGES else "fr"


def _args(filters: operations.BadgeFilters, badge_format: BadgeFormat) -> dict[str, Any]:
    """The query arguments (strings) that keep the page's filters, for url_for."""
    args = {"format": badge_format.value}
    if filters.delegation_id is not None:
        args["delegation"] = str(filters.delegation_id)
    if filters.category is not None:
        args["category"] = filters.category.value
    return args


def _event_registration_or_404(event: Event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    return registration


@admin_bp.app_template_global("badge_category")
def badge_category_of(registration: Registration) -> BadgeCategory:
    return badge_category(registration)


# --- organisers --------------------------------------------------------------------------

@admin_bp.before_request
@organiser_required
def require_organiser() -> None:
    return None


@admin_bp.get("/")
def badge_run(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    filters, badge_format = _filters(event, request.args)
    registrations = operations.badge_registrations(event, filters)
    badges, problems = prepare_badges(registrations, _language())
    return render_template("badges/admin.html", event=event, filters=filters, badge_format=badge_format,
                           args=_args(filters, badge_format), registrations=registrations, badges=badges,
                           problems=problems, delegations=operations.event_delegations(event),
                           categories=list(BadgeCategory), formats=list(BadgeFormat), form=EmptyForm())


@admin_bp.get("/badges.pdf")
def badge_run_pdf(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    filters, badge_format = _filters(event, request.args)
    badges, _problems = operations.prepare_run(event, filters, _language())
    if not badges:
        abort(404)
    body = render_badges(badges, badge_header(event, _language()), badge_format, _language())
    return pdf_response(body, operations.badge_filename(event))


@admin_bp.get("/badges.stream")
def badge_run_stream(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    filters, badge_format = _filters(event, request.args)
    language = _language()
    badges, problems = operations.prepare_run(event, filters, language)
    sheet = BadgeSheet(badge_header(event, language), badge_format, language=language)

    def generate() -> Iterator[bytes]:  # draws only: everything it needs is loaded above
        yield f"progress 0 {len(badges)}\n".encode()
        for done, badge in enumerate(badges, start=1):
            sheet.add(badge)
            if done % PROGRESS_STEP == 0 or done == len(badges):
                yield f"progress {done} {len(badges)}\n".encode()
        for problem in problems:
            yield f"skipped {problem.registration_id}\n".encode()
        body = sheet.finish()
        yield f"pdf {len(body)}\n".encode()
        yield body

    response = Response(generate(), mimetype="application/x-rencontres-badge-run")
    response.headers["X-Accel-Buffering"] = "no"  # nginx: pass the progress lines on as they come
    response.headers["Content-Disposition"] = f'inline; filename="{operations.badge_filename(event)}"'
    response.cache_control.no_store = True
    return response


@admin_bp.post("/<int(max=2147483647):registration_id>/reprint")
def reprint(slug: str, registration_id: int) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    registration = _event_registration_or_404(event, registration_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        operations.reprint_badge(registration)
    except operations.BadgeError:
        db.session.rollback()
        flash(_("Only a confirmed registration has a badge."), "error")
        return redirect(url_for(".badge_run", slug=slug), code=303)
    record_audit("badge.reprint", target=registration, details={"version": registration.badge_version})
    db.session.commit()
    flash(_("New badge for %(name)s (version %(version)s): the previous one now scans as superseded.",
            name=registration.person.name_latin, version=registration.badge_version), "success")
    return redirect(url_for(".badge_run", slug=slug, **_args(*_filters(event, request.args))), code=303)


# --- the reception desk ------------------------------------------------------------------

@desk_bp.get("/desk/<slug>/badges/<int(max=2147483647):registration_id>.pdf")
@roles_required(Role.DESK, Role.ORGANISER, Role.ADMIN)
def desk_badge(slug: str, registration_id: int) -> ResponseReturnValue:
    from app.checkin.operations import may_work_at

    event = get_event_or_404(slug)
    if not may_work_at(current_user, event):  # a desk account tied to other events
        abort(403)
    registration = _event_registration_or_404(event, registration_id)
    return _single_badge(registration, _language())


# --- the delegate ------------------------------------------------------------------------

@bp.get("/registration/<token>/badge.pdf")
def own_badge(token: str) -> ResponseReturnValue:
    from app.registration.operations import find_by_manage_token
    from app.registration.routes import MANAGE_LINK_LIFETIME

    registration = find_by_manage_token(token) if len(token) <= 64 else None
    if registration is None or utcnow() > registration.event.ends_at + MANAGE_LINK_LIFETIME:
        abort(404)
    return _single_badge(registration, registration.language if registration.language in BADGE_LANGUAGES else "fr")


def _single_badge(registration: Registration, language: str) -> ResponseReturnValue:
    if registration.status != RegistrationStatus.CONFIRMED:
        abort(404)
    try:
        body = operations.single_badge_pdf(registration, language)
    except UnprintableTextError:
        abort(503)
    return pdf_response(body, operations.badge_filename(registration.event, registration))
