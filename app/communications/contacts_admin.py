"""Organisers' directory pages: contacts, their import (upload → signed preview → confirm), a contact's
history, and saved audiences (with their size)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.auth.login import organiser_required
from app.communications import audiences, contacts
from app.communications.contacts_forms import AudienceForm, CombineForm, ContactUploadForm
from app.communications.models import Campaign, Contact
from app.core.extensions import db
from app.core.forms import add_error
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
    found, total = contacts.contacts_page(query, max(1, min(page, 10_000)))
    return render_template("communications/contacts.html", contacts=found, total=total, query=query, page=page)


@bp.route("/<int(max=2147483647):contact_id>")
def contact_page(contact_id: int) -> ResponseReturnValue:
    contact = db.get_or_404(Contact, contact_id)
    return render_template("communications/contact.html", contact=contact, history=contacts.contact_history(contact))


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
    return render_template("communications/audiences.html", saved=saved, form=form, combine=combine,
                           total=db.session.scalar(sa.select(sa.func.count()).select_from(Contact))), \
        (400 if form.errors or combine.errors else 200)
