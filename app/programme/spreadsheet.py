"""The programme spreadsheet: its columns, and reading / writing it as CSV or XLSX.

One row per session × speaker. A session without speakers has one row with empty speaker
columns; a session with three speakers has three rows sharing the session columns (same
``session_key``). This module only turns files into rows of text and back; what the rows
mean is decided in ``app.programme.importer`` and ``app.programme.exporter``.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SESSION_COLUMNS = (
    "session_key", "type", "title_fr", "title_en", "description_fr", "description_en", "day", "start", "end",
    "room", "room_capacity", "track", "track_name_fr", "track_name_en", "track_kind", "capacity", "languages",
    "interpretation",
)
SPEAKER_COLUMNS = (
    "speaker_role", "speaker_given_name", "speaker_family_name", "speaker_given_name_latin",
    "speaker_family_name_latin", "speaker_honorific", "speaker_function", "speaker_email", "speaker_country",
    "speaker_collectivite", "speaker_collectivite_country",
)
# Optional session columns, written by the export so that a round trip keeps everything.
EXTRA_SESSION_COLUMNS = ("status", "hidden", "override_reason")
COLUMNS = SESSION_COLUMNS + SPEAKER_COLUMNS + EXTRA_SESSION_COLUMNS
REQUIRED_COLUMNS = ("session_key", "type", "title_fr", "day", "start", "end")

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
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

def read_table(filename: str, content: bytes, *, columns: tuple[str, ...] = COLUMNS,
               required: tuple[str, ...] = REQUIRED_COLUMNS, max_rows: int = MAX_ROWS) -> Table:
    """Read an uploaded CSV or XLSX file; raises SpreadsheetError with a message for the organiser.

    ``columns``, ``required`` and ``max_rows`` default to the programme's; other imports
    (delegation members) pass their own.
    """
    if len(content) > MAX_FILE_BYTES:
        raise SpreadsheetError(_("The file is larger than %(size)s MiB.", size=MAX_FILE_BYTES // (1024 * 1024)))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx":
        records = _xlsx_records(content, max_rows)
    elif extension == "csv":
        records = _csv_records(content, max_rows)
    else:
        raise SpreadsheetError(_("Only CSV (.csv) and Excel (.xlsx) files can be imported."))
    return _table_from_records(records, columns, required)


def _xlsx_records(content: bytes, max_rows: int = MAX_ROWS) -> list[list[object]]:
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
        return _limited_records(workbook.worksheets[0].iter_rows(values_only=True), max_rows)
    finally:
        workbook.close()


def _check_xlsx_archive(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise SpreadsheetError(_("This file is not an Excel (.xlsx) workbook.")) from error
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise SpreadsheetError(_("This file is not an Excel (.xlsx) workbook."))
    if sum(member.file_size for member in members) > MAX_XLSX_UNCOMPRESSED_BYTES:
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


def _csv_records(content: bytes, max_rows: int = MAX_ROWS) -> list[list[object]]:
    text = decode_text(content)
    try:
        return _limited_records(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)), max_rows)
    except csv.Error as error:
        raise SpreadsheetError(_("This CSV file could not be read: %(reason)s", reason=str(error))) from error


def _limited_records(records, max_rows: int = MAX_ROWS) -> list[list[object]]:
    """All records (header included), refusing more than ``max_rows`` non-blank data rows."""
    kept: list[list[object]] = []
    data_rows = 0
    for record in records:
        record = list(record)
        kept.append(record)
        if len(kept) > 1 and not _is_blank(record):
            data_rows += 1
            if data_rows > max_rows:
                raise SpreadsheetError(_("The file has more than %(count)s rows.", count=max_rows))
    return kept


def _is_blank(record: list[object]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in record)


def _header(record: list[object], columns: tuple[str, ...] = COLUMNS,
            required: tuple[str, ...] = REQUIRED_COLUMNS) -> list[str]:
    names = [str(value or "").strip().lstrip("\ufeff").lower() for value in record]
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


def _table_from_records(records: list[list[object]], columns: tuple[str, ...] = COLUMNS,
                        required: tuple[str, ...] = REQUIRED_COLUMNS) -> Table:
    if not records or _is_blank(records[0]):
        raise SpreadsheetError(_("The file is empty: the first line must name the columns."))
    table = Table(columns=_header(records[0], columns, required))
    for line, record in enumerate(records[1:], start=2):
        if _is_blank(record):
            continue
        if any(not _is_blank([value]) for value in record[len(table.columns):]):
            table.errors.append((line, _("This line has more cells than there are columns.")))
        row = {name: cell_text(value, name) for name, value in zip(table.columns, record)}
        table.rows.append((line, {name: row.get(name, "") for name in columns}))
    if not table.rows:
        raise SpreadsheetError(_("The file has no row under its header."))
    return table


def cell_text(value: object, column: str) -> str:
    """A cell as text: XLSX dates and times become YYYY-MM-DD and HH:MM; an export's quote before = + - @ goes."""
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

