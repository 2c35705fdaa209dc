"""Organisers' registration pages of one event: the filtered list and its exports, delegations,
session attendees, editing a registration, and the moderation queue."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.login import organiser_required
from app.core.extensions import db
from app.core.forms import EmptyForm, fill_form
from app.core.labels import label
from app.core.lookups import get_in_event_or_404
from app.core.tabular import table_response
from app.events.queries import get_event_or_404
from app.programme.models import Session
from app.registration import admin_queries as queries
from app.registration import operations
from app.registration.admin_export import registrations_csv, registrations_xlsx
from app.registration.admin_forms import RegistrationEditForm
from app.registration.admin_operations import (
    RegistrationChanges,
    cancel_registration,
    moderate_registration,
    restore_registration,
    update_registration,
)
from app.registration.models import Delegation, Registration, RegistrationCategory, RegistrationStatus

bp = Blueprint("registration_admin", __name__)


@bp.before_request
@organiser_required
def require_organiser():
    return None


@bp.route("")
def registrations(slug: str):
    event = get_event_or_404(slug)
    filters = queries.filters_from_args(request.args)
    found = queries.filtered_registrations(event, filters)
    return render_template("registration/admin/list.html", event=event, filters=filters, registrations=found,
                           counts=queries.count_registrations(found), delegations=queries.event_delegations(event),
                           sessions=queries.event_sessions(event), categories=list(RegistrationCategory),
                           statuses=list(RegistrationStatus))


@bp.route("/export.<any(csv, xlsx):file_format>")
def export(slug: str, file_format: str):
    event = get_event_or_404(slug)
    found = queries.filtered_registrations(event, queries.filters_from_args(request.args))
    body = registrations_csv(found) if file_format == "csv" else registrations_xlsx(found)
    return table_response(body, f"{event.slug}-registrations.{file_format}")


@bp.route("/delegations/<int(max=2147483647):delegation_id>")
def delegation(slug: str, delegation_id: int):
    event = get_event_or_404(slug)
    found = get_in_event_or_404(Delegation, delegation_id, event)
    members = queries.delegation_members(found)
    return render_template("registration/admin/delegation.html", event=event, delegation=found, members=members,
                           counts=queries.count_registrations(members))


@bp.route("/sessions/<int(max=2147483647):session_id>")
def session_attendees(slug: str, session_id: int):
    event = get_event_or_404(slug)
    session = get_in_event_or_404(Session, session_id, event)
    return render_template("registration/admin/session.html", event=event, session=session,
                           attendees=queries.session_attendees(session))


@bp.route("/pending")
def pending(slug: str):
    event = get_event_or_404(slug)
    return render_template("registration/admin/pending.html", event=event,
                           registrations=queries.pending_registrations(event), form=EmptyForm())


@bp.route("/<int(max=2147483647):registration_id>/<any(approve, refuse):action>", methods=["POST"])
def moderate(slug: str, registration_id: int, action: str):
    event = get_event_or_404(slug)
    registration = get_in_event_or_404(Registration, registration_id, event)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        moderate_registration(registration, action)
    except operations.NotAllowed:
        flash(_("This registration is no longer pending."), "error")
        return redirect(url_for(".pending", slug=slug))
    db.session.commit()
    flash(_("%(name)s: %(status)s.", name=registration.person.name, status=label(registration.status)), "info")
    return redirect(url_for(".pending", slug=slug))


def _editable_sessions(registration: Registration) -> list[Session]:
    """Sessions open for registration, plus those already chosen (even if closed since)."""
    sessions = {session.id: session for session in operations.choosable_sessions(registration.event)}
    for choice in registration.choices:
        sessions.setdefault(choice.session_id, choice.session)
    return sorted(sessions.values(), key=lambda session: (session.starts_at, session.id))


def _changes(form: RegistrationEditForm, sessions: list[Session]) -> RegistrationChanges:
    by_id = {session.id: session for session in sessions}
    return RegistrationChanges(
        category=RegistrationCategory(form.category.data), status=RegistrationStatus(form.status.data),
        interpretation_needs=form.interpretation_needs.data, dietary_needs=form.dietary_needs.data,
        accessibility_needs=form.accessibility_needs.data, sessions=[by_id[i] for i in form.sessions.data or []])


@bp.route("/<int(max=2147483647):registration_id>/edit", methods=["GET", "POST"])
def edit(slug: str, registration_id: int):
    event = get_event_or_404(slug)
    registration = get_in_event_or_404(Registration, registration_id, event)
    sessions = _editable_sessions(registration)
    form = RegistrationEditForm()
    form.set_choices(registration, sessions)
    if request.method == "GET":
        fill_form(form, registration, category=registration.category.value, status=registration.status.value,
                  sessions=[choice.session_id for choice in registration.choices])
    if form.validate_on_submit():
        try:
            update_registration(registration, _changes(form, sessions))
        except operations.RegistrationError as error:
            db.session.rollback()
            flash(_("Not saved: %(reason)s.", reason=str(error)), "error")
            return redirect(url_for(".edit", slug=slug, registration_id=registration_id))
        db.session.commit()
        flash(_("Registration saved."), "info")
        return redirect(url_for(".edit", slug=slug, registration_id=registration.id))
    return render_template("registration/admin/edit.html", event=event, registration=registration, form=form,
                           action_form=EmptyForm())


@bp.route("/<int(max=2147483647):registration_id>/cancel", methods=["POST"])
def cancel(slug: str, registration_id: int):
    """Cancel a registration (asked to confirm on the page; undone by ``restore``)."""
    return _cancel_or_restore(slug, registration_id, cancel_registration, _("Registration cancelled."))


@bp.route("/<int(max=2147483647):registration_id>/restore", methods=["POST"])
def restore(slug: str, registration_id: int):
    """Undo a cancellation, whoever made it (the person, their head of delegation or an organiser)."""
    return _cancel_or_restore(slug, registration_id, restore_registration, _("Registration restored."))


def _cancel_or_restore(slug: str, registration_id: int, change, done: str):
    event = get_event_or_404(slug)
    registration = get_in_event_or_404(Registration, registration_id, event)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        change(registration)
    except operations.RegistrationError as error:
        db.session.rollback()
        flash(_("Not saved: %(reason)s.", reason=str(error)), "error")
    else:
        db.session.commit()
        flash(done, "info")
    return redirect(url_for(".edit", slug=slug, registration_id=registration_id))
