"""Spreadsheet bombs (issue 14, finding 3): hostile files that are small on the wire but costly to read are
refused before the work, with a clear message, through every upload that reads a table; nothing is written."""
from __future__ import annotations

import tracemalloc

import pytest
import sqlalchemy as sa

from app.auth.models import Role
from app.core.tabular import SpreadsheetError, read_table
from app.delegations.operations import MEMBER_COLUMNS, REQUIRED_MEMBER_COLUMNS
from app.programme.models import Session
from benchmarks.uploads import (
    ATTENDANCE_HEADER,
    ATTENDANCE_ROW,
    MEMBER_HEADER,
    MEMBER_ROW,
    PROGRAMME_HEADER,
    PROGRAMME_ROW,
    declared_xlsx,
    far_row_xlsx,
    inflating_xlsx,
    long_cells_csv,
    wide_csv,
)
from tests.backoffice.helpers import login_as
from tests.chroniques.test_attendance import attended, build
from tests.chroniques.test_attendance import upload as upload_attendance
from tests.delegations.test_delegations import make_delegation
from tests.delegations.test_delegations import upload as upload_members
from tests.programme.import_helpers import login_organiser
from tests.programme.import_helpers import upload as upload_programme
from tests.registration.helpers import open_event, registrations


def _refused(response, *messages: str) -> None:
    text = response.get_data(as_text=True)
    assert response.status_code == 422, response.status_code
    assert any(message in text for message in messages), text[-2000:]


def test_member_list_bombs_are_refused_and_nothing_written(client, db):
    _, url = make_delegation(client, db)
    before = len(registrations(db))
    for filename, content, message in [
            ("members.xlsx", declared_xlsx(MEMBER_HEADER, MEMBER_ROW), "declares 499 rows and 16384 columns"),
            ("members.xlsx", declared_xlsx(MEMBER_HEADER, MEMBER_ROW, "A1:XFD1048576"), "declares 1048576 rows"),
            ("members.xlsx", far_row_xlsx(MEMBER_HEADER, MEMBER_ROW), "more than 20000 lines"),
            ("members.xlsx", inflating_xlsx(MEMBER_HEADER, MEMBER_ROW), "too large once uncompressed"),
            ("members.csv", wide_csv(MEMBER_HEADER), "longer than 100000 characters"),
            ("members.csv", long_cells_csv(MEMBER_HEADER, MEMBER_ROW), "longer than 10000 characters")]:
        assert len(content) < 2 * 1024 * 1024
        _refused(upload_members(client, url, filename, content), message)
    assert len(registrations(db)) == before


def test_programme_bombs_are_refused_and_nothing_written(client, db):
    event = open_event()
    db.session.commit()
    login_organiser(client, db)
    for filename, content, message in [
            ("programme.xlsx", declared_xlsx(PROGRAMME_HEADER, PROGRAMME_ROW), "declares 499 rows"),
            ("programme.xlsx", far_row_xlsx(PROGRAMME_HEADER, PROGRAMME_ROW), "more than 20000 lines"),
            ("programme.xlsx", inflating_xlsx(PROGRAMME_HEADER, PROGRAMME_ROW), "too large once uncompressed"),
            ("programme.csv", wide_csv(PROGRAMME_HEADER), "longer than 100000 characters")]:
        _refused(upload_programme(client, event, filename, content), message)
    assert db.session.scalar(sa.select(sa.func.count(Session.id))) == 0


def test_attendance_list_bombs_are_refused_and_nothing_written(client, db):
    built, chronicle, marie, francois, absent = build(db)
    login_as(client, db, Role.ORGANISER)
    before = attended(db)
    for content in (wide_csv(ATTENDANCE_HEADER), long_cells_csv(ATTENDANCE_HEADER, ATTENDANCE_ROW)):
        _refused(upload_attendance(client, chronicle, content), "100000", "10000", "100 000", "10 000")
    assert attended(db) == before


def test_a_declared_sheet_costs_no_more_memory_than_a_normal_file(app):
    """The 5 KB sheet declaring 499 × 16,384 cells cost about 60 MB; refused, it costs almost nothing."""
    bomb = declared_xlsx(MEMBER_HEADER, MEMBER_ROW)
    tracemalloc.start()
    with pytest.raises(SpreadsheetError):
        read_table("members.xlsx", bomb, columns=MEMBER_COLUMNS, required=REQUIRED_MEMBER_COLUMNS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5 * 2**20, peak


def test_only_the_expected_columns_are_read(app):
    """A sheet declaring 256 columns (allowed) is read only as wide as the expected columns."""
    content = declared_xlsx(MEMBER_HEADER, MEMBER_ROW, "A1:IV5000", rows=5000)
    tracemalloc.start()
    table = read_table("members.xlsx", content, columns=MEMBER_COLUMNS, required=REQUIRED_MEMBER_COLUMNS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [row["email"] for _, row in table.rows] == ["lan@example.vn"]
    assert peak < 5 * 2**20, peak  # 5,000 rows × 256 columns would be 10 MB of padding
