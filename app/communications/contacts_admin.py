"""Organisers' directory pages: contacts, their import (upload → signed preview → confirm), a contact's
history, edit, deletion and restoration, and saved audiences (with their size; renamed, deleted, restored)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.auth.login import organiser_required
from app.communications import audiences, contacts
from app.communications.contacts_forms import AudienceForm, AudienceNameForm, CombineForm, ContactForm, ContactUploadForm
from app.communications.models import Campaign, Contact, SavedAudience
from app.core.extensions import db
from app.core.forms import EmptyForm, add_error, fill_form
from app.core.i18n import current_language, localized
from app.core.signed_import import ImportConfirmForm
from app.core.tabular import SpreadsheetError
from app.events.models import Event

bp = Blueprint("contacts_admin", __name__)


@bp.before_request
@organiser_required
def require_organiser() -> None:
    return None


@bp.route("")
def contact_list() -> ResponseReturnValue:
    query = (request.args.get("q") or "")[:200]
    page = request.args.get("page", 1, type=int) or 1
    deleted = request.args.get("deleted") == "1"
    found, total = contacts.contacts_page(query, max(1, min(page, 10_000)), deleted=deleted)
    return render_template("communications/contacts.html", contacts=found, total=total, query=query, page=page,
                           deleted=deleted, deleted_count=contacts.deleted_count(), action_form=EmptyForm())


@bp.route("/<int(max=2147483647):contact_id>")
def contact_page(contact_id: int) -> ResponseReturnValue:
    contact = db.get_or_404(Contact, contact_id)
    return render_template("communications/contact.html", contact=contact, history=contacts.contact_history(contact),
                           action_form=EmptyForm())


@bp.route("/<int(max=2147483647):contact_id>/edit", methods=["GET", "POST"])
def edit_contact(contact_id: int) -> ResponseReturnValue:
    contact = db.get_or_404(Contact, contact_id)
    if contact.deleted_at is not None:
        abort(404)
    form = ContactForm(current_language())
    if request.method == "GET":
        fill_form(form, contacts.ContactValues.of(contact), country=contact.country or "")
    elif form.validate_on_submit():
        try:
            contacts.edit_contact(contact, contacts.ContactValues(**{
                name: getattr(form, name).data for name in contacts.ContactValues.__dataclass_fields__}))
        except contacts.ContactError as error:
            db.session.rollback()
            add_error(getattr(form, error.field), str(error))
        else:
            db.session.commit()
            flash(_("Contact saved."), "success")
            return redirect(url_for(".contact_page", contact_id=contact.id), code=303)
    return render_template("communications/contact_edit.html", contact=contact, form=form), \
        (400 if form.errors else 200)


@bp.post("/<int(max=2147483647):contact_id>/<any(delete, restore):action>")
def contact_action(contact_id: int, action: str) -> ResponseReturnValue:
    contact = db.get_or_404(Contact, contact_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if action == "delete":
        contacts.delete_contact(contact)
        flash(_("Contact deleted: it is out of the list, the audiences and the campaigns. “Restore” below "
                "undoes it."), "info")
    else:
        contacts.restore_contact(contact)
        flash(_("Contact restored."), "success")
    db.session.commit()
    return redirect(url_for(".contact_page", contact_id=contact.id), code=303)


@bp.route("/import", methods=["GET", "POST"])
def import_contacts() -> ResponseReturnValue:
    form = ContactUploadForm()
    if form.validate_on_submit():
        try:
            table = contacts.CONTACT_IMPORT.read(form.file.data)
        except SpreadsheetError as error:
            add_error(form.file, str(error))
        else:
            plan = contacts.plan_import(table)
            confirm_form, reupload = contacts.CONTACT_IMPORT.preview_form(table, contacts.DIRECTORY_SCOPE, valid=True)
            return render_template("communications/contacts_preview.html", plan=plan, confirm_form=confirm_form,
                                   reupload=reupload)
    return render_template("communications/contacts_import.html", form=form,
                           columns=contacts.CONTACT_COLUMNS, aliases=contacts.ALIASES), (400 if form.errors else 200)


@bp.post("/import/confirm")
def confirm_import() -> ResponseReturnValue:
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        table = contacts.CONTACT_IMPORT.confirmed_table(form, contacts.DIRECTORY_SCOPE)
    except SpreadsheetError as error:
        flash(str(error), "error")
        return redirect(url_for(".import_contacts"), code=303)
    counts = contacts.apply_import(contacts.plan_import(table))
    db.session.commit()
    flash(_("Contacts imported: %(created)s created, %(updated)s updated, %(skipped)s skipped.", **counts), "success")
    return redirect(url_for(".contact_list"), code=303)


def _audience_forms() -> tuple[AudienceForm, CombineForm]:
    events = db.session.scalars(sa.select(Event).order_by(Event.starts_at.desc())).all()
    campaigns = db.session.scalars(sa.select(Campaign).order_by(Campaign.id.desc()).limit(200)).all()
    saved = [(audience.id, audience.name) for audience in audiences.saved_audiences()]
    return (AudienceForm(current_language(), [(event.id, localized(event, "title")) for event in events],
                         [(campaign.id, campaign.name) for campaign in campaigns], prefix="audience"),
            CombineForm(saved, prefix="combine"))


@bp.route("/audiences", methods=["GET", "POST"])
def audience_list() -> ResponseReturnValue:
    form, combine = _audience_forms()
    submitted = form if "audience-name" in request.form else combine if "combine-name" in request.form else None
    if submitted is not None and submitted.validate_on_submit():
        try:
            audience = audiences.save_audience(submitted.name.data or "", submitted.definition())
        except audiences.AudienceError as error:
            db.session.rollback()
            add_error(submitted.name, str(error))
        else:
            db.session.commit()
            flash(_("Audience “%(name)s” saved: %(count)s contacts.", name=audience.name,
                    count=audiences.audience_size(audience.definition)), "success")
            return redirect(url_for(".audience_list"), code=303)
    saved = [(audience, audiences.audience_size(audience.definition), audiences.describe(audience.definition))
             for audience in audiences.saved_audiences()]
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Contact).where(Contact.deleted_at.is_(None)))
    return render_template("communications/audiences.html", saved=saved, form=form, combine=combine, total=total,
                           deleted=audiences.saved_audiences(deleted=True), action_form=EmptyForm()), \
        (400 if form.errors or combine.errors else 200)


@bp.route("/audiences/<int(max=2147483647):audience_id>/rename", methods=["GET", "POST"])
def rename_audience(audience_id: int) -> ResponseReturnValue:
    audience = db.get_or_404(SavedAudience, audience_id)
    if audience.deleted_at is not None:
        abort(404)
    form = AudienceNameForm()
    if request.method == "GET":
        fill_form(form, audience)
    elif form.validate_on_submit():
        try:
            audiences.rename_audience(audience, form.name.data or "")
        except audiences.AudienceError as error:
            db.session.rollback()
            add_error(form.name, str(error))
        else:
            db.session.commit()
            flash(_("Audience saved."), "success")
            return redirect(url_for(".audience_list", _anchor=f"audience-{audience.id}"), code=303)
    return render_template("communications/audience_rename.html", audience=audience, form=form,
                           description=audiences.describe(audience.definition)), (400 if form.errors else 200)


@bp.post("/audiences/<int(max=2147483647):audience_id>/<any(delete, restore):action>")
def audience_action(audience_id: int, action: str) -> ResponseReturnValue:
    audience = db.get_or_404(SavedAudience, audience_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        (audiences.delete_audience if action == "delete" else audiences.restore_audience)(audience)
    except audiences.AudienceError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Audience “%(name)s” deleted: “Restore” below undoes it.", name=audience.name) if action == "delete"
              else _("Audience “%(name)s” restored.", name=audience.name), "info" if action == "delete" else "success")
    return redirect(url_for(".audience_list"), code=303)
