"""Badge pages: organisers' bulk printing and reprints, the desk's single badge, the delegate's own.

| URL | who |
| --- | --- |
| ``/organiser/events/<slug>/badges/`` | organisers: filters, format, count, problems, reprints |
| ``/organiser/events/<slug>/badges/badges.pdf?…`` | organisers: the whole run as one PDF |
| ``/organiser/events/<slug>/badges/badges.stream?…`` | organisers: the same run, with its progress (see below) |
| ``/organiser/events/<slug>/badges/calibration.pdf?…`` | organisers: the layout's printer calibration page |
| ``/organiser/events/<slug>/badges/<id>/reprint`` | organisers (POST): a new badge version |
| ``/desk/<slug>/badges/<id>.pdf`` | desk, organisers and admins: one badge, printed on the spot (the route is the
  check-in desk's, ``app.checkin.desk.badge``, which renders it with ``event_badge_response``) |
| ``/registration/<token>/badge.pdf`` | the delegate's private link, once confirmed |

Progress of a large run without server-side job state: ``badges.stream`` renders the run in the
request itself and streams ``progress <done> <total>`` lines while it draws, then ``file <bytes>``
and the PDF; static/js/streamed-run.js reads that stream, shows "200 / 600" and saves the PDF.
Without JavaScript, the same link downloads ``badges.pdf``.

The layout is chosen in the same GET form: ``format`` (a6, a4x4, a7, cr80, labels), for labels ``cols``, ``rows``,
``label_w``, ``label_h``, ``page_w``, ``page_h``, ``left``, ``top``, ``pitch_x``, ``pitch_y`` (mm), and the
printer's ``offset_x``/``offset_y`` (mm). A sheet that cannot be printed is refused with the reason (the page
says it; the PDF links answer 400).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.auth.login import organiser_required
from app.badges import operations
from app.badges.categories import BadgeCategory, badge_category
from app.badges.layouts import LabelSheet, LayoutError, checked_offset, parse_labels
from app.badges.rendering import (
    BADGE_LANGUAGES,
    BadgeFormat,
    BadgeSheet,
    badge_header,
    prepare_badges,
    render_badges,
    render_calibration,
)
from app.core.extensions import db
from app.core.forms import EmptyForm
from app.core.i18n import current_language
from app.core.lookups import get_in_event_or_404
from app.core.pdf import UnprintableTextError, pdf_response
from app.core.urls import parse_id
from app.events.models import Event
from app.events.queries import get_event_or_404
from app.registration.models import Registration, RegistrationStatus

admin_bp = Blueprint("badges_admin", __name__)
bp = Blueprint("badges", __name__)
PROGRESS_STEP = 25  # badges between two progress lines of a stream


LABEL_FIELDS = {"cols": "cols", "rows": "rows", "label_w": "w", "label_h": "h", "left": "left", "top": "top",
                "pitch_x": "pitch_x", "pitch_y": "pitch_y"}
DEFAULT_LABELS = {"cols": "2", "rows": "5", "label_w": "90", "label_h": "54", "page_w": "210", "page_h": "297"}


@dataclass
class PrintSettings:
    """The layout asked for by the form: format, label sheet, printer offset; ``error`` if it cannot print."""

    format: BadgeFormat = BadgeFormat.A6
    labels: LabelSheet | None = None
    offset: tuple[float, float] = (0.0, 0.0)
    error: str | None = None
    values: dict[str, str] = field(default_factory=dict)  # the form's fields as typed (defaults filled in)

    @property
    def args(self) -> dict[str, str]:
        """The query arguments that ask for this layout again."""
        args = {"format": self.format.value}
        if self.format == BadgeFormat.LABELS:
            args |= {key: value for key, value in self.values.items() if key in LABEL_FIELDS or key in DEFAULT_LABELS}
        args |= {key: self.values[key] for key in ("offset_x", "offset_y") if self.values.get(key) not in (None, "", "0")}
        return {key: value for key, value in args.items() if value != ""}


def _print_settings(args: Mapping[str, str]) -> PrintSettings:
    badge_format = args.get("format", "")
    formats = {item.value for item in BadgeFormat}
    values = {key: (args.get(key) or "").strip()[:20] for key in (*LABEL_FIELDS, "page_w", "page_h", "offset_x", "offset_y")}
    values = {key: value or DEFAULT_LABELS.get(key, "") for key, value in values.items()}
    settings = PrintSettings(BadgeFormat(badge_format) if badge_format in formats else BadgeFormat.A6, values=values)
    try:
        settings.offset = (checked_offset(_millimetres(values["offset_x"], "x"), "x"),
                           checked_offset(_millimetres(values["offset_y"], "y"), "y"))
        if settings.format == BadgeFormat.LABELS:
            spec = [f"{name}={values[key]}" for key, name in LABEL_FIELDS.items() if values[key]]
            settings.labels = parse_labels(",".join([*spec, f"page={values['page_w']}x{values['page_h']}"]))
    except LayoutError as error:
        settings.error = str(error)
    return settings


def _millimetres(text: str, axis: str) -> float:
    try:
        return float(text.replace(",", ".")) if text else 0.0
    except ValueError:
        raise LayoutError(_("The printer offset %(axis)s must be a number of mm.", axis=axis)) from None


def _filters(event: Event, args: Mapping[str, str]) -> tuple[operations.BadgeFilters, PrintSettings]:
    delegation = args.get("delegation", "")
    delegation_id = parse_id(delegation)
    if delegation_id is not None and operations.find_delegation(event, delegation_id) is None:
        abort(404)
    category = args.get("category", "")
    categories = {item.value for item in BadgeCategory}
    return (operations.BadgeFilters(delegation_id, BadgeCategory(category) if category in categories else None),
            _print_settings(args))


def _printable(settings: PrintSettings) -> PrintSettings:
    if settings.error:
        abort(Response(settings.error, status=400, mimetype="text/plain"))
    return settings


def _language() -> str:
    language = current_language()
    return language if language in BADGE_LANGUAGES else "fr"


def _args(filters: operations.BadgeFilters, settings: PrintSettings) -> dict[str, Any]:
    """The query arguments (strings) that keep the page's filters, for url_for."""
    args: dict[str, Any] = dict(settings.args)
    if filters.delegation_id is not None:
        args["delegation"] = str(filters.delegation_id)
    if filters.category is not None:
        args["category"] = filters.category.value
    return args


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
    filters, settings = _filters(event, request.args)
    registrations = operations.badge_registrations(event, filters)
    badges, problems = prepare_badges(registrations, _language())
    return render_template("badges/admin.html", event=event, filters=filters, badge_format=settings.format,
                           settings=settings, args=_args(filters, settings), registrations=registrations, badges=badges,
                           problems=problems, delegations=operations.event_delegations(event),
                           categories=list(BadgeCategory), formats=list(BadgeFormat), form=EmptyForm())


