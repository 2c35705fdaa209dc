"""The one home of tabular files (app.core.tabular): CSV for French Excel, XLSX text cells, bounded reading."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from app.core.tabular import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    SpreadsheetError,
    neutralise_formula,
    read_table,
    table_response,
    write_csv,
    write_xlsx,
)

HEADER = ("name", "city", "count")


def test_tabular_csv_has_bom_and_semicolons():
    body = write_csv(HEADER, [["Élise", "Saint-Étienne", 3], {"name": "Zoé", "count": 1}])
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert text.split("\r\n") == ["name;city;count", "Élise;Saint-Étienne;3", "Zoé;;1", ""]


def test_tabular_csv_without_bom_for_a_terminal():
    assert write_csv(HEADER, [["a", "b", 1]], bom=False) == b"name;city;count\r\na;b;1\r\n"


@pytest.mark.parametrize("value", ["=HYPERLINK(\"x\")", "+33 1", "-1+2", "@SUM(A1)", "\tx"])
def test_tabular_csv_neutralises_formulas_in_text_cells(value):
    text = write_csv(HEADER, [[value, "ok", -4]]).decode("utf-8-sig")
    cells = next(iter(csv.reader(text.splitlines()[1:], delimiter=";")))
    assert cells == ["'" + value, "ok", "-4"]  # a number is written as it is
    assert neutralise_formula(value) == "'" + value


def test_tabular_xlsx_cells_are_text_never_formulas():
    body = write_xlsx(HEADER, [["=1+1", "Lyon", 7], {"name": "@x"}], title="A title longer than thirty-one chars")
    workbook = load_workbook(io.BytesIO(body))
    sheet = workbook.worksheets[0]
    assert sheet.title == "A title longer than thirty-one "
    rows = list(sheet.iter_rows(values_only=True))
    assert rows == [HEADER, ("=1+1", "Lyon", 7), ("@x", None, None)]  # an empty text cell reads back as empty
    assert sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix
    assert sheet["C2"].data_type == "n" and not sheet["B2"].quotePrefix


def test_tabular_round_trip_reads_back_what_was_written():
    rows = [{"name": "=danger", "city": "Nîmes", "count": "2"}]
    for filename, body in (("t.csv", write_csv(HEADER, rows)), ("t.xlsx", write_xlsx(HEADER, rows, title="T"))):
        table = read_table(filename, body, columns=HEADER, required=("name",))
        assert table.rows == [(2, {"name": "=danger", "city": "Nîmes", "count": "2"})]


def test_tabular_reader_refuses_unknown_and_missing_columns(app):
    with app.test_request_context("/?lang=en"):
        with pytest.raises(SpreadsheetError, match="Unknown column"):
            read_table("t.csv", b"name;colour\r\nx;y\r\n", columns=HEADER, required=("name",))
        with pytest.raises(SpreadsheetError, match="Missing column"):
            read_table("t.csv", b"city\r\nLyon\r\n", columns=HEADER, required=("name",))


def test_table_response_is_a_private_download_of_the_right_type(app):
    with app.test_request_context():
        csv_response = table_response(write_csv(HEADER, []), "raict 2027/inscrits.csv")
        xlsx_response = table_response(write_xlsx(HEADER, [], title="T"), "raict-2027-inscrits.xlsx")
    assert csv_response.content_type == CSV_CONTENT_TYPE and xlsx_response.content_type == XLSX_CONTENT_TYPE
    assert csv_response.headers["Content-Disposition"] == 'attachment; filename="raict-2027-inscrits.csv"'
    for response in (csv_response, xlsx_response):
        assert response.cache_control.no_store and response.cache_control.private
