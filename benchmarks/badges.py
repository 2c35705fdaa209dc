"""600 badges through the app vs bare reportlab drawing the same pages, in the same run.

    .venv/bin/python benchmarks/badges.py [--badges 600] [--rounds 3] [--database-url postgresql://…]

The app's run is the whole pipeline: the query, the texts of each badge (names in every script,
categories, signed codes), font fallback, shaping and fitting, and the drawing. The bare run replays
the drawing calls the app made (same fonts, sizes, positions and strings, already shaped) on a plain
reportlab canvas, making each QR image again with ``qrcode``: the floor for these very pages. Each is
run ``--rounds`` times, alternately, and the best time of each is kept (other processes only add time). Target:
the app within 1.3× of the bare run, and the PDF of 600 badges under 3 MB. ``benchmarks/run.py``
runs it on its demo database too.
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from app import create_app  # noqa: E402
from app.core.extensions import db  # noqa: E402

BENCH_SLUG = "badge-benchmark"
# (family, given, country, Latin family, Latin given): every script of the badges
NAMES = [
    ("Nguyễn", "Thị Hương", "VN", "Nguyen", "Thi Huong"), ("Trần", "Văn Hưởng", "VN", "Tran", "Van Huong"),
    ("张", "伟", "CN", "Zhang", "Wei"), ("陳", "淑華", "TW", "Chen", "Shu-hua"), ("山田", "花子", "JP", "Yamada", "Hanako"),
    ("김", "민준", "KR", "Kim", "Minjun"), ("بن علي", "محمد", "MA", "Ben Ali", "Mohamed"),
    ("כהן", "דוד", "IL", "Cohen", "David"), ("Սարգսյան", "Արամ", "AM", "Sargsyan", "Aram"),
    ("Иванова", "Мария", "RU", "Ivanova", "Maria"), ("Παπαδόπουλος", "Γιώργος", "GR", "Papadopoulos", "Giorgos"),
    ("Dupont-Laurent", "Marie-Christine", "FR", None, None), ("Martin", "Camille", "FR", None, None),
]
RECORDED = ("setFillColor", "setFillGray", "setStrokeGray", "setLineWidth", "line", "rect", "setFont", "drawString",
            "drawImage", "saveState", "restoreState", "translate", "scale", "showPage")
# Every layout the app prints (app/badges/layouts.py), the label sheet being 2 × 5 labels of 90 × 54 mm on A4.
LAYOUTS = ("a6", "a4x4", "a7", "cr80", "labels")


class RecordingCanvas(Canvas):
    """A canvas that keeps every drawing call, to replay them on a bare one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []
        super().__init__(*args, **kwargs)


def _recorder(name: str):
    method = getattr(Canvas, name)

    def record(self, *args, **kwargs):
        self.calls.append((name, args, kwargs))
        return method(self, *args, **kwargs)

    return record


for _name in RECORDED:
    setattr(RecordingCanvas, _name, _recorder(_name))


