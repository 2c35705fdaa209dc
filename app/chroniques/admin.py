"""Organisers' Chroniques pages, under ``/organiser/chroniques``.

| URL | page |
| --- | --- |
| ``/`` | the series, with their figures |
| ``/access-requests`` | requests to attend from outside the member collectivités; grant / refuse (POST) |
| ``/<series_slug>/`` | a series' figures per chronicle (registered vs attended, collectivités) |
| ``/<series_slug>/recueil.pdf`` | the recueil |
| ``/chronicles/<slug>/attendance`` | who attended; manual marking; upload → preview → confirm of the participants list |
| ``/chronicles/<slug>/summary`` | the organisers' summary printed in the recueil |
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy.orm import joinedload
from wtforms.validators import Length, Optional

from app.auth.login import organiser_required
from app.chroniques import access, attendance, attendance_import
from app.chroniques.models import AccessRequest
from app.chroniques.operations import save_summary
from app.chroniques.queries import chronicles_of_series
from app.chroniques.recueil import recueil_pdf
from app.core.extensions import db
from app.core.forms import EmptyForm, TextAreaField, add_error, fill_form
from app.core.i18n import current_language
from app.core.lookups import get_in_event_or_404
from app.core.pdf import FontsMissingError, UnprintableTextError, pdf_response
from app.core.signed_import import PayloadForm, upload_bytes
from app.core.tabular import SpreadsheetError
from app.events.kinds import kinds_with
from app.events.models import EventSeries
from app.events.queries import find_series, get_event_or_404
from app.people.models import Person
from app.registration.models import ACTIVE_STATUSES, Registration

bp = Blueprint("chroniques_admin", __name__)


class AttendanceUploadForm(FlaskForm):
    file = FileField(_l("Participants list (CSV)"), validators=[FileRequired()])


class SummaryForm(FlaskForm):
    summary_fr = TextAreaField(_l("Summary (French)"), validators=[Optional(), Length(max=20000)])
    summary_en = TextAreaField(_l("Summary (English)"), validators=[Optional(), Length(max=20000)])


@bp.before_request
@organiser_required
def require_organiser():
    return None


def _series_or_404(series_slug: str) -> EventSeries:
    series = find_series(series_slug)
    if series is None or not series.profile.has_recueil:
        abort(404)
    return series


@bp.route("/")
def index():
    series = list(db.session.scalars(sa.select(EventSeries).where(EventSeries.kind.in_(kinds_with("has_recueil")))
                                     .order_by(EventSeries.year.desc(), EventSeries.slug)))
    return render_template("chroniques/admin/index.html", figures=[attendance.series_figures(item) for item in series],
                           pending=len(access.pending_requests()))


@bp.route("/access-requests")
def access_requests():
    return render_template("chroniques/admin/access_requests.html", pending=access.pending_requests(),
                           decided=access.recent_decisions(), form=EmptyForm())


@bp.route("/access-requests/<int(max=2147483647):request_id>/<any(grant, refuse):action>", methods=["POST"])
def decide(request_id: int, action: str):
    found = db.session.get(AccessRequest, request_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        (access.grant if action == "grant" else access.refuse)(found, current_user.id)
    except access.AccessError:
        db.session.rollback()
        flash(_("This request has already been answered."), "error")
        return redirect(url_for(".access_requests"))
    db.session.commit()
    flash(_("%(name)s: access granted.", name=found.person.name) if action == "grant"
          else _("%(name)s: access refused.", name=found.person.name), "info")
    return redirect(url_for(".access_requests"))


@bp.route("/<series_slug>/")
def series(series_slug: str):
    found = _series_or_404(series_slug)
    figures = attendance.series_figures(found, chronicles_of_series(found))
    return render_template("chroniques/admin/series.html", series=found, figures=figures)


@bp.route("/<series_slug>/recueil.pdf")
def recueil(series_slug: str):
    found = _series_or_404(series_slug)
    try:
        body = recueil_pdf(found, current_language())
    except (UnprintableTextError, FontsMissingError) as error:
        flash(str(error), "error")
        return redirect(url_for(".series", series_slug=series_slug))
    return pdf_response(body, f"{found.slug}-recueil.pdf")


@bp.route("/chronicles/<slug>/attendance", methods=["GET", "POST"])
def attendance_page(slug: str):
    event = get_event_or_404(slug)
    form = AttendanceUploadForm()
    if form.validate_on_submit():
        try:
            table = attendance_import.read_participants(upload_bytes(form.file.data), event)
        except SpreadsheetError as error:
            add_error(form.file, str(error))
        else:
            plan = attendance_import.plan_attendance(event, table)
            confirm_form, _reupload = attendance_import.ATTENDANCE_IMPORT.preview_form(
                table, event.id, valid=plan.is_valid, form_class=PayloadForm)
            return render_template("chroniques/admin/attendance_preview.html", event=event, plan=plan,
                                   confirm_form=confirm_form), \
                (200 if plan.is_valid else 422)
    return _attendance_list(event, form), (422 if form.errors else 200)


@bp.route("/chronicles/<slug>/attendance/confirm", methods=["POST"])
def confirm_attendance(slug: str):
    event = get_event_or_404(slug)
    form = PayloadForm()
    if not form.validate_on_submit() or not form.payload.data:
        abort(400)
    try:
        table = attendance_import.ATTENDANCE_IMPORT.unsign(form.payload.data, event.id)
    except SpreadsheetError as error:
        flash(str(error), "error")
        return redirect(url_for(".attendance_page", slug=slug))
    count = attendance_import.import_attendance(event, table)
    db.session.commit()
    flash(_("%(count)s attendances recorded.", count=count), "info")
    return redirect(url_for(".attendance_page", slug=slug))


@bp.route("/chronicles/<slug>/attendance/<int(max=2147483647):registration_id>/<any(present, absent):action>",
          methods=["POST"])
def mark_attendance(slug: str, registration_id: int, action: str):
    event = get_event_or_404(slug)
    registration = get_in_event_or_404(Registration, registration_id, event)
    if not EmptyForm().validate_on_submit():
        abort(400)
    attendance_import.mark(registration, action == "present")
    db.session.commit()
    return redirect(url_for(".attendance_page", slug=slug) + f"#registration-{registration.id}", code=303)


@bp.route("/chronicles/<slug>/summary", methods=["GET", "POST"])
def summary(slug: str):
    event = get_event_or_404(slug)
    form = SummaryForm()
    if request.method == "GET":
        fill_form(form, event)
    if form.validate_on_submit():
        save_summary(event, form.summary_fr.data, form.summary_en.data)
        db.session.commit()
        flash(_("Summary saved."), "info")
        return redirect(url_for(".summary", slug=slug), code=303)
    return render_template("chroniques/admin/summary.html", event=event, form=form), (400 if form.errors else 200)


def _attendance_list(event, form: AttendanceUploadForm) -> str:
    registrations = list(db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event.id, Registration.status.in_(ACTIVE_STATUSES))
        .options(joinedload(Registration.person).joinedload(Person.collectivite))))
    registrations.sort(key=lambda registration: registration.person.sort_key)
    return render_template("chroniques/admin/attendance.html", event=event, registrations=registrations,
                           figures=attendance.chronicle_figures(event), upload_form=form, form=EmptyForm())
