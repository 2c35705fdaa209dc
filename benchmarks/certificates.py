"""The attendance certificates of the demo RAICT 2023 at full scale (every participant: 509; the demo's no-shows are
checked in for the benchmark) through the app, beside bare reportlab drawing the same pages, in the same run.

    .venv/bin/python benchmarks/certificates.py [--rounds 3] [--database-url postgresql://…]

The app's run is the whole pipeline of ``flask certificates pdf raict-2023`` and of the organisers' "one PDF"
button: the queries (attendees, their days from the check-ins, their certificates), the texts of each page in the
person's language (names in their own script and in Latin form, days formatted), font fallback, shaping and
fitting, the logo and signature images, the QR codes and the drawing. The bare run replays the drawing calls the
app made (same fonts, sizes, positions and strings, already shaped; same images) on a plain reportlab canvas,
making each QR image again with ``qrcode`` (the same mask as the app's) and drawing it, and the logo
and signature, with ``drawImage``: the floor for these very pages, no logic. Each is run ``--rounds`` times,
alternately, and the best time of each is kept. The zip (one PDF per person)
is timed too. ``benchmarks/run.py`` runs it on its demo database.
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

SLUG = "raict-2023"
RECORDED = ("setFillColor", "setFillGray", "setStrokeColor", "setStrokeGray", "setLineWidth", "line", "setFont",
            "drawString", "drawImage", "saveState", "restoreState", "translate", "scale", "showPage")


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


def everyone_attended() -> int:
    """Full scale: every confirmed registration of the RAICT 2023 attended (the demo's no-shows are checked in on
    the first day, its revoked certificate restored), so that the run draws one certificate per participant."""
    from app.certificates.models import Certificate
    from app.checkin.models import CheckIn
    from app.events.queries import find_event_by_slug
    from app.registration.models import Registration, RegistrationStatus

    event = find_event_by_slug(SLUG)
    confirmed = db.session.scalars(sa.select(Registration.id).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)).all()
    present = set(db.session.scalars(sa.select(CheckIn.registration_id).where(CheckIn.event_id == event.id)))
    first = event.days[0]
    db.session.add_all([CheckIn(event_id=event.id, registration_id=registration_id, day=first, desk="A",
                                checked_in_at=event.starts_at, recorded_at=event.starts_at)
                        for registration_id in confirmed if registration_id not in present])
    db.session.execute(sa.update(Certificate).where(Certificate.event_id == event.id)
                       .values(revoked_at=None, reason=None))
    db.session.commit()
    return len(confirmed)


def record_images() -> None:
    """The app draws the logo and the signature as image objects prepared once (app.certificates.rendering
    .draw_image): record them as ``image`` calls, which the bare run replays with reportlab's own drawImage."""
    from app.certificates import rendering

    original = rendering.draw_image
    if getattr(original, "recording", False):
        return

    def draw_image(canvas, image, x, y, width, height):
        if isinstance(canvas, RecordingCanvas):
            canvas.calls.append(("image", (image.source, x, y, width, height), {}))
        return original(canvas, image, x, y, width, height)

    draw_image.recording = True  # type: ignore[attr-defined]
    rendering.draw_image = draw_image


def app_run(statements: list[str]) -> tuple[float, bytes, list, list[str], int]:
    """The whole pipeline; returns time, PDF, drawing calls, the QR texts (one per page) and the SQL count."""
    from app.certificates import operations
    from app.certificates.rendering import CertificateDocument
    from app.events.queries import find_event_by_slug

    db.session.expire_all()
    before = len(statements)
    started = time.perf_counter()
    event = find_event_by_slug(SLUG)
    run = operations.prepare_run(event, actor="benchmark")
    db.session.commit()
    document = CertificateDocument(run.signer, run.title, canvas_class=RecordingCanvas)
    for data in run.pages:
        document.add(data)
    body = document.finish()
    elapsed = time.perf_counter() - started
    assert not run.problems, run.problems
    return elapsed, body, document.canvas.calls, [data.verify_url for data in run.pages], len(statements) - before