def neutralise_formula(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: a quote in front keeps them text."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def write_csv(rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> bytes:
    """UTF-8 with a BOM (so that Excel reads the accents), ``;``-separated, formulas neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=EXPORT_DELIMITER, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise_formula(row.get(name, "")) for name in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(rows: list[dict[str, str]], title: str = "Programme", columns: tuple[str, ...] = COLUMNS) -> bytes:
    """One worksheet; every cell is a string, never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31] or "Programme")
    sheet.append(list(columns))
    for row in rows:
        cells = []
        for name in columns:
            cell = WriteOnlyCell(sheet, value=row.get(name, ""))
            cell.data_type = "s"  # "=…" would otherwise be stored as a formula
            if cell.value and str(cell.value).startswith(FORMULA_PREFIXES):
                cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the confirmation payload -----------------------------------------------
# The preview page carries the rows it showed, signed, so that confirming does not need the
# file again and app servers keep no state. The rows are checked again on confirmation.

PAYLOAD_SALT = "programme-import"
PAYLOAD_MAX_AGE = 3600  # seconds
# Werkzeug refuses form fields above 500 kB (MAX_FORM_MEMORY_SIZE); larger tables are re-uploaded instead.
MAX_PAYLOAD_CHARS = 400_000


def sign_table(table: Table, event_id: int, secret_key: str, *, columns: tuple[str, ...] = COLUMNS,
               salt: str = PAYLOAD_SALT) -> str | None:
    """The table as a signed, compressed token; None when too large to travel in a form.

    ``event_id`` is the scope the token is valid for (another import may pass another id, with its own salt).
    """
    serializer = URLSafeTimedSerializer(secret_key, salt=salt)
    token = serializer.dumps({
        "event": event_id, "columns": table.columns, "errors": table.errors,
        "rows": [[line, [row[name] for name in columns]] for line, row in table.rows]})
    return token if len(token) <= MAX_PAYLOAD_CHARS else None


def unsign_table(token: str, event_id: int, secret_key: str, *, columns: tuple[str, ...] = COLUMNS,
                 salt: str = PAYLOAD_SALT) -> Table:
    """The table signed by ``sign_table`` for this event; SpreadsheetError if forged, for another event, or stale."""
    serializer = URLSafeTimedSerializer(secret_key, salt=salt)
    try:
        payload = serializer.loads(token, max_age=PAYLOAD_MAX_AGE)
    except SignatureExpired as error:
        raise SpreadsheetError(_("This preview is too old: please upload the file again.")) from error
    except BadSignature as error:
        raise SpreadsheetError(_("This preview could not be verified: please upload the file again.")) from error
    if payload.get("event") != event_id:
        raise SpreadsheetError(_("This preview is for another event: please upload the file again."))
    rows = [(line, dict(zip(columns, values))) for line, values in payload["rows"]]
    return Table(columns=payload["columns"], rows=rows, errors=[tuple(error) for error in payload["errors"]])
