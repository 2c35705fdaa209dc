"""Shared helpers of the certificate tests: an ended event, people checked in on some of its days, a signer,
images to upload, and reading certificates back."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw

from app.certificates import operations
from app.checkin.models import CheckIn
from app.core.extensions import db
from tests.factories import make_event

PAST_START = datetime(2023, 11, 14, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


def ended_event(days: int = 2, **fields):
    """An event of ``days`` days in November 2023 (over)."""
    return make_event(starts_at=PAST_START, ends_at=PAST_START + timedelta(days=days - 1, hours=9), **fields)


def recent_event(days: int = 2, **fields):
    """An event that ended yesterday: its private links still work (they do for 30 days after the end)."""
    from app.core.db import utcnow

    zone = ZoneInfo("Europe/Paris")
    start = datetime.combine(utcnow().astimezone(zone).date() - timedelta(days=days + 1), datetime.min.time(),
                             zone).replace(hour=9)
    return make_event(starts_at=start, ends_at=start + timedelta(days=days - 1, hours=9), **fields)


def check_in(registration, *days: date) -> None:
    for day in days:
        db.session.add(CheckIn(event_id=registration.event_id, registration_id=registration.id, day=day,
                               checked_in_at=datetime.combine(day, datetime.min.time(), ZoneInfo("UTC")),
                               recorded_at=datetime.combine(day, datetime.min.time(), ZoneInfo("UTC")), desk="A"))
    db.session.flush()


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (240, 80)) -> bytes:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).line((10, 60, 80, 10, 150, 70, 230, 20), fill="black", width=4)
    output = io.BytesIO()
    image.save(output, format=fmt)
    return output.getvalue()


def with_signer(event, *, signature: bool = True, logo: bool = False):
    from app.certificates.images import checked_png

    return operations.save_signer(event, "Claire Dupont", "Déléguée générale",
                                  signature_png=checked_png(image_bytes()) if signature else None,
                                  logo_png=checked_png(image_bytes(size=(300, 120))) if logo else None, actor="test")
