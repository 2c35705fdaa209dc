"""Visa invitation letters: the delegate's pages and the organisers' pages.

| URL | page |
| --- | --- |
| ``/registration/<token>/letter`` | the request form (GET/POST), from the self-service page |
| ``/registration/<token>/letter.pdf`` | the approved letter (404 until approved) |
| ``/organiser/events/<slug>/letters/`` | organisers: the requests, Approve / Refuse |
| ``/organiser/events/<slug>/letters/<id>/approve`` · ``…/refuse`` | organisers (POST) |
| ``/organiser/events/<slug>/letters/<id>.pdf`` | organisers: an approved letter |
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from app.auth.login import organiser_required
from app.core.countries import country_choices
from app.core.db import utcnow
from app.core.extensions import db
from app.core.forms import EmptyForm, required
from app.core.i18n import current_language
from app.core.lookups import get_in_event_or_404
from app.core.pdf import UnprintableTextError, pdf_response
from app.events.queries import get_event_or_404
from app.people.forms import known_country
from app.registration import letters
from app.registration.links import registration_by_link_or_404
from app.registration.models import InvitationLetterStatus, Registration

bp = Blueprint("registration_letters", __name__)
admin_bp = Blueprint("letters_admin", __name__)


def _passport_number(value: str | None) -> str | None:
    return "".join((value or "").split()).upper() or None


class LetterRequestForm(FlaskForm):
    passport_number = StringField(_l("Passport number"), filters=[_passport_number], validators=[
        DataRequired(), Length(min=5, max=20),
        Regexp(r"^[A-Z0-9]+$", message=_l("Only letters A–Z and digits."))])
    passport_expires_on = DateField(_l("Passport valid until"), validators=[DataRequired()])
    nationality = SelectField(_l("Nationality"), validators=[known_country], validate_choice=False)
    date_of_birth = DateField(_l("Date of birth"), validators=[DataRequired()])

    def __init__(self, language: str, event_end: date, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.nationality.choices = [("", "—")] + country_choices(language)
        self.event_end = event_end

    def validate_passport_expires_on(self, field) -> None:
        if field.data and field.data < self.event_end:
            raise ValidationError(_l("The passport must be valid until the end of the event."))

    def validate_date_of_birth(self, field) -> None:
        if field.data and not date(1900, 1, 1) <= field.data < date.today():
            raise ValidationError(_l("Give a date of birth in the past."))

    def request_data(self) -> letters.LetterRequest:
        return letters.LetterRequest(passport_number=required(self.passport_number.data),
                                     passport_expires_on=required(self.passport_expires_on.data),
                                     nationality=self.nationality.data, date_of_birth=required(self.date_of_birth.data))


@bp.app_template_global("invitation_letter_offered")
def invitation_letter_offered(registration: Registration) -> bool:
    return letters.letter_offered(registration) or registration.invitation_letter != InvitationLetterStatus.NONE


@bp.app_template_global("letter_status_label")
def letter_status_label(status: InvitationLetterStatus) -> str:
    labels = {InvitationLetterStatus.NONE: _("Not requested"), InvitationLetterStatus.REQUESTED: _("Requested"),
              InvitationLetterStatus.APPROVED: _("Approved"), InvitationLetterStatus.REFUSED: _("Refused")}
    return labels[status]


@bp.app_template_filter("masked_passport")
def masked_passport(number: str | None) -> str:
    return letters.mask_passport_number(number)


# --- the delegate -------------------------------------------------------------------

@bp.route("/registration/<token>/letter", methods=["GET", "POST"])
def request_letter(token: str) -> ResponseReturnValue:
    registration = registration_by_link_or_404(token)
    if not letters.letter_offered(registration) or letters.letter_downloadable(registration):
        abort(404)
    form = LetterRequestForm(current_language(), registration.event.ends_at.date())
    if form.validate_on_submit():
        letters.request_letter(registration, form.request_data())
        db.session.commit()
        flash(_("Your request for an invitation letter has been sent to the organisers."), "success")
        return redirect(url_for("registration.manage", token=token), code=303)
    return render_template("registration/letter_request.html", registration=registration, event=registration.event,
                           form=form), (400 if form.errors else 200)


@bp.get("/registration/<token>/letter.pdf")
def download_letter(token: str) -> ResponseReturnValue:
    registration = registration_by_link_or_404(token)
    return _letter_download(registration)


def _letter_download(registration: Registration) -> ResponseReturnValue:
    if not letters.letter_downloadable(registration):
        abort(404)
    try:
        body = letters.letter_pdf(registration)
    except UnprintableTextError:
        abort(503)
    return pdf_response(body, letters.letter_filename(registration))


# --- the organisers ---------------------------------------------------------------------

@admin_bp.before_request
@organiser_required
def require_organiser() -> None:
    return None


@admin_bp.get("/")
def letter_list(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    return render_template("registration/letter_admin.html", event=event, registrations=letters.letter_requests(event),
                           form=EmptyForm())


@admin_bp.post("/<int(max=2147483647):registration_id>/<any(approve, refuse):action>")
def decide(slug: str, registration_id: int, action: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    registration = get_in_event_or_404(Registration, registration_id, event)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        if action == "approve":
            letters.approve_letter(registration, utcnow())
        else:
            letters.refuse_letter(registration)
    except (letters.LetterError, UnprintableTextError) as error:
        db.session.rollback()
        flash(_("This letter has already been decided.") if isinstance(error, letters.LetterError)
              else _("The delegate's name has characters no installed font can print."), "error")
        return redirect(url_for(".letter_list", slug=slug), code=303)
    db.session.commit()
    flash(_("Letter approved: the delegate has been sent it by mail.") if action == "approve"
          else _("Letter refused."), "success")
    return redirect(url_for(".letter_list", slug=slug), code=303)


@admin_bp.get("/<int(max=2147483647):registration_id>.pdf")
def organiser_download(slug: str, registration_id: int) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    return _letter_download(get_in_event_or_404(Registration, registration_id, event))
