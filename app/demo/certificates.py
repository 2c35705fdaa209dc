"""The demo's attendance certificates: the RAICT 2023 (ended, with its desk check-ins) has a signer with a
signature image and the organisation's logo, every attendee's certificate is issued (codes and verification pages
to look at), and one is revoked. Idempotent: the signer is named once, certificates only issued where missing."""
from __future__ import annotations

import io

import sqlalchemy as sa
from PIL import Image, ImageDraw, ImageFont

from app.certificates import operations
from app.certificates.models import Certificate
from app.core.extensions import db
from app.core.pdf import find_font_file
from app.demo.data import RAICT_2023
from app.events.models import Event

SIGNER = ("Claire Dupuis", "Déléguée générale, Cités Unies France")


def _png(image: Image.Image) -> bytes:
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def demo_signature() -> bytes:
    """A drawn scribble (transparent background), as a scanned signature would be once cleaned up."""
    image = Image.new("RGBA", (480, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(20, 120), (60, 40), (90, 110), (130, 30), (160, 115), (200, 60), (230, 100), (300, 50), (360, 95),
              (460, 70)]
    draw.line(points, fill=(20, 30, 90, 255), width=6, joint="curve")
    draw.line([(40, 135), (420, 128)], fill=(20, 30, 90, 255), width=3)
    return _png(image)


def demo_logo() -> bytes:
    """The organisation's mark: "CUF" on a blue roundel with the name beside it."""
    image = Image.new("RGBA", (720, 200), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 190, 190), fill=(31, 78, 121, 255))
    bold, regular = find_font_file("NotoSans-Bold.ttf"), find_font_file("NotoSans-Regular.ttf")
    if bold is not None and regular is not None:
        draw.text((100, 100), "CUF", font=ImageFont.truetype(str(bold), 64), fill="white", anchor="mm")
        draw.text((220, 100), "Cités Unies France", font=ImageFont.truetype(str(regular), 56),
                  fill=(31, 78, 121, 255), anchor="lm")
    return _png(image)


def ensure_certificates() -> None:
    """Flushes; the loader commits."""
    event = db.session.scalar(sa.select(Event).where(Event.slug == RAICT_2023))
    if event is None or not operations.event_has_ended(event):
        return
    if operations.signer_row(event) is None:
        operations.save_signer(event, *SIGNER, signature_png=demo_signature(), logo_png=demo_logo(), actor="demo")
    attendees = operations.attendees(event)
    certificates = operations.issue_certificates(event, [item.registration for item in attendees], actor="demo")
    revoked = db.session.scalar(sa.select(sa.func.count(Certificate.id))
                                .where(Certificate.event_id == event.id, Certificate.revoked_at.is_not(None)))
    if not revoked and attendees:
        operations.revoke_certificate(certificates[attendees[-1].registration.id],
                                      "Démo : attestation délivrée par erreur", actor="demo")