def add_registrations(count: int) -> None:
    """An event with ``count`` confirmed registrations, names in every script, every category (once)."""
    from app.events.models import Event, EventKind, EventStatus
    from app.people.models import Collectivite, CollectiviteType, Person
    from app.registration.models import Delegation, DelegationSide, Registration, RegistrationCategory, RegistrationStatus

    if db.session.scalar(sa.select(Event.id).where(Event.slug == BENCH_SLUG)):
        return
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    starts = datetime(2031, 9, 18, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    event = Event(kind=EventKind.ASSISES, slug=BENCH_SLUG,
                  title_fr="Assises franco-vietnamiennes de la coopération décentralisée",
                  title_en="French-Vietnamese Conference on Decentralised Cooperation", starts_at=starts,
                  ends_at=starts + timedelta(days=1, hours=8), timezone="Europe/Paris", status=EventStatus.PUBLISHED)
    sides = [Delegation(event=event, name="Délégation française", country="FR", side=DelegationSide.FRENCH),
             Delegation(event=event, name="Délégation du Vietnam", country="VN", side=DelegationSide.PARTNER)]
    collectivites = [Collectivite(name=f"Collectivité de coopération décentralisée n° {n}", type=CollectiviteType.COMMUNE,
                                  country="FR") for n in range(20)]
    categories = list(RegistrationCategory)
    db.session.add_all([event, *sides, *collectivites])
    for n in range(count):
        family, given, country, family_latin, given_latin = NAMES[n % len(NAMES)]
        person = Person(family_name=f"{family}", given_name=given, country=country, family_name_latin=family_latin,
                        given_name_latin=given_latin, honorific="Mme" if n % 2 else "M.",
                        function="Vice-président chargé des relations internationales", email=f"badge{n}@example.org",
                        collectivite=collectivites[n % len(collectivites)])
        category = categories[n % len(categories)]
        delegation = sides[n % 2] if category == RegistrationCategory.DELEGATION_MEMBER else None
        db.session.add(Registration(event=event, person=person, category=category, delegation=delegation,
                                    status=RegistrationStatus.CONFIRMED))
    db.session.commit()


def app_run(badge_format: str, statements: list[str]) -> tuple[float, bytes, list, int]:
    """The whole pipeline, as the CLI and the organisers' page run it; returns time, PDF, calls and SQL count."""
    from app.badges.operations import BadgeFilters, prepare_run
    from app.badges.rendering import BadgeFormat, BadgeSheet, LabelSheet, badge_header
    from app.events.queries import find_event_by_slug

    db.session.expire_all()
    before = len(statements)
    started = time.perf_counter()
    event = find_event_by_slug(BENCH_SLUG)
    badges, problems = prepare_run(event, BadgeFilters(), "fr")
    sheet = BadgeSheet(badge_header(event, "fr"), BadgeFormat(badge_format), canvas_class=RecordingCanvas,
                       labels=LabelSheet(2, 5, 90, 54) if badge_format == "labels" else None)
    for badge in badges:
        sheet.add(badge)
    body = sheet.finish()
    elapsed = time.perf_counter() - started
    assert not problems, problems
    pagesize = (sheet.layout.page_width, sheet.layout.page_height)
    return elapsed, body, sheet.canvas.calls, len(statements) - before, pagesize


def bare_run(calls: list, pagesize: tuple[float, float]) -> tuple[float, bytes]:
    """The same drawing calls on a plain canvas; each QR image made again with qrcode."""
    import qrcode

    started = time.perf_counter()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=pagesize)
    for name, args, kwargs in calls:
        if name == "drawImage":
            code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=4)
            code.add_data(args[0]._image.info["qr_text"])
            code.make(fit=True)
            args = (ImageReader(code.make_image().get_image()), *args[1:])
        getattr(canvas, name)(*args, **kwargs)
    canvas.save()
    return time.perf_counter() - started, buffer.getvalue()


def measure(count: int, rounds: int) -> list[dict]:
    add_registrations(count)
    statements: list[str] = []
    sa.event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    app_run("a6", statements)  # warm up: fonts read once per process
    rows = []
    for badge_format in LAYOUTS:
        ours, bare = [], []
        for _ in range(rounds):
            elapsed, body, calls, queries, pagesize = app_run(badge_format, statements)
            ours.append(elapsed)
            bare_elapsed, bare_body = bare_run(calls, pagesize)
            bare.append(bare_elapsed)
        rows.append({"format": badge_format, "badges": count, "app": min(ours), "bare": min(bare),
                     "size": len(body), "bare_size": len(bare_body), "queries": queries})
    return rows


def report(rows: list[dict]) -> None:
    print(f"\n{'badges':22} {'app s':>7} {'bare s':>7} {'× bare':>7} {'PDF MB':>7} {'bare MB':>8} {'SQL':>4}"
          "  target: ≤ 1.3×, < 3 MB")
    for row in rows:
        ratio = row["app"] / row["bare"]
        verdict = "OK" if ratio <= 1.3 and row["size"] < 3_000_000 else "over target"
        print(f"{row['badges']} × {row['format']:16} {row['app']:7.2f} {row['bare']:7.2f} {ratio:7.2f} "
              f"{row['size'] / 1e6:7.2f} {row['bare_size'] / 1e6:8.2f} {row['queries']:4}  {verdict}")


def run(app: Flask, count: int = 600, rounds: int = 3) -> None:
    with app.app_context():
        report(measure(count, rounds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--badges", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", help="PostgreSQL database to use (wiped); default: a temporary SQLite file")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database_url or f"sqlite:///{Path(folder) / 'badges.sqlite3'}"
        app = create_app({"PUBLIC_URL": "http://127.0.0.1", "INSTANCE_PATH": folder, "SQLALCHEMY_DATABASE_URI": url,
                          "SECRET_KEY": "benchmark"})
        with app.app_context():
            from flask_migrate import downgrade, upgrade

            if arguments.database_url:
                downgrade(revision="base")
            upgrade()
        run(app, arguments.badges, arguments.rounds)


if __name__ == "__main__":
    main()
