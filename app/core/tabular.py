"""Tables as files: reading an uploaded CSV or XLSX within bounds, and writing CSV and XLSX exports.

Every tabular upload (programme, delegation members, the Chroniques attendance list) is read here and every
export (programme, registrations, arrivals, figures) is written here, so that the bounds of a read and the
rules of a written file hold everywhere:

- CSV: UTF-8 with a BOM (so that Excel reads the accents), ``;``-separated (what Excel expects in
  French-speaking locales; both ``;`` and ``,`` are read back), CRLF line ends;
- XLSX: one worksheet written with openpyxl, every text cell a string, never a formula;
- formula injection: a text cell starting with = + - @ (or a tab, a CR) gets a quote in front in CSV and
  a quote prefix in XLSX, and that quote goes again when the file is read back.

This module only turns files into rows of text and back; what the rows mean is decided by each import.
"""
from __future__ import annotations

import csv
import io
import time as time_module
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask import Response
from flask_babel import gettext as _

from app.core.text import search_key
from app.core.urls import content_disposition

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000  # data rows of an upload, unless an import says otherwise
MAX_XLSX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024  # a 2 MiB zip may not inflate into a "zip bomb"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXPORT_DELIMITER = ";"  # what Excel expects in French-speaking locales; both are read back


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read (type, size, encoding, header…); shown to the organiser."""


@dataclass
class Table:
    """The rows of a spreadsheet as text, each with its line number (the header is line 1)."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


# --- reading ----------------------------------------------------------------
# Uploads are read within bounds decided before the work is done: a 5 KB .xlsx may declare 1,048,576 rows × 16,384 columns, which
# openpyxl's read-only mode would pad row by row. So: the zip's members are checked (sizes and compression
# ratio) before openpyxl opens it, the sheet's declared dimension before a row is read, only the expected
# columns are read, CSV lines and every cell are bounded, and the whole parse has a time budget.

MAX_DECLARED_ROWS = 20_000  # a sheet declaring more rows than this is refused before any is read
MAX_DECLARED_COLUMNS = 256  # (Excel's own limit is 16,384; no import has more than 40 columns)
MAX_XLSX_COMPRESSION_RATIO = 100  # real sheets deflate 5–30×; a zip bomb, thousands of times
MAX_XLSX_MEMBERS = 200
MAX_LINE_CHARS = 100_000  # one CSV line
MAX_CELL_CHARS = 10_000  # one cell (a long description fits)
MAX_TOTAL_CHARS = 6_000_000  # every cell kept, together
PARSE_SECONDS = 15.0  # the whole read, well under gunicorn's 30-second worker timeout


