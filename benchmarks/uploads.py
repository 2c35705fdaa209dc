"""Worst-case uploads, per kind of upload, beside a normal file of the same kind in the same run.

``python benchmarks/uploads.py`` (from the project folder, with the virtualenv's Python) reads, for each
upload kind — the programme (CSV/XLSX), a delegation's member list (CSV/XLSX), a chronicle's attendance
list (CSV) — a normal file (the baseline) and the hostile files below, each in a fresh Python process,
through the app's own reader (``app.programme.spreadsheet.read_table``, ``read_participants``), and prints
the outcome (rows read, or the message of the refusal), the time, the peak of Python allocations
(tracemalloc) and the growth of the process's resident memory. Not a test: the test suite asserts the
refusals (tests/security/test_spreadsheet_bombs.py), never times.

Hostile files (built here, also used by the tests):

- ``declared``: a 5 KB .xlsx whose sheet declares ``A1:XFD499`` (499 rows × 16,384 columns) and holds 499
  empty rows: openpyxl's read-only mode pads every row to the declared width (about 60 MB before the fix);
- ``declared-max``: the same declaring ``A1:XFD1048576``, with 5,000 empty rows;
- ``far-row``: no declared dimension, one row numbered 1,048,576 (every row in between is padded);
- ``inflating``: a 30 KB zip whose sheet inflates to 30 MB;
- ``wide-csv``: a 1.9 MB CSV line of separators; ``long-cells``: cells of 50,000 characters.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import subprocess
import sys
import time
import tracemalloc
import zipfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROGRAMME_HEADER = ["session_key", "type", "title_fr", "day", "start", "end"]
PROGRAMME_ROW = ["S1", "plenary", "Ouverture", "2030-10-01", "09:00", "10:00"]
MEMBER_HEADER = ["given_name", "family_name", "email", "country"]
MEMBER_ROW = ["Lan", "Nguyen", "lan@example.vn", "VN"]


def xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(content: bytes, change) -> bytes:
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            archive.writestr(member.filename, data)
    return target.getvalue()


def declared_xlsx(header: list[str], row: list[str], reference: str = "A1:XFD499", rows: int = 499) -> bytes:
    """A small workbook whose sheet declares the dimension ``reference`` and holds ``rows`` rows, empty after
    the second: openpyxl's read-only mode pads each to the declared width."""
    empty_rows = "".join(f'<row r="{number}"/>' for number in range(3, rows + 1))

    def change(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{reference}"/>', xml)
        return xml.replace("</sheetData>", empty_rows + "</sheetData>")
    return _rewrite_sheet(xlsx([header, row]), change)


def far_row_xlsx(header: list[str], row: list[str]) -> bytes:
    """No declared dimension, and one cell in the sheet's last row."""
    def change(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"\s*/>', "", xml)
        return xml.replace("</sheetData>", '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c>'
                                           "</row></sheetData>")
    return _rewrite_sheet(xlsx([header, row]), change)


def inflating_xlsx(header: list[str], row: list[str], size: int = 30 * 1024 * 1024) -> bytes:
    """A workbook whose sheet inflates to ``size`` bytes (under the 40 MB total limit): a 30 KB file."""
    return _rewrite_sheet(xlsx([header, row]), lambda xml: xml.replace("</worksheet>", "<!--" + "0" * size + "--></worksheet>"))


def csv_bytes(rows: list[list[str]], delimiter: str = ",") -> bytes:
    return "\r\n".join(delimiter.join(row) for row in rows).encode() + b"\r\n"


def wide_csv(header: list[str]) -> bytes:
    return csv_bytes([header]) + b"," * (1900 * 1024) + b"\r\n"


def long_cells_csv(header: list[str], row: list[str]) -> bytes:
    return csv_bytes([header] + [[("x" * 50_000) if index == 0 else value for index, value in enumerate(row)]] * 9)


ATTENDANCE_HEADER = ["Name", "Email", "Join Time", "Leave Time", "Duration (Minutes)"]
ATTENDANCE_ROW = ["Lan Nguyen", "lan@example.vn", "2030-10-01 12:30:00", "2030-10-01 13:30:00", "60"]


def cases() -> dict[str, tuple[str, str, bytes]]:
    """name → (upload kind, file name, content)."""
    normal_programme = [PROGRAMME_HEADER] + [[f"S{n}", "plenary", f"Session {n}", "2030-10-01", "09:00", "10:00"]
                                             for n in range(400)]
    normal_members = [MEMBER_HEADER] + [[f"Lan{n}", "Nguyen", f"lan{n}@example.vn", "VN"] for n in range(400)]
    normal_attendance = [ATTENDANCE_HEADER] + [[f"P {n}", f"p{n}@example.org", *ATTENDANCE_ROW[2:]] for n in range(400)]
    return {
        "programme/normal.xlsx": ("programme", "p.xlsx", xlsx(normal_programme)),
        "programme/normal.csv": ("programme", "p.csv", csv_bytes(normal_programme)),
        "programme/declared": ("programme", "p.xlsx", declared_xlsx(PROGRAMME_HEADER, PROGRAMME_ROW)),
        "programme/declared-max": ("programme", "p.xlsx", declared_xlsx(PROGRAMME_HEADER, PROGRAMME_ROW,
                                                                        "A1:XFD1048576", rows=5000)),
        "programme/far-row": ("programme", "p.xlsx", far_row_xlsx(PROGRAMME_HEADER, PROGRAMME_ROW)),
        "programme/inflating": ("programme", "p.xlsx", inflating_xlsx(PROGRAMME_HEADER, PROGRAMME_ROW)),
        "programme/wide-csv": ("programme", "p.csv", wide_csv(PROGRAMME_HEADER)),
        "programme/long-cells": ("programme", "p.csv", long_cells_csv(PROGRAMME_HEADER, PROGRAMME_ROW)),
        "members/normal.xlsx": ("members", "m.xlsx", xlsx(normal_members)),
        "members/normal.csv": ("members", "m.csv", csv_bytes(normal_members)),
        "members/declared": ("members", "m.xlsx", declared_xlsx(MEMBER_HEADER, MEMBER_ROW)),
        "members/declared-max": ("members", "m.xlsx", declared_xlsx(MEMBER_HEADER, MEMBER_ROW, "A1:XFD1048576",
                                                                                    rows=5000)),
        "members/far-row": ("members", "m.xlsx", far_row_xlsx(MEMBER_HEADER, MEMBER_ROW)),
        "members/inflating": ("members", "m.xlsx", inflating_xlsx(MEMBER_HEADER, MEMBER_ROW)),
        "members/wide-csv": ("members", "m.csv", wide_csv(MEMBER_HEADER)),
        "attendance/normal.csv": ("attendance", "a.csv", csv_bytes(normal_attendance)),
        "attendance/wide-csv": ("attendance", "a.csv", wide_csv(ATTENDANCE_HEADER)),
        "attendance/long-cells": ("attendance", "a.csv", long_cells_csv(ATTENDANCE_HEADER, ATTENDANCE_ROW)),
    }


def read(kind: str, filename: str, content: bytes) -> str:
    """Read the file as the app does; the outcome as text."""
    from app.programme.spreadsheet import SpreadsheetError, read_table

    try:
        if kind == "programme":
            table = read_table(filename, content)
        elif kind == "members":
            from app.registration import delegations

            table = read_table(filename, content, columns=delegations.MEMBER_COLUMNS,
                               required=delegations.REQUIRED_MEMBER_COLUMNS, max_rows=delegations.MAX_MEMBER_ROWS)
        else:
            from app.chroniques.attendance_import import read_participants
            from app.events.models import Event, EventKind

            event = Event(kind=EventKind.CHRONIQUE, timezone="Europe/Paris",
                          starts_at=datetime(2030, 10, 1, 10, 30, tzinfo=UTC),
                          ends_at=datetime(2030, 10, 1, 12, 0, tzinfo=UTC))
            table = read_participants(content, event)
    except SpreadsheetError as error:
        return f"refused: {error}"
    return f"{len(table.rows)} rows"


def measure_one(name: str) -> dict:
    """In this (fresh) process: read one case, return time and memory."""
    from app import create_app

    kind, filename, content = cases()[name]
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "benchmark",
                      "INSTANCE_PATH": os.environ.get("BENCH_INSTANCE", "/tmp/rencontres-bench-uploads")})
    with app.app_context():
        read(kind, filename, b"")  # import everything first, so that only the read is measured
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        started = time.perf_counter()
        outcome = read(kind, filename, content)
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"case": name, "bytes": len(content), "seconds": round(seconds, 3), "peak_mib": round(peak / 2**20, 1),
            "rss_growth_mib": round((rss_after - rss_before) / 1024, 1), "outcome": outcome[:90]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", help="measure one case in this process (used by the run itself)")
    arguments = parser.parse_args()
    if arguments.case:
        print(json.dumps(measure_one(arguments.case)))
        return
    results = []
    for name in cases():
        output = subprocess.run([sys.executable, __file__, "--case", name], cwd=ROOT, capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600)
        if output.returncode:
            print(output.stderr[-2000:], file=sys.stderr)
            continue
        results.append(json.loads(output.stdout.strip().splitlines()[-1]))
    print(f"{'case':<24} {'size':>9} {'time s':>7} {'peak MiB':>9} {'RSS+ MiB':>9}  outcome")
    for row in results:
        print(f"{row['case']:<24} {row['bytes']:>9} {row['seconds']:>7} {row['peak_mib']:>9} {row['rss_growth_mib']:>9}"
              f"  {row['outcome']}")
    print("\nWorst case per upload kind (beside its normal file):")
    for kind in sorted({row["case"].split("/")[0] for row in results}):
        rows = [row for row in results if row["case"].startswith(kind + "/")]
        normal = [row for row in rows if "/normal" in row["case"]]
        hostile = [row for row in rows if "/normal" not in row["case"]]
        if not hostile:
            continue
        worst_time = max(hostile, key=lambda row: row["seconds"])
        worst_memory = max(hostile, key=lambda row: row["peak_mib"])
        baseline = max(normal, key=lambda row: row["seconds"]) if normal else None
        print(f"  {kind}: slowest {worst_time['case']} {worst_time['seconds']} s, largest {worst_memory['case']} "
              f"{worst_memory['peak_mib']} MiB" + (f"; normal file {baseline['seconds']} s, "
                                                   f"{max(row['peak_mib'] for row in normal)} MiB" if baseline else ""))


if __name__ == "__main__":
    main()
