"""Participants' meeting pages, reached from their private page (the private link is the only proof of identity).

| URL | page |
| --- | --- |
| ``/registration/<token>/meetings/profile/<collectivite_id>`` | a collectivité's cooperation profile (GET/POST) |
| ``/registration/<token>/meetings/directory`` | the profiles one may meet, filters, suggestions |
| ``/registration/<token>/meetings/ask/collectivite/<id>`` | ask to meet a collectivité (GET/POST) |
| ``/registration/<token>/meetings/ask/person/<registration_id>`` | ask to meet a person (GET/POST) |
| ``/registration/<token>/meetings/requests/<id>/<answer>`` | accept, decline or cancel (POST) |
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.core.extensions import db
from app.core.forms import add_error
from app.core.i18n import current_language
from app.meetings import access, operations, queries
from app.meetings.forms import AnswerForm, AskForm, ProfileForm
from app.meetings.messages import message
from app.meetings.models import MeetingRequest
from app.meetings.operations import MeetingError, ProfileData
from app.people.models import Collectivite, CollectiviteType
from app.registration.links import registration_by_link_or_404
from app.registration.models import ACTIVE_STATUSES, Registration

bp = Blueprint("meetings", __name__)


def _registrant_or_404(token: str) -> Registration:
    registration = registration_by_link_or_404(token)
    if registration.status not in ACTIVE_STATUSES or not registration.event.profile.has_meetings:
        abort(404)
    return registration


def _back(registration: Registration) -> ResponseReturnValue:
    return redirect(url_for("registration.manage", token=registration.manage_token) + "#meetings", code=303)


@bp.route("/registration/<token>/meetings/profile/<int:collectivite_id>", methods=["GET", "POST"])
def profile(token: str, collectivite_id: int) -> ResponseReturnValue:
    registration = _registrant_or_404(token)
    collectivite = next((item for item in access.collectivites_of(registration) if item.id == collectivite_id), None)
    if collectivite is None:
        abort(404)
    existing = operations.profile_of(registration.event, collectivite)
    form = ProfileForm(data=_profile_data(existing)) if request.method == "GET" else ProfileForm()
    form.themes.choices = [(theme.id, theme.name(current_language()))
                           for theme in queries.themes_of(registration.event)]
    if form.validate_on_submit():
        data = ProfileData(theme_ids=form.themes.data or [], existing_partners=form.existing_partners.data or "",
                           looking_for=form.looking_for.data or "", languages=form.languages.data or "")
        try:
            operations.save_profile(registration, collectivite, data, actor="delegate")
        except MeetingError as error:
            db.session.rollback()
            add_error(form.languages if error.code == "language_code" else form.themes, message(error.code))
        else:
            db.session.commit()
            flash(_("The cooperation profile of %(name)s is saved.", name=collectivite.name), "success")
            return _back(registration)
    return render_template("meetings/profile.html", registration=registration, event=registration.event,
                           collectivite=collectivite, form=form), (400 if form.errors else 200)


def _profile_data(existing) -> dict:
    if existing is None:
        return {}
    return {"themes": [theme.id for theme in existing.themes], "existing_partners": existing.existing_partners,
            "looking_for": existing.looking_for, "languages": existing.languages}


@bp.get("/registration/<token>/meetings/directory")
def directory(token: str) -> ResponseReturnValue:
    registration = _registrant_or_404(token)
    filters = _filters()
    entries = queries.directory(registration, filters)
    suggested = queries.suggestions(queries.directory(registration)) if filters != queries.DirectoryFilters() \
        else queries.suggestions(entries)
    countries = sorted({entry.collectivite.country for entry in queries.directory(registration)})
    return render_template("meetings/directory.html", registration=registration, event=registration.event,
                           entries=entries, suggested=suggested, filters=filters, countries=countries,
                           themes=queries.themes_of(registration.event), types=list(CollectiviteType),
                           has_profile=bool(queries.my_profiles(registration)))


def _filters() -> queries.DirectoryFilters:
    country = (request.args.get("country") or "").strip().upper()[:2] or None
    theme = request.args.get("theme", "")
    kind = request.args.get("type", "")
    return queries.DirectoryFilters(
        country=country if country and country.isascii() and country.isalpha() else None,
        theme_id=int(theme) if theme.isascii() and theme.isdigit() and len(theme) < 10 else None,
        type=CollectiviteType(kind) if kind in {item.value for item in CollectiviteType} else None)


@bp.route("/registration/<token>/meetings/ask/collectivite/<int:collectivite_id>", methods=["GET", "POST"])
def ask_collectivite(token: str, collectivite_id: int) -> ResponseReturnValue:
    registration = _registrant_or_404(token)
    collectivite = db.session.get(Collectivite, collectivite_id)
    if collectivite is None or operations.profile_of(registration.event, collectivite) is None:
        abort(404)
    return _ask(registration, collectivite, None)


@bp.route("/registration/<token>/meetings/ask/person/<int:registration_id>", methods=["GET", "POST"])
def ask_person(token: str, registration_id: int) -> ResponseReturnValue:
    registration = _registrant_or_404(token)
    other = db.session.get(Registration, registration_id)
    if other is None or other.event_id != registration.event_id or other.status not in ACTIVE_STATUSES:
        abort(404)
    return _ask(registration, None, other)


def _ask(registration: Registration, to_collectivite: Collectivite | None,
         to_registration: Registration | None) -> ResponseReturnValue:
    form = AskForm()
    represented = access.represented(registration)
    form.on_behalf_of.choices = [(item.id, item.person.name) for item in represented]
    if request.method == "GET":
        form.on_behalf_of.data = registration.id
    if form.validate_on_submit():
        on_behalf_of = next(item for item in represented if item.id == form.on_behalf_of.data)
        try:
            operations.ask(registration, on_behalf_of, to_collectivite=to_collectivite,
                           to_registration=to_registration, message=form.message.data or "", actor="delegate")
        except MeetingError as error:
            db.session.rollback()
            add_error(form.message, message(error.code))
        else:
            db.session.commit()
            flash(_("Your request is sent."), "success")
            return _back(registration)
    return render_template("meetings/ask.html", registration=registration, event=registration.event, form=form,
                           to_collectivite=to_collectivite, to_registration=to_registration), \
        (400 if form.errors else 200)


@bp.post("/registration/<token>/meetings/requests/<int:request_id>/<any(accept, decline, cancel):answer>")
def answer(token: str, request_id: int, answer: str) -> ResponseReturnValue:
    registration = _registrant_or_404(token)
    meeting_request = db.session.get(MeetingRequest, request_id)
    if meeting_request is None or meeting_request.event_id != registration.event_id:
        abort(404)
    form = AnswerForm()
    if not form.validate_on_submit():
        flash(_("The form has expired: please try again."), "error")
        return _back(registration)
    try:
        if answer == "accept":
            attendee = next((item for item in access.represented(registration) if item.id == form.attendee.data),
                            None)
            operations.accept(meeting_request, by=registration, attendee=attendee, actor="delegate")
        elif answer == "decline":
            operations.decline(meeting_request, by=registration, reason=form.reason.data or "", actor="delegate")
        else:
            operations.cancel(meeting_request, by=registration, reason=form.reason.data or "", actor="delegate")
    except MeetingError as error:
        db.session.rollback()
        flash(message(error.code), "error")
        return _back(registration)
    db.session.commit()
    flash({"accept": _("The meeting is accepted."), "decline": _("The request is declined."),
           "cancel": _("The request is cancelled.")}[answer], "success")
    return _back(registration)
