"""Public registration pages.

| URL | page |
| --- | --- |
| ``/<kind>/<slug>/register`` | the form (GET/POST); a "registration is closed" page when it is |
| ``/registration/<token>`` | the self-service page (status, agenda links, change choices, cancel); the link comes
  only by mail, and its first opening confirms the form's claim (``app.registration.claims``) |
| ``/registration/<token>/thanks`` | the confirmation page shown once the claim is confirmed |
| ``/registration/<token>/details`` | correct one's names, function, language and needs |
| ``/<kind>/<slug>/my-link`` | "send me my link again" (GET/POST): mailed to the address on record, same answer for any address |
| ``/privacy`` | the privacy notice |
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.core.extensions import db
from app.core.forms import EmptyForm
from app.core.i18n import current_language
from app.core.text import clean_text
from app.events.queries import get_public_event_or_404
from app.events.urls import KIND_URL_PART, KINDS_BY_URL
from app.people.models import Collectivite
from app.registration import choices, claims, invitations, mails, operations, private_page
from app.registration.admin_operations import cancel_registration
from app.registration.forms import ChoicesForm, DetailsForm, LostLinkForm, RegistrationForm
from app.registration.links import registration_by_link_or_404
from app.registration.models import ACTIVE_STATUSES, Registration
from app.registration.submission import session_labels, submit_registration

bp = Blueprint("registration", __name__)


@bp.route(f"/{KIND_URL_PART}/<slug>/register", methods=["GET", "POST"])
def register(kind: str, slug: str) -> ResponseReturnValue:
    event = get_public_event_or_404(KINDS_BY_URL[kind], slug)
    if not event.registration_is_open:
        return render_template("registration/closed.html", event=event)
    sessions = operations.choosable_sessions(event)
    form = RegistrationForm(current_language(), _collectivites())
    form.set_sessions(sessions, session_labels(sessions))
    if request.method == "GET":
        form.language.data = current_language()
        _prefill_from_invitation(form, event)
    if form.validate_on_submit():
        outcome = submit_registration(event, form, sessions)
        if outcome.error is None:  # the same page, whether the address is new, registered or cancelled
            db.session.commit()
            return render_template("registration/check_mailbox.html", event=event)
        db.session.rollback()
        return render_template("registration/form.html", event=event, form=form, sessions=sessions,
                               error=outcome.error), 400
    return render_template("registration/form.html", event=event, form=form, sessions=sessions), \
        (400 if form.errors else 200)


def _prefill_from_invitation(form: RegistrationForm, event) -> None:
    """A personal invitation link (``?invite=``) fills in the name only, and its token goes with the form."""
    values = invitations.prefill(event, request.args.get("invite"))
    if values:
        form.invite.data = request.args.get("invite")
        for name, value in values.items():
            getattr(form, name).data = value


@bp.route(f"/{KIND_URL_PART}/<slug>/my-link", methods=["GET", "POST"])
def lost_link(kind: str, slug: str) -> ResponseReturnValue:
    """Send the private link again, to the mailbox on record; the same answer whatever the address."""
    event = get_public_event_or_404(KINDS_BY_URL[kind], slug)
    form = LostLinkForm()
    if form.validate_on_submit():
        claims.send_link_again(event, form.email.data or "")
        db.session.commit()
        return render_template("registration/lost_link.html", event=event, form=LostLinkForm(formdata=None),
                               sent=True)
    return render_template("registration/lost_link.html", event=event, form=form), (400 if form.errors else 200)


@bp.get("/registration/<token>/thanks")
def thanks(token: str) -> ResponseReturnValue:
    registration = registration_by_link_or_404(token)
    return render_template("registration/thanks.html", registration=registration, event=registration.event,
                           chosen=choices.chosen_in_order(registration), states=choices.choice_states(registration),
                           waiting_position=choices.event_waiting_position(registration))


@bp.get("/registration/<token>")
def manage(token: str) -> ResponseReturnValue:
    """The private page; opening it is the mailbox proof. A form's claim not confirmed yet is confirmed
    here (its token becomes the registration's), then the thanks page follows."""
    registration = operations.find_by_manage_token(token)
    if registration is None:
        return _claim_page(token)
    registration = registration_by_link_or_404(token)
    claims.prove_mailbox(registration)
    db.session.commit()
    return _manage_page(registration, _choices_form(registration))


def _claim_page(token: str) -> ResponseReturnValue:
    """A form's claim: what it asks and a "Confirm" button (opening the link alone, as a mail scanner
    does, confirms nothing); once confirmed, where it led."""
    claim = claims.find_claim(token)
    if claim is None:
        abort(404)
    if claim.confirmed_at is not None:
        return _confirm_claim(token)
    return render_template("registration/confirm_claim.html", event=claim.event, claim=claim,
                           what=claims.describe(claim), form=EmptyForm())


@bp.post("/registration/<token>/confirm")
def confirm_claim(token: str) -> ResponseReturnValue:
    if not EmptyForm().validate_on_submit():
        abort(400)
    if operations.find_by_manage_token(token) is not None:  # confirmed already
        return redirect(url_for(".manage", token=token), code=303)
    return _confirm_claim(token)


def _confirm_claim(token: str) -> ResponseReturnValue:
    claim = claims.find_claim(token)
    if claim is None:
        abort(404)
    outcome = claims.confirm(claim, actor="delegate")
    db.session.commit()
    if outcome.closed:
        return render_template("registration/closed.html", event=outcome.event)
    if outcome.access_request is not None:
        return render_template("chroniques/access_requested.html", event=outcome.event, request=outcome.access_request)
    if outcome.delegation is not None:
        flash(_("Your delegation is created. Keep the link from your mail: it leads to this page."), "success")
        return redirect(url_for("delegations.delegation", token=outcome.delegation.manage_token), code=303)
    if outcome.registration is None:
        abort(404)
    if outcome.registration.manage_token != token:  # registered before: their own page
        return redirect(url_for(".manage", token=outcome.registration.manage_token), code=303)
    return redirect(url_for(".thanks", token=token), code=303)


@bp.post("/registration/<token>/choices")
def change_choices(token: str) -> ResponseReturnValue:
    registration = registration_by_link_or_404(token)
    form = _choices_form(registration)
    if not form.validate_on_submit() or registration.status not in ACTIVE_STATUSES:
        return _manage_page(registration, form), 400
    chosen = [session for session in operations.choosable_sessions(registration.event)
              if session.id in set(form.sessions.data or [])]
    try:
        operations.choose_workshops(registration, chosen, actor="delegate")
    except operations.RegistrationError as error:
        db.session.rollback()
        flash(choices_error(error), "error")
        return redirect(url_for(".manage", token=token), code=303)
    db.session.commit()
    flash(_("Your workshop choices have been saved."), "success")
    return redirect(url_for(".manage", token=token), code=303)


@bp.route("/registration/<token>/details", methods=["GET", "POST"])
def edit_details(token: str) -> ResponseReturnValue:
    registration = registration_by_link_or_404(token)
    if registration.status not in ACTIVE_STATUSES:
        abort(404)
    form = DetailsForm(data=_own_details(registration)) if request.method == "GET" else DetailsForm()
    if form.validate_on_submit():
        operations.update_own_details(registration, _details_from(form, registration), actor="delegate")
        db.session.commit()
        flash(_("Your details have been saved."), "success")
        return redirect(url_for(".manage", token=token), code=303)
    return render_template("registration/details.html", registration=registration, event=registration.event,
                           form=form), (400 if form.errors else 200)


@bp.post("/registration/<token>/cancel")
def cancel(token: str) -> ResponseReturnValue:
    registration = registration_by_link_or_404(token)
    form = EmptyForm()
    if not form.validate_on_submit() or registration.status not in ACTIVE_STATUSES:
        abort(400)
    cancel_registration(registration, actor="delegate")  # the audit line keeps the workshops, for a restore
    db.session.commit()
    flash(_("Your registration has been cancelled."), "success")
    return redirect(url_for(".manage", token=token), code=303)


@bp.post("/registration/<token>/calendar-link")
def renew_calendar_link(token: str) -> ResponseReturnValue:
    registration = registration_by_link_or_404(token)
    if not EmptyForm().validate_on_submit() or registration.status not in ACTIVE_STATUSES:
        abort(400)
    operations.renew_calendar_link(registration, actor="delegate")
    db.session.commit()
    flash(_("Your calendar link has been renewed: the old one no longer works. Subscribe again with the new one."),
          "success")
    return redirect(url_for(".manage", token=token), code=303)


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    return render_template("registration/privacy.html")


def choices_error(error: operations.RegistrationError) -> str:
    """A refused set of workshops, explained: the two that clash, by title and time."""
    clash = getattr(error, "clash", None)
    if clash is not None:
        return choices.clash_message(*clash)
    return _("These workshops cannot be chosen any more: see the programme for the ones still open.")


def _own_details(registration: Registration) -> dict:
    person = registration.person
    return {"honorific": person.honorific, "given_name": person.given_name, "family_name": person.family_name,
            "given_name_latin": person.given_name_latin, "family_name_latin": person.family_name_latin,
            "function": person.function, "language": registration.language,
            "interpretation_needs": registration.interpretation_needs,
            "dietary_needs": registration.dietary_needs, "accessibility_needs": registration.accessibility_needs}


def _details_from(form: DetailsForm, registration: Registration) -> operations.OwnDetails:
    online = registration.event.is_online  # no meals online: the field is not shown, the value is kept
    return operations.OwnDetails(
        given_name=clean_text(form.given_name.data), family_name=clean_text(form.family_name.data),
        honorific=clean_text(form.honorific.data) or None, function=clean_text(form.function.data) or None,
        given_name_latin=clean_text(form.given_name_latin.data) or None,
        family_name_latin=clean_text(form.family_name_latin.data) or None, language=form.language.data,
        interpretation_needs=form.interpretation_needs.data or None,
        dietary_needs=registration.dietary_needs if online else (form.dietary_needs.data or None),
        accessibility_needs=form.accessibility_needs.data or None)


def _choices_form(registration: Registration) -> ChoicesForm:
    sessions = operations.choosable_sessions(registration.event)
    form = ChoicesForm()
    form.set_sessions(sessions, session_labels(sessions))
    if request.method == "GET":
        form.sessions.data = [choice.session_id for choice in registration.choices]
    return form


def _manage_page(registration: Registration, form: ChoicesForm) -> str:
    return render_template("registration/manage.html", registration=registration, event=registration.event,
                           form=form, cancel_form=EmptyForm(), states=choices.choice_states(registration),
                           chosen=choices.chosen_in_order(registration),
                           waiting_position=choices.event_waiting_position(registration),
                           active=registration.status in ACTIVE_STATUSES, manage_url=mails.manage_url(registration),
                           private_sections=private_page.sections_for(registration))


def _collectivites() -> list[Collectivite]:
    return list(db.session.scalars(sa.select(Collectivite).order_by(Collectivite.name)))

