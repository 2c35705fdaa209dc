"""Importing a table in two steps: upload → signed preview → confirm.

The preview page carries the rows it showed, signed with the app's ``SECRET_KEY`` (with a salt of its own for
each kind of import, and the id of the record it is for), so that confirming needs neither the file again nor
any state on the app servers; the rows are checked again on confirmation. A table too large to travel in a form
is not signed: the organiser uploads the same file again with the confirmation. Uploads are read within the
bounds of ``app.core.tabular`` (``MAX_FILE_BYTES``, rows, cells, time).

Used by the programme import, the delegation member list and the Chroniques attendance list.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.datastructures import FileStorage
from wtforms import HiddenField

from app.core.tabular import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    SpreadsheetError,
    Table,
    read_table,
)

PAYLOAD_MAX_AGE = 3600  # seconds
# Werkzeug refuses form fields above 500 kB (MAX_FORM_MEMORY_SIZE); larger tables are re-uploaded instead.
MAX_PAYLOAD_CHARS = 400_000


def upload_bytes(upload: FileStorage) -> bytes:
    """An uploaded file's content, one byte past ``MAX_FILE_BYTES`` at most (so that a larger one is refused)."""
    return upload.stream.read(MAX_FILE_BYTES + 1)


class PayloadForm(FlaskForm):
    """The confirmation of a preview: the signed rows."""

    payload = HiddenField()


class ImportConfirmForm(PayloadForm):
    """The confirmation of a preview, or the same file again when the rows were too large to sign."""

    file = FileField(_l("The same file again"))


@dataclass(frozen=True)
class SignedImport:
    """One kind of import: its salt, its columns (``required`` among them) and its row limit."""

    salt: str
    columns: tuple[str, ...]
    required: tuple[str, ...] = ()
    max_rows: int = MAX_ROWS
    # Other header names accepted for a column, e.g. (("prenom", "given_name"),): see ``read_table``.
    aliases: tuple[tuple[str, str], ...] = ()

    def read(self, upload: FileStorage) -> Table:
        """The uploaded CSV or XLSX, within bounds; SpreadsheetError with a message for the person uploading."""
        return read_table(upload.filename or "", upload_bytes(upload), columns=self.columns, required=self.required,
                          max_rows=self.max_rows, aliases=dict(self.aliases))

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=self.salt)

    def sign(self, table: Table, scope_id: int) -> str | None:
        """The table as a signed, compressed token valid for ``scope_id`` only; None when too large for a form."""
        token = self._serializer().dumps({
            "event": scope_id, "columns": table.columns, "errors": table.errors,
            "rows": [[line, [row[name] for name in self.columns]] for line, row in table.rows]})
        return token if len(token) <= MAX_PAYLOAD_CHARS else None

    def unsign(self, token: str, scope_id: int) -> Table:
        """The table signed by ``sign`` for ``scope_id``; SpreadsheetError if forged, for another scope, or stale."""
        try:
            payload = self._serializer().loads(token, max_age=PAYLOAD_MAX_AGE)
        except SignatureExpired as error:
            raise SpreadsheetError(_("This preview is too old: please upload the file again.")) from error
        except BadSignature as error:
            raise SpreadsheetError(_("This preview could not be verified: please upload the file again.")) from error
        if payload.get("event") != scope_id:
            raise SpreadsheetError(_("This preview is for another event: please upload the file again."))
        rows = [(line, dict(zip(self.columns, values, strict=True))) for line, values in payload["rows"]]
        return Table(columns=payload["columns"], rows=rows, errors=[tuple(error) for error in payload["errors"]])

    def preview_form(self, table: Table, scope_id: int, *, valid: bool,
                     form_class: type[PayloadForm] = ImportConfirmForm) -> tuple[PayloadForm, bool]:
        """The preview's confirmation form, carrying the signed rows when the table is ``valid``; and whether
        the file must be uploaded again with it (valid, but too large to sign)."""
        token = self.sign(table, scope_id) if valid else None
        return form_class(formdata=None, payload=token or ""), valid and token is None

    def confirmed_table(self, form: PayloadForm, scope_id: int) -> Table:
        """The rows the preview showed (signed), or the file uploaded again when they were too large to carry."""
        if form.payload.data:
            return self.unsign(form.payload.data, scope_id)
        upload = getattr(form, "file", None)
        if upload is not None and upload.data:
            return self.read(upload.data)
        raise SpreadsheetError(_("Please upload the file again."))
