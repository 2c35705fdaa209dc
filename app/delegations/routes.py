"""The head of delegation's pages, on the ``delegations`` blueprint (above registration and check-in: the
private page shows who of the delegation has arrived at the reception desk).

| URL | page |
| --- | --- |
| ``/<kind>/<slug>/delegations/new`` | a head of delegation registers and creates the delegation |
| ``/delegations/<token>`` | the head's private page: members, add, edit, cancel, upload a list |
| ``/delegations/<token>/members`` (POST) | add one member |
| ``/delegations/<token>/members/<id>/edit`` | edit a member's names, function, language |
| ``/delegations/<token>/members/<id>/choices`` (POST) | set a member's workshops |
| ``/delegations/<token>/members/<id>/cancel`` (POST) | cancel a member |
| ``/delegations/<token>/members-template.<csv|xlsx>`` | an empty member list to fill in |
| ``/delegations/<token>/import`` (POST) | upload a CSV/XLSX member list → preview |
| ``/delegations/<token>/import/confirm`` (POST) | import the previewed list (all lines, or none) |
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.checkin import arrivals
from app.core.db import utcnow
from app.core.extensions import db
from app.core.forms import EmptyForm, add_error, fill_form
from app.core.i18n import current_language
from app.core.signed_import import ImportConfirmForm
from app.core.tabular import MAX_FILE_BYTES, SpreadsheetError, Table, table_response, write_csv, write_xlsx
from app.core.text import clean_text
from app.delegations import operations as delegations
from app.delegations.forms import DelegationForm, MemberEditForm, MemberForm, MembersUploadForm
from app.events.queries import get_public_event_or_404
from app.events.urls import KIND_URL_PART, KINDS_BY_URL
from app.people.operations import PersonData
from app.registration import choices, claims, operations
from app.registration.forms import ChoicesForm
from app.registration.links import link_is_valid
from app.registration.models import ACTIVE_STATUSES, ClaimKind, Delegation, DelegationSide, Registration
from app.registration.routes import _collectivites, choices_error
from app.registration.submission import person_fields, session_labels

bp = Blueprint("delegations", __name__)


@bp.route(f"/{KIND_URL_PART}/<slug>/delegations/new", methods=["GET", "POST"])
def new_delegation(kind: str, slug: str) -> ResponseReturnValue:
    event = get_public_event_or_404(KINDS_BY_URL[kind], slug)
    if not event.registration_is_open:
        return render_template("registration/closed.html", event=event)
    form = DelegationForm(current_language(), _collectivites(), with_side=event.profile.has_two_sides)
    if request.method == "GET":
        form.language.data = current_language()
    if form.validate_on_submit():  # the head's links go to the head's mailbox only (app.registration.claims)
        claims.submit(event, ClaimKind.DELEGATION, form.email.data or "", form.language.data or "fr",
                      _delegation_claim(form))
        db.session.commit()
        return render_template("registration/check_mailbox.html", event=event)
    return render_template("delegations/new.html", event=event, form=form), (400 if form.errors else 200)


@bp.get("/delegations/<token>")
def delegation(token: str) -> ResponseReturnValue:
    found = _delegation_or_404(token)
    return _delegation_page(found, _member_form(found))


@bp.post("/delegations/<token>/members")
def add_member(token: str) -> ResponseReturnValue:
    found = _delegation_or_404(token)
    form = _member_form(found)
    if not form.validate_on_submit() or not found.event.registration_is_open:
        return _delegation_page(found, form), 400
    chosen = [session for session in operations.choosable_sessions(found.event)
              if session.id in set(form.sessions.data or [])]
    try:
        delegations.add_member(found, _person_data(form), chosen, form.language.data, actor="delegate")
    except operations.RegistrationError as error:
        db.session.rollback()
        return _delegation_page(_delegation_or_404(token), form, error=_member_error(error)), 400
    db.session.commit()
    flash(_("The member has been added and will receive a confirmation mail."), "success")
    return redirect(url_for(".delegation", token=token), code=303)


@bp.route("/delegations/<token>/members/<int:registration_id>/edit", methods=["GET", "POST"])
def edit_member(token: str, registration_id: int) -> ResponseReturnValue:
    found = _delegation_or_404(token)
    registration = _member_or_404(found, registration_id)
    person = registration.person
    form = MemberEditForm()
    if request.method == "GET":
        fill_form(form, person, language=registration.language)
    if form.validate_on_submit():
        try:
            delegations.update_member(registration, _person_data(form, email=person.email, country=person.country),
                                      form.language.data, actor="delegate")
        except operations.NotAllowed:
            db.session.commit()  # the mail language, which is the registration's own, is kept
            flash(_("This person is also registered elsewhere or speaks at the event: only the organisers can "
                    "change their name and function. The mail language was saved."), "error")
            return redirect(url_for(".delegation", token=token), code=303)
        db.session.commit()
        flash(_("The member's details have been saved."), "success")
        return redirect(url_for(".delegation", token=token), code=303)
    return _member_edit_page(found, registration, form, _member_choices_form(registration)), \
        (400 if form.errors else 200)


@bp.post("/delegations/<token>/members/<int:registration_id>/choices")
def member_choices(token: str, registration_id: int) -> ResponseReturnValue:
    found = _delegation_or_404(token)
    registration = _member_or_404(found, registration_id)
    form = _member_choices_form(registration)
    if not form.validate_on_submit() or registration.status not in ACTIVE_STATUSES:
        return _member_edit_page(found, registration, _member_edit_form(registration), form), 400
    chosen = [session for session in form.choosable if session.id in set(form.sessions.data or [])]
    try:
        operations.choose_workshops(registration, chosen, actor="delegate", by="head_of_delegation")
    except operations.RegistrationError as error:
        db.session.rollback()
        flash(choices_error(error), "error")
        return redirect(url_for(".edit_member", token=token, registration_id=registration_id), code=303)
    db.session.commit()
    flash(_("The member's workshops have been saved."), "success")
    return redirect(url_for(".delegation", token=token), code=303)


@bp.get("/delegations/<token>/members-template.<any(csv, xlsx):extension>")
def members_template(token: str, extension: str) -> ResponseReturnValue:
    found = _delegation_or_404(token)
    columns = delegations.MEMBER_COLUMNS
    body = write_csv(columns, []) if extension == "csv" else write_xlsx(columns, [], title=_("Members"))
    return table_response(body, f"{found.event.slug}-delegation-members.{extension}")


@bp.post("/delegations/<token>/members/<int:registration_id>/cancel")
def cancel_member(token: str, registration_id: int) -> ResponseReturnValue:
    found = _delegation_or_404(token)
    registration = _member_or_404(found, registration_id)
    if not EmptyForm().validate_on_submit() or registration.status not in ACTIVE_STATUSES:
        abort(400)
    delegations.cancel_member(registration)  # writes the audit line
    db.session.commit()
    flash(_("The member's registration has been cancelled."), "success")
    return redirect(url_for(".delegation", token=token), code=303)


@bp.post("/delegations/<token>/import")
def upload_members(token: str) -> ResponseReturnValue:
    found = _delegation_or_404(token)
    upload_form = MembersUploadForm()
    if not upload_form.validate_on_submit() or not found.event.registration_is_open:
        return _delegation_page(found, _member_form(found), upload_form=upload_form), 400
    try:
        table = delegations.MEMBER_IMPORT.read(upload_form.file.data)
    except SpreadsheetError as error:
        add_error(upload_form.file, str(error))
        return _delegation_page(found, _member_form(found), upload_form=upload_form), 422
    return _preview(found, table)


@bp.post("/delegations/<token>/import/confirm")
def confirm_members(token: str) -> ResponseReturnValue:
    found = _delegation_or_404(token)
    form = ImportConfirmForm()
    if not form.validate_on_submit() or not found.event.registration_is_open:
        abort(400)
    try:
        table = delegations.MEMBER_IMPORT.confirmed_table(form, found.id)
    except SpreadsheetError as error:
        flash(str(error), "error")
        return redirect(url_for(".delegation", token=token), code=303)
    operations.lock_for_seats(found.event)  # two confirmations of one list wait for each other
    plan = delegations.check_member_rows(found.event, table)
    if not plan.is_valid:
        return _preview(found, table, plan)
    try:
        delegations.import_members(found, plan, actor="delegate")
    except operations.RegistrationError:
        db.session.rollback()
        return _preview(_delegation_or_404(token), table)
    db.session.commit()
    flash(_("%(count)s members imported; each will receive a confirmation mail.", count=len(plan.members)), "success")
    return redirect(url_for(".delegation", token=token), code=303)


# --- helpers -------------------------------------------------------------------

def _delegation_or_404(token: str) -> Delegation:
    found = delegations.find_by_manage_token(token)
    if found is None or not link_is_valid(found.event):
        abort(404)
    return found


def _member_or_404(delegation: Delegation, registration_id: int) -> Registration:
    registration = delegations.member(delegation, registration_id)
    if registration is None:
        abort(404)
    return registration


def _member_edit_form(registration: Registration) -> MemberEditForm:
    person = registration.person
    return MemberEditForm(formdata=None, data={
        "honorific": person.honorific, "given_name": person.given_name, "family_name": person.family_name,
        "given_name_latin": person.given_name_latin, "family_name_latin": person.family_name_latin,
        "function": person.function, "language": registration.language})


def _member_choices_form(registration: Registration) -> ChoicesForm:
    sessions = operations.choosable_sessions(registration.event)
    form = ChoicesForm()
    form.set_sessions(sessions, session_labels(sessions))
    if request.method == "GET" or request.endpoint != "delegations.member_choices":
        form.sessions.data = [choice.session_id for choice in registration.choices]
    return form


def _member_edit_page(delegation: Delegation, registration: Registration, form: MemberEditForm,
                      choices_form: ChoicesForm) -> str:
    return render_template("delegations/member_edit.html", delegation=delegation, event=delegation.event,
                           registration=registration, form=form, choices_form=choices_form,
                           states=choices.choice_states(registration),
                           active=registration.status in ACTIVE_STATUSES)


def _member_form(delegation: Delegation) -> MemberForm:
    sessions = operations.choosable_sessions(delegation.event)
    form = MemberForm(current_language())
    form.set_sessions(sessions, session_labels(sessions))
    if request.method == "GET":
        form.language.data = current_language()
    return form


def _person_data(form, email: str | None = None, country: str | None = None) -> PersonData:
    return PersonData(
        given_name=clean_text(form.given_name.data), family_name=clean_text(form.family_name.data),
        given_name_latin=clean_text(form.given_name_latin.data) or None,
        family_name_latin=clean_text(form.family_name_latin.data) or None,
        honorific=clean_text(form.honorific.data) or None, function=clean_text(form.function.data) or None,
        email=email or form.email.data, country=country or form.country.data, preferred_language=form.language.data)


def _delegation_claim(form: DelegationForm) -> dict:
    """The head and the delegation as typed, kept on the claim until the head opens the mailed link."""
    return {
        "person": person_fields(form),
        "details": {"language": form.language.data, "consent_at": utcnow().isoformat()},
        "delegation": {"name": clean_text(form.delegation_name.data), "country": form.delegation_country.data,
                       "side": DelegationSide(form.side.data).value if form.side.data else None,
                       "collectivite_ids": list(form.collectivites.data or [])},
    }


def _member_error(error: operations.RegistrationError) -> str:
    if isinstance(error, operations.AlreadyRegistered):
        return _("This email is already registered for this event.")
    return choices_error(error)


def _preview(delegation: Delegation, table: Table, plan: delegations.MemberPlan | None = None) -> ResponseReturnValue:
    plan = plan or delegations.check_member_rows(delegation.event, table)
    confirm_form, reupload = delegations.MEMBER_IMPORT.preview_form(table, delegation.id, valid=plan.is_valid)
    return render_template("delegations/import_preview.html", delegation=delegation,
                           event=delegation.event, plan=plan, confirm_form=confirm_form,
                           upload_form=MembersUploadForm(formdata=None), reupload=reupload), \
        (200 if plan.is_valid else 422)


def _delegation_page(delegation: Delegation, form: MemberForm, upload_form: MembersUploadForm | None = None,
                     error: str | None = None) -> str:
    today = arrivals.current_day(delegation.event)  # during the event: who of the delegation is not here yet
    return render_template(
        "delegations/manage.html", delegation=delegation, event=delegation.event,
        members=delegations.members(delegation), form=form, upload_form=upload_form or MembersUploadForm(formdata=None),
        cancel_form=EmptyForm(), error=error, active_statuses=ACTIVE_STATUSES,
        columns=delegations.MEMBER_COLUMNS, required_columns=delegations.REQUIRED_MEMBER_COLUMNS,
        max_rows=delegations.MAX_MEMBER_ROWS, max_mib=MAX_FILE_BYTES // (1024 * 1024),
        delegation_url=delegations.delegation_url(delegation, current_language()), arrival_day=today,
        arrived=delegations.arrival_days(delegation),
        not_arrived=arrivals.not_arrived(delegation, today) if today else None)