def zip_run() -> tuple[float, bytes]:
    from app.certificates import operations
    from app.events.queries import find_event_by_slug

    db.session.expire_all()
    started = time.perf_counter()
    run = operations.prepare_run(find_event_by_slug(SLUG), actor="benchmark")
    db.session.commit()
    body = operations.zip_run(run, {})
    return time.perf_counter() - started, body


def bare_run(calls: list, urls: list[str]) -> tuple[float, bytes]:
    """The same drawing calls on a plain A4 canvas; before each page ends, its QR code made again with qrcode and
    drawn where the app draws it."""
    import qrcode
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    from app.certificates.rendering import MARGIN, QR_MASK, QR_SIZE

    started = time.perf_counter()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    pages = iter(urls)  # one per recorded showPage
    readers: dict[bytes, ImageReader] = {}  # each image read once, as anyone drawing the same logo would

    def qr() -> None:
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=4,
                             mask_pattern=QR_MASK)
        code.add_data(next(pages))
        code.make(fit=True)
        canvas.drawImage(ImageReader(code.make_image().get_image()), MARGIN - 2 * mm, MARGIN - 6 * mm,
                         QR_SIZE, QR_SIZE)

    for name, args, kwargs in calls:
        if name == "image":
            source, x, y, width, height = args
            if source not in readers:
                readers[source] = ImageReader(io.BytesIO(source))
            canvas.drawImage(readers[source], x, y, width, height, mask="auto")
            continue
        if name == "showPage":
            qr()
        getattr(canvas, name)(*args, **kwargs)
    canvas.save()  # the app's last page ended with its save(), recorded as a showPage
    return time.perf_counter() - started, buffer.getvalue()


def measure(rounds: int) -> dict:
    everyone_attended()
    record_images()
    statements: list[str] = []
    sa.event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    app_run(statements)  # warm up: fonts read once per process, certificates issued once
    ours, bare = [], []
    for _ in range(rounds):
        elapsed, body, calls, urls, queries = app_run(statements)
        ours.append(elapsed)
        bare_elapsed, bare_body = bare_run(calls, urls)
        bare.append(bare_elapsed)
    zipped = [zip_run() for _ in range(max(1, rounds - 1))]
    return {"certificates": len(urls), "app": min(ours), "bare": min(bare), "size": len(body),
            "bare_size": len(bare_body), "queries": queries, "zip": min(item[0] for item in zipped),
            "zip_size": len(zipped[0][1])}


def report(row: dict) -> None:
    ratio = row["app"] / row["bare"]
    print(f"\n{'certificates':22} {'app s':>7} {'bare s':>7} {'× bare':>7} {'PDF MB':>7} {'bare MB':>8} {'SQL':>4}"
          "  target: ≤ 1.5×, < 100 KB a page")
    verdict = "OK" if ratio <= 1.5 and row["size"] < row["certificates"] * 100_000 else "over target"
    print(f"{row['certificates']} × A4 (one PDF)     {row['app']:7.2f} {row['bare']:7.2f} {ratio:7.2f} "
          f"{row['size'] / 1e6:7.2f} {row['bare_size'] / 1e6:8.2f} {row['queries']:4}  {verdict}")
    print(f"{row['certificates']} × A4 (zip of PDFs)  {row['zip']:7.2f} {'':7} {row['zip'] / row['bare']:7.2f} "
          f"{row['zip_size'] / 1e6:7.2f}")


def run(app: Flask, rounds: int = 3) -> None:
    with app.app_context():
        report(measure(rounds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", help="PostgreSQL database to use (wiped); default: a temporary SQLite file")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database_url or f"sqlite:///{Path(folder) / 'certificates.sqlite3'}"
        app = create_app({"PUBLIC_URL": "https://rencontres.example.org", "INSTANCE_PATH": folder,
                          "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark"})
        with app.app_context():
            from flask_migrate import downgrade, upgrade

            from app.demo.loader import load_demo

            if arguments.database_url:
                downgrade(revision="base")
            upgrade()
            started = time.perf_counter()
            load_demo()
            print(f"demo data loaded in {time.perf_counter() - started:.1f} s")
        run(app, arguments.rounds)


if __name__ == "__main__":
    main()
