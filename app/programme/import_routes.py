"""Organisers' programme import (upload → preview → confirm) and export, on the ``programme_admin`` blueprint.

The preview page carries the rows it showed, signed with the app's SECRET_KEY (no server-side
state); confirming checks them again against the database as it is then, and writes everything
in one transaction or nothing.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from app.core.extensions import db
from app.core.forms import add_error
from app.core.signed_import import ImportConfirmForm
from app.core.tabular import MAX_FILE_BYTES, SpreadsheetError, Table, table_response, write_csv, write_xlsx
from app.events.models import Event
from app.events.queries import get_event_or_404
from app.programme.blueprint import bp
from app.programme.exporter import programme_rows
from app.programme.importer import ImportPlan, apply_import, plan_import
from app.programme.operations import BlockingConflictsError
from app.programme.spreadsheet import COLUMNS, MAX_ROWS, PROGRAMME_IMPORT


class ImportUploadForm(FlaskForm):
    file = FileField(_l("Spreadsheet (CSV or XLSX)"), validators=[FileRequired()])


@bp.route("/import", methods=["GET", "POST"])
def import_programme(slug: str):
    event = get_event_or_404(slug)
    form = ImportUploadForm()
    if form.validate_on_submit():
        try:
            table = PROGRAMME_IMPORT.read(form.file.data)
        except SpreadsheetError as error:
            add_error(form.file, str(error))
        else:
            return _preview(event, table, plan_import(event, table))
    return render_template("programme/admin/import.html", event=event, form=form, columns=COLUMNS,
                           max_rows=MAX_ROWS, max_mib=MAX_FILE_BYTES // (1024 * 1024)), (422 if form.errors else 200)


@bp.route("/import/confirm", methods=["POST"])
def confirm_import(slug: str):
    event = get_event_or_404(slug)
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for(".import_programme", slug=slug))
    _lock_programme(event)
    try:
        table = PROGRAMME_IMPORT.confirmed_table(form, event.id)
    except SpreadsheetError as error:
        flash(str(error), "error")
        return redirect(url_for(".import_programme", slug=slug))
    plan = plan_import(event, table)
    if plan.already_imported:
        flash(_("This file has already been imported: nothing was added."), "info")
        return redirect(url_for(".sessions", slug=slug))
    if not plan.is_valid:
        return _preview(event, table, plan)
    if not _write(event, plan):
        return _preview(event, table, plan_import(event, table))
    flash(_("%(count)s sessions imported.", count=len(plan.sessions)), "info")
    return redirect(url_for(".sessions", slug=slug))


@bp.route("/export.<any(csv, xlsx):extension>")
def export_programme(slug: str, extension: str):
    event = get_event_or_404(slug)
    rows = programme_rows(event)
    body = write_csv(COLUMNS, rows) if extension == "csv" else write_xlsx(COLUMNS, rows, title="Programme")
    return table_response(body, f"{event.slug}-programme.{extension}")


def _lock_programme(event: Event) -> None:
    """Two confirmations of the same import wait for each other (PostgreSQL row lock; SQLite writes one at a time)."""
    db.session.execute(sa.select(Event.id).where(Event.id == event.id).with_for_update())


def _write(event: Event, plan: ImportPlan) -> bool:
    """Apply the plan and commit; on a conflict that appeared since the check (or any error), roll everything back."""
    try:
        apply_import(event, plan)
        db.session.commit()
    except (BlockingConflictsError, sa.exc.IntegrityError):
        db.session.rollback()
        flash(_("The programme changed while importing: nothing was imported. Check the preview again."), "error")
        return False
    except Exception:
        db.session.rollback()
        raise
    return True


def _preview(event: Event, table: Table, plan: ImportPlan):
    confirm_form, reupload = PROGRAMME_IMPORT.preview_form(table, event.id, valid=plan.is_valid)
    return render_template("programme/admin/import_preview.html", event=event, plan=plan, confirm_form=confirm_form,
                           upload_form=ImportUploadForm(formdata=None), reupload=reupload), \
        (200 if plan.is_valid else 422)

