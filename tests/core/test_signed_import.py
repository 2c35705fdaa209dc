"""The one home of upload → signed preview → confirm (app.core.signed_import), shared by the three imports."""
from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage, MultiDict

from app.core import signed_import
from app.core.signed_import import ImportConfirmForm, SignedImport
from app.core.tabular import MAX_FILE_BYTES, SpreadsheetError, write_csv

MEMBERS = SignedImport(salt="test-import", columns=("name", "email"), required=("name",), max_rows=3)
OTHER = SignedImport(salt="other-import", columns=("name", "email"), required=("name",))


def _upload(body: bytes, filename: str = "list.csv") -> FileStorage:
    return FileStorage(io.BytesIO(body), filename=filename)


def _table(app):
    return MEMBERS.read(_upload(write_csv(("name", "email"), [["Ana", "ana@example.org"], ["Bo", ""]])))


def test_signed_import_round_trip_gives_back_the_previewed_rows(app):
    with app.test_request_context("/?lang=en"):
        table = _table(app)
        token = MEMBERS.sign(table, 7)
        assert token and MEMBERS.unsign(token, 7) == table


def test_signed_import_refuses_tampered_preview(app):
    with app.test_request_context("/?lang=en"):
        token = MEMBERS.sign(_table(app), 7)
        tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
        with pytest.raises(SpreadsheetError, match="could not be verified"):
            MEMBERS.unsign(tampered, 7)
        with pytest.raises(SpreadsheetError, match="could not be verified"):
            OTHER.unsign(token, 7)  # another kind of import (another salt)
        with pytest.raises(SpreadsheetError, match="another event"):
            MEMBERS.unsign(token, 8)


def test_signed_import_too_large_a_table_is_not_signed_and_the_file_is_asked_again(app, monkeypatch):
    monkeypatch.setattr(signed_import, "MAX_PAYLOAD_CHARS", 10)
    body = write_csv(("name", "email"), [["Ana", ""]])
    with app.test_request_context("/?lang=en", method="POST", data={"payload": "",
                                                                                 "file": (io.BytesIO(body), "again.csv")}):
        assert MEMBERS.sign(_table(app), 7) is None
        form = ImportConfirmForm(meta={"csrf": False})
        assert [row for _line, row in MEMBERS.confirmed_table(form, 7).rows] == [{"name": "Ana", "email": ""}]
    with app.test_request_context("/?lang=en", method="POST", data={"payload": ""}), \
            pytest.raises(SpreadsheetError, match="upload the file again"):
        MEMBERS.confirmed_table(ImportConfirmForm(MultiDict(), meta={"csrf": False}), 7)


def test_signed_import_reads_within_the_upload_limits(app):
    with app.test_request_context("/?lang=en"):
        with pytest.raises(SpreadsheetError, match="larger than"):
            MEMBERS.read(_upload(b"name\r\n" + b"x" * MAX_FILE_BYTES))
        rows = [[f"P{number}", ""] for number in range(4)]  # max_rows=3
        with pytest.raises(SpreadsheetError, match="more than 3 rows"):
            MEMBERS.read(_upload(write_csv(("name", "email"), rows)))


def test_signed_import_preview_form_carries_the_rows_only_when_valid(app, monkeypatch):
    with app.test_request_context("/?lang=en"):
        table = _table(app)
        form, reupload = MEMBERS.preview_form(table, 7, valid=True)
        assert MEMBERS.unsign(form.payload.data, 7) == table and not reupload
        form, reupload = MEMBERS.preview_form(table, 7, valid=False)
        assert form.payload.data == "" and not reupload  # an invalid table is never signed
        monkeypatch.setattr(signed_import, "MAX_PAYLOAD_CHARS", 10)
        form, reupload = MEMBERS.preview_form(table, 7, valid=True)
        assert form.payload.data == "" and reupload  # valid but too large: the file comes again
