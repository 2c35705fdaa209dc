"""A head of delegation's member list: size, row, type and zip-bomb limits (the programme import has its own
tests in tests/programme/test_import.py; both exports neutralise formulas, tests/programme/test_export.py and
tests/registration/test_admin.py)."""
from __future__ import annotations

import io
import zipfile

from app.core.tabular import MAX_FILE_BYTES
from app.delegations.operations import MAX_MEMBER_ROWS
from tests.delegations.test_delegations import make_delegation, member_csv, upload
from tests.registration.helpers import registrations


def _refused(response, message: str) -> None:
    assert response.status_code == 422, response.status_code
    assert message in response.get_data(as_text=True)


def test_member_list_over_the_size_limit_is_refused(client, db):
    _, url = make_delegation(client, db)
    rows = [["A", "B", "", "", "", "x" * (MAX_FILE_BYTES // 2), "a@example.vn", "VN", "en"]] * 3
    client.get(url + "?lang=en")
    _refused(upload(client, url, "members.csv", member_csv(rows)), "The file is larger than 2 MiB.")
    assert len(registrations(db)) == 1


def test_member_list_with_too_many_rows_is_refused(client, db):
    _, url = make_delegation(client, db)
    rows = [[f"Name{n}", "Member", "", "", "", "", f"m{n}@example.vn", "VN", "en"] for n in range(MAX_MEMBER_ROWS + 1)]
    client.get(url + "?lang=en")
    _refused(upload(client, url, "members.csv", member_csv(rows)), f"more than {MAX_MEMBER_ROWS} rows")
    assert len(registrations(db)) == 1


def test_binary_files_and_zip_bombs_are_refused(client, db):
    _, url = make_delegation(client, db)
    client.get(url + "?lang=en")
    _refused(upload(client, url, "members.csv", b"\x89PNG\r\n\x1a\n\x00\x00"), "not a CSV text file")
    _refused(upload(client, url, "members.xlsx", b"not a zip"), "not an Excel (.xlsx) workbook")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    assert len(bomb.getvalue()) < MAX_FILE_BYTES
    _refused(upload(client, url, "members.xlsx", bomb.getvalue()), "too large once uncompressed")
    assert len(registrations(db)) == 1


def test_request_bodies_over_max_content_length_are_413(app, client, db):
    _, url = make_delegation(client, db)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    response = upload(client, url, "members.csv", b"a" * (128 * 1024))
    assert response.status_code == 413
    assert len(registrations(db)) == 1
