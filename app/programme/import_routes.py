"""Organisers' programme import (upload → preview → confirm) and export, on the ``programme_admin`` blueprint.

The preview page carries the rows it showed, signed with the app's SECRET_KEY (no server-side
state); confirming checks them again against the database as it is then, and writes everything
in one transaction or nothing.
"""
from __future__ import annotations


import sqlalchemy as sa
from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField

from app.audit.operations import record_audit
from app.core.forms import add_error
from app.core.urls import content_disposition
from app.events.models import Event
from app.events.queries import get_event_or_404
from app.extensions import db
from app.programme.admin import bp
from app.programme.exporter import programme_rows
from app.programme.importer import ImportPlan, apply_import, plan_import
from app.programme.operations import BlockingConflictsError
from app.programme.spreadsheet import (
    COLUMNS, MAX_FILE_BYTES, MAX_ROWS, SpreadsheetError, Table, read_table, sign_table, unsign_table, write_csv,
    write_xlsx)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(FlaskForm):
    file = FileField(_l("Spreadsheet (CSV or XLSX)"), validators=[FileRequired()])


class ImportConfirmForm(FlaskForm):
    payload = HiddenField()
    file = FileField(_l("The same file again"))


@bp.route("/import", methods=["GET", "POST"])
def import_programme(slug: str):
    event = get_event_or_404(slug)
    form = ImportUploadForm()
    if form.validate_on_submit():
        try:
            table = _read_upload(form.file)
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
        table = _confirmed_table(form, event)
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
    if extension == "csv":
        return _download(write_csv(rows), f"{event.slug}-programme.csv", "text/csv; charset=utf-8")
    return _download(write_xlsx(rows), f"{event.slug}-programme.xlsx", XLSX_MIMETYPE)


def _read_upload(field: FileField) -> Table:
    upload = field.data
    return read_table(upload.filename or "", upload.stream.read(MAX_FILE_BYTES + 1))


def _confirmed_table(form: ImportConfirmForm, event: Event) -> Table:
    """The rows the preview showed (signed), or the file uploaded again when they were too large to carry."""
    if form.payload.data:
        return unsign_table(form.payload.data, event.id, current_app.config["SECRET_KEY"])
    if form.file.data:
        return _read_upload(form.file)
    raise SpreadsheetError(_("Please upload the file again."))


def _lock_programme(event: Event) -> None:
    """Two confirmations of the same import wait for each other (PostgreSQL row lock; SQLite writes one at a time)."""
    db.session.execute(sa.select(Event.id).where(Event.id == event.id).with_for_update())


def _write(event: Event, plan: ImportPlan) -> bool:
    """Apply the plan and commit; on a conflict that appeared since the check (or any error), roll everything back."""
    try:
        apply_import(event, plan)
        record_audit("programme.import", target=event, event_id=event.id, details={"sessions": len(plan.sessions)})
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
    token = sign_table(table, event.id, current_app.config["SECRET_KEY"]) if plan.is_valid else None
    confirm_form = ImportConfirmForm(formdata=None, payload=token or "")
    return render_template("programme/admin/import_preview.html", event=event, plan=plan, confirm_form=confirm_form,
                           upload_form=ImportUploadForm(formdata=None), reupload=plan.is_valid and token is None), \
        (200 if plan.is_valid else 422)


def _download(content: bytes, filename: str, content_type: str) -> Response:
    """A file to save; it holds speakers' emails: kept by no cache."""
    response = Response(content, content_type=content_type)  # (``mimetype=`` would name the charset twice)
    response.headers["Content-Disposition"] = content_disposition(filename, default="programme")
    response.cache_control.no_store = True
    response.cache_control.private = True
    return response