def read_table(filename: str, content: bytes, *, columns: tuple[str, ...], required: tuple[str, ...],
               max_rows: int = MAX_ROWS, aliases: Mapping[str, str] | None = None) -> Table:
    """Read an uploaded CSV or XLSX file with these ``columns`` (``required`` ones among them, any order, no
    other); raises SpreadsheetError with a message for the organiser. ``aliases`` maps other header names
    (compared as ``app.core.text.search_key``: case and accents ignored, e.g. ``"prenom"``) to a column."""
    if len(content) > MAX_FILE_BYTES:
        raise SpreadsheetError(_("The file is larger than %(size)s MiB.", size=MAX_FILE_BYTES // (1024 * 1024)))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    width = len(columns) + 1  # the expected columns, and one more to tell a line that has too many cells
    if extension == "xlsx":
        records = _xlsx_records(content, max_rows, width)
    elif extension == "csv":
        text = decode_text(content)
        records = csv_records(text, sniff_delimiter(text), max_rows, width)
    else:
        raise SpreadsheetError(_("Only CSV (.csv) and Excel (.xlsx) files can be imported."))
    return _table_from_records(records, columns, required, aliases)


def _xlsx_records(content: bytes, max_rows: int, width: int) -> list[tuple[int, list[object]]]:
    if not content.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(_("This file is not an Excel (.xlsx) workbook."))
    _check_xlsx_archive(content)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on damaged files
        raise SpreadsheetError(_("This Excel file could not be read.")) from error
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(_("This Excel file has no worksheet."))
        sheet = workbook.worksheets[0]
        check_declared_size(sheet.max_row, sheet.max_column)
        # Only the expected columns, and never past the row limit, whatever the sheet declares.
        rows = sheet.iter_rows(values_only=True, max_col=width, max_row=MAX_DECLARED_ROWS + 1)
        return bounded_records(rows, max_rows, width)
    except SpreadsheetError:
        raise
    except Exception as error:  # a damaged sheet fails while its rows are read
        raise SpreadsheetError(_("This Excel file could not be read.")) from error
    finally:
        workbook.close()


def check_declared_size(rows: int | None, columns: int | None) -> None:
    """Refuse a sheet whose declared dimension is beyond any real import (before a row is read)."""
    if (rows or 0) > MAX_DECLARED_ROWS or (columns or 0) > MAX_DECLARED_COLUMNS:
        raise SpreadsheetError(_("This sheet declares %(rows)s rows and %(columns)s columns: at most %(max_rows)s rows "
                                 "and %(max_columns)s columns can be imported. Copy the table into a new sheet.",
                                 rows=rows or "?", columns=columns or "?", max_rows=MAX_DECLARED_ROWS,
                                 max_columns=MAX_DECLARED_COLUMNS))


def _check_xlsx_archive(content: bytes) -> None:
    """The zip's members, before any is inflated: their number, sizes and compression ratios."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise SpreadsheetError(_("This file is not an Excel (.xlsx) workbook.")) from error
    if len(members) > MAX_XLSX_MEMBERS or "xl/workbook.xml" not in {member.filename for member in members}:
        raise SpreadsheetError(_("This file is not an Excel (.xlsx) workbook."))
    too_compressed = any(member.file_size > 1024 * 1024
                         and member.file_size > MAX_XLSX_COMPRESSION_RATIO * max(member.compress_size, 1)
                         for member in members)
    if too_compressed or sum(member.file_size for member in members) > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(_("This Excel file is too large once uncompressed."))


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; refuses binary files."""
    if b"\x00" in content or content.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(_("This file is not a CSV text file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(_("This file is not a CSV text file (unknown encoding)."))


def sniff_delimiter(text: str) -> str:
    """``;`` or ``,``, whichever separates the header line (column names contain neither)."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def csv_records(text: str, delimiter: str, max_rows: int = MAX_ROWS, width: int | None = None,
                *, keep_blank: bool = False) -> list[tuple[int, list[object]]]:
    """A CSV text's records as ``(line, cells)`` within the bounds above (``width``: cells kept per record)."""
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest > MAX_LINE_CHARS:
        raise SpreadsheetError(_("A line of this file is longer than %(count)s characters.", count=MAX_LINE_CHARS))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return bounded_records(reader, max_rows, width, keep_blank=keep_blank)
    except csv.Error as error:
        raise SpreadsheetError(_("This CSV file could not be read: %(reason)s", reason=str(error))) from error


def bounded_records(records: Iterable[Sequence[object]], max_rows: int = MAX_ROWS, width: int | None = None, *,
                    keep_blank: bool = False) -> list[tuple[int, list[object]]]:
    """``(line, cells)`` of the header and every non-blank data row (the blank ones too with ``keep_blank``),
    refusing more than ``max_rows`` data rows, a line past ``MAX_DECLARED_ROWS``, a cell over ``MAX_CELL_CHARS``,
    more than ``MAX_TOTAL_CHARS`` in all, or a read longer than ``PARSE_SECONDS``."""
    deadline = time_module.monotonic() + PARSE_SECONDS
    kept: list[tuple[int, list[object]]] = []
    data_rows = total_chars = 0
    for line, record in enumerate(records, start=1):
        if line > MAX_DECLARED_ROWS:
            raise SpreadsheetError(_("The file has more than %(count)s lines.", count=MAX_DECLARED_ROWS))
        if line % 256 == 0 and time_module.monotonic() > deadline:
            raise SpreadsheetError(_("This file takes too long to read: import it in smaller parts."))
        record = list(record[:width] if width else record)
        blank = _is_blank(record)
        if line > 1 and blank and not keep_blank:
            continue
        for value in record:
            if isinstance(value, str):
                if len(value) > MAX_CELL_CHARS:
                    raise SpreadsheetError(_("Line %(line)s has a cell longer than %(count)s characters.",
                                             line=line, count=MAX_CELL_CHARS))
                total_chars += len(value)
        if total_chars > MAX_TOTAL_CHARS:
            raise SpreadsheetError(_("The file holds too much text to be imported at once."))
        kept.append((line, record))
        if line > 1 and not blank:
            data_rows += 1
            if data_rows > max_rows:
                raise SpreadsheetError(_("The file has more than %(count)s rows.", count=max_rows))
    return kept


def _is_blank(record: list[object]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in record)


def _header(record: list[object], columns: tuple[str, ...], required: tuple[str, ...],
            aliases: Mapping[str, str] | None = None) -> list[str]:
    names = [str(value or "").strip().lstrip("\ufeff").lower() for value in record]
    if aliases:
        names = [name if name in columns else aliases.get(search_key(name), name) for name in names]
    while names and not names[-1]:
        names.pop()
    unknown = [name for name in names if name not in columns]
    if unknown:
        raise SpreadsheetError(_("Unknown column(s): %(names)s. Expected columns: %(expected)s.",
                                 names=", ".join(name or "?" for name in unknown), expected=", ".join(columns)))
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise SpreadsheetError(_("Column(s) given twice: %(names)s.", names=", ".join(duplicates)))
    missing = [name for name in required if name not in names]
    if missing:
        raise SpreadsheetError(_("Missing column(s): %(names)s.", names=", ".join(missing)))
    return names


def _table_from_records(records: list[tuple[int, list[object]]], columns: tuple[str, ...],
                        required: tuple[str, ...], aliases: Mapping[str, str] | None = None) -> Table:
    if not records or records[0][0] != 1 or _is_blank(records[0][1]):
        raise SpreadsheetError(_("The file is empty: the first line must name the columns."))
    table = Table(columns=_header(records[0][1], columns, required, aliases))
    for line, record in records[1:]:
        if _is_blank(record):
            continue
        if any(not _is_blank([value]) for value in record[len(table.columns):]):
            table.errors.append((line, _("This line has more cells than there are columns.")))
        row = {name: cell_text(value, name) for name, value in zip(table.columns, record, strict=False)}
        table.rows.append((line, {name: row.get(name, "") for name in columns}))
    if not table.rows:
        raise SpreadsheetError(_("The file has no row under its header."))
    return table


def cell_text(value: object, column: str) -> str:
    """A cell as text: XLSX dates and times become YYYY-MM-DD and HH:MM (a date-time in a ``start`` or ``end``
    column, its time); an export's quote before = + - @ goes."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = value.strftime("%H:%M") if column in ("start", "end") else value.date().isoformat()
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, time):
        text = value.strftime("%H:%M")
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    if text.startswith("'") and text[1:2] in FORMULA_PREFIXES:
        text = text[1:]
    return text


# --- writing ----------------------------------------------------------------

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise_formula(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: a quote in front keeps them text."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


Row = Sequence[object] | Mapping[str, object]


def _cells(header: Sequence[str], row: Row) -> Sequence[object]:
    """A row's cells in the header's order: a mapping by column name (a missing one is empty), else as given."""
    return [row.get(name, "") for name in header] if isinstance(row, Mapping) else row


def write_csv(header: Sequence[str], rows: Iterable[Row], *, bom: bool = True) -> bytes:
    """UTF-8 with a BOM (so that Excel reads the accents; ``bom=False`` for a terminal), ``;``-separated,
    text cells' formulas neutralised; numbers are written as they are. A row is a sequence of cells or a
    mapping of column name to cell."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=EXPORT_DELIMITER, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise_formula(cell) if isinstance(cell, str) else cell for cell in _cells(header, row)])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def write_xlsx(header: Sequence[str], rows: Iterable[Row], *, title: str) -> bytes:
    """One worksheet named ``title`` (31 characters at most); every text cell is a string, never a formula
    (with a quote prefix where it starts like one, so that Excel keeps it text when edited); numbers stay numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(list(header))
    for row in rows:
        cells: list[object] = []
        for value in _cells(header, row):
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # "=…" would otherwise be stored as a formula
                if value.startswith(FORMULA_PREFIXES):
                    cell.quotePrefix = True
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(body: bytes, filename: str) -> Response:
    """A CSV or XLSX download (its type from the name's extension) under a safe ASCII file name, kept by no
    cache: exports hold people's names and emails."""
    is_xlsx = filename.lower().endswith(".xlsx")
    response = Response(body, content_type=XLSX_CONTENT_TYPE if is_xlsx else CSV_CONTENT_TYPE)
    response.headers["Content-Disposition"] = content_disposition(filename, default="export.xlsx" if is_xlsx
                                                                  else "export.csv")
    response.cache_control.no_store = True
    response.cache_control.private = True
    return response