@admin_bp.get("/badges.pdf")
def badge_run_pdf(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    filters, settings = _filters(event, request.args)
    settings = _printable(settings)
    badges, _problems = operations.prepare_run(event, filters, _language())
    if not badges:
        abort(404)
    body = render_badges(badges, badge_header(event, _language()), settings.format, _language(),
                         labels=settings.labels, offset=settings.offset)
    return pdf_response(body, operations.badge_filename(event))


@admin_bp.get("/calibration.pdf")
def calibration_pdf(slug: str) -> ResponseReturnValue:
    """The layout's calibration page: outlines, crosshairs and millimetre rulers, with the offset in use."""
    event = get_event_or_404(slug)
    settings = _printable(_print_settings(request.args))
    body = render_calibration(badge_header(event, _language()), settings.format, labels=settings.labels,
                              offset=settings.offset, language=_language())
    return pdf_response(body, f"{event.slug}-calibration-{settings.format.value}.pdf")


@admin_bp.get("/badges.stream")
def badge_run_stream(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    filters, settings = _filters(event, request.args)
    settings = _printable(settings)
    language = _language()
    badges, problems = operations.prepare_run(event, filters, language)
    sheet = BadgeSheet(badge_header(event, language), settings.format, language=language, labels=settings.labels,
                       offset=settings.offset)

    def generate() -> Iterator[bytes]:  # draws only: everything it needs is loaded above
        yield f"progress 0 {len(badges)}\n".encode()
        for done, badge in enumerate(badges, start=1):
            sheet.add(badge)
            if done % PROGRESS_STEP == 0 or done == len(badges):
                yield f"progress {done} {len(badges)}\n".encode()
        for problem in problems:
            yield f"skipped {problem.registration_id}\n".encode()
        body = sheet.finish()
        yield f"file {len(body)}\n".encode()
        yield body

    response = Response(generate(), mimetype="application/x-rencontres-badge-run")
    response.headers["X-Accel-Buffering"] = "no"  # nginx: pass the progress lines on as they come
    response.headers["Content-Disposition"] = f'inline; filename="{operations.badge_filename(event)}"'
    response.cache_control.no_store = True
    return response


@admin_bp.post("/<int(max=2147483647):registration_id>/reprint")
def reprint(slug: str, registration_id: int) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    registration = get_in_event_or_404(Registration, registration_id, event)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        operations.reprint_badge(registration)
    except operations.BadgeError:
        db.session.rollback()
        flash(_("Only a confirmed registration has a badge."), "error")
        return redirect(url_for(".badge_run", slug=slug), code=303)
    db.session.commit()
    flash(_("New badge for %(name)s (version %(version)s): the previous one now scans as superseded.",
            name=registration.person.name_latin, version=registration.badge_version), "success")
    return redirect(url_for(".badge_run", slug=slug, **_args(*_filters(event, request.args))), code=303)


# --- the reception desk ------------------------------------------------------------------

def event_badge_response(event: Event, registration_id: int) -> ResponseReturnValue:
    """One badge of the event, in the page's language (404 for a registration of another event or unconfirmed);
    the desk's route (``app.checkin.desk.badge``) checks who may ask."""
    registration = get_in_event_or_404(Registration, registration_id, event)
    return _single_badge(registration, _language())


# --- the delegate ------------------------------------------------------------------------

@bp.get("/registration/<token>/badge.pdf")
def own_badge(token: str) -> ResponseReturnValue:
    from app.registration.links import registration_by_link_or_404

    registration = registration_by_link_or_404(token)
    return _single_badge(registration, registration.language if registration.language in BADGE_LANGUAGES else "fr")


def _single_badge(registration: Registration, language: str) -> ResponseReturnValue:
    if registration.status != RegistrationStatus.CONFIRMED:
        abort(404)
    try:
        body = operations.single_badge_pdf(registration, language)
    except UnprintableTextError:
        abort(503)
    return pdf_response(body, operations.badge_filename(registration.event, registration))
