"""Certificate PDFs: one A4 page per person, in the person's language, drawn through ``app.core.pdf`` (the badges'
font chain: NFC, Arabic shaping and bidi, per-character fallback over every script; the QR as a 1-bit image).

Two steps, like the badges (app/badges/rendering.py), so that a run reports its problems before drawing and can
stream its progress:

1. :func:`certificate_data` turns a registration, its certificate and its days into :class:`CertificateData`
   (plain texts already in the person's language); a name no installed font can print is a problem
   (:func:`certificate_problem`), never a page with empty boxes.
2. :class:`CertificateDocument` draws pages one by one and :meth:`CertificateDocument.finish` returns the bytes.
"""
from __future__ import annotations

import hashlib
import io
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from PIL import Image
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from app.core.countries import country_name
from app.core.dates import format_day, format_local_date
from app.core.i18n import localized
from app.core.pdf import (
    FontStyle,
    describe_character,
    draw_qr,
    draw_text,
    fit_font_size,
    font_chain,
    text_width,
    unprintable_characters,
    wrap_text,
)
from app.events.models import Event
from app.registration.models import Registration

CERTIFICATE_LANGUAGES = ("fr", "en")
ACCENT = HexColor("#1f4e79")
GREY = HexColor("#555555")
MARGIN = 22 * mm
QR_SIZE = 30 * mm
QR_MASK = 2  # a fixed mask: hundreds of codes made 5× faster, read as well (see app.core.pdf.qr_image)
PAGE_WIDTH, PAGE_HEIGHT = A4


def certificate_language(language: str | None) -> str:
    return language if language in CERTIFICATE_LANGUAGES else "fr"


@dataclass(frozen=True)
class Signer:
    """Who signs, and the images (PNG bytes, already checked) of the signature and the organisation's logo."""

    name: str
    function: str
    signature_png: bytes | None = None
    logo_png: bytes | None = None


@dataclass(frozen=True)
class CertificateData:
    registration_id: int
    language: str
    name: str
    name_latin: str | None  # only when it differs from the name
    function: str
    collectivite: str
    event_title: str
    place: str  # "at <venue, city, country>," or "online,", in the person's language
    days: tuple[str, ...]  # formatted in the person's language
    verify_url: str
    code: str
    issued_on: str = ""  # "Issued on 16 November 2023", in the person's language


@dataclass(frozen=True)
class CertificateProblem:
    registration_id: int
    name_latin: str
    characters: str

    def __str__(self) -> str:
        return f"#{self.registration_id} {self.name_latin}: {self.characters}"


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def event_place(event: Event, language: str) -> str:
    """Where the event took place, as the certificate says it: "at <venue, city, country>," or "online,"."""
    with force_locale(language):
        if event.is_online:
            return _("online,")
        parts = [event.venue_name, event.venue_city, country_name(event.venue_country, language)
                 if event.venue_country else None]
        place = ", ".join(dict.fromkeys(part for part in parts if part))
        return _("at %(place)s,", place=place) if place else ""


def certificate_data(registration: Registration, days: Sequence[date], code: str, verify_url: str,
                     issued_at: datetime | None = None) -> CertificateData:
    person = registration.person
    language = certificate_language(registration.language)
    with force_locale(language):
        formatted = tuple(format_day(day) for day in days)
        issued_on = _("Issued on %(date)s", date=format_local_date(issued_at, registration.event.timezone)) \
            if issued_at else ""
    collectivite = person.collectivite.display_name if person.collectivite else ""
    return CertificateData(
        registration_id=registration.id, language=language, name=person.name,
        name_latin=person.name_latin if _nfc(person.name_latin) != _nfc(person.name) else None,
        function=" · ".join(part for part in (person.honorific, person.function) if part),
        collectivite=collectivite, event_title=localized(registration.event, "title", language),
        place=event_place(registration.event, language), days=formatted, verify_url=verify_url, code=code,
        issued_on=issued_on)


def certificate_problem(data: CertificateData, name_latin: str) -> CertificateProblem | None:
    missing = "".join(unprintable_characters(text, style) for text, style in (  # type: ignore[arg-type]
        (data.name, "bold"), (data.name_latin, "regular"), (data.function, "regular"), (data.collectivite, "regular")))
    if not missing:
        return None
    return CertificateProblem(data.registration_id, name_latin,
                              ", ".join(describe_character(char) for char in dict.fromkeys(missing)))


@dataclass(frozen=True)
class _Words:
    title: str
    intro: str
    attended: str
    days: str
    verify: str
    code: str


def _words(language: str, signer: Signer) -> _Words:
    with force_locale(language):
        return _Words(
            title=_("Certificate of attendance"),
            intro=_("I, the undersigned, %(name)s, %(function)s, certify that", name=signer.name,
                    function=signer.function),
            attended=_("attended"),
            days=_("on the following days:"),
            verify=_("Check this certificate at"),
            code=_("Code"),
        )


class CertificateDocument:
    """A PDF of certificates being drawn, one A4 page each."""

    def __init__(self, signer: Signer, title: str, *, canvas_class: type[Canvas] = Canvas) -> None:
        self.signer = signer
        self.count = 0
        self._buffer = io.BytesIO()
        self.canvas = canvas_class(self._buffer, pagesize=A4,
                                   initialFontName=font_chain().primary.name)  # type: ignore[arg-type]  # a name, typed float
        self.canvas.setTitle(title)
        self.canvas.setCreator("Rencontres")
        self._words: dict[str, _Words] = {}
        self._logo = prepared_image(signer.logo_png) if signer.logo_png else None
        self._signature = prepared_image(signer.signature_png) if signer.signature_png else None

    def words(self, language: str) -> _Words:
        if language not in self._words:
            self._words[language] = _words(language, self.signer)
        return self._words[language]

    def add(self, data: CertificateData) -> None:
        if self.count:
            self.canvas.showPage()
        draw_certificate(self.canvas, data, self.signer, self.words(data.language), self._logo, self._signature)
        self.count += 1

    def finish(self) -> bytes:
        if not self.count:
            self.canvas.showPage()
        self.canvas.save()
        return self._buffer.getvalue()


def render_certificates(certificates: Sequence[CertificateData], signer: Signer, title: str) -> bytes:
    document = CertificateDocument(signer, title)
    for data in certificates:
        document.add(data)
    return document.finish()


# --- images: the logo and the signature, prepared once per process for every document -----------------

@dataclass(frozen=True)
class PreparedImage:
    """An image ready for any PDF: RGB on white (the page is white), its rows Flate-compressed once. Drawn as an
    image XObject made from these bytes, so that a run of hundreds of documents (the zip: one PDF per person) does
    not decode, flatten and compress the logo and the signature again for each one."""

    name: str
    width: int
    height: int
    data: bytes  # zlib-compressed RGB rows
    source: bytes  # the PNG it was made from


_prepared: dict[str, PreparedImage] = {}


def prepared_image(png: bytes) -> PreparedImage:
    digest = hashlib.sha256(png).hexdigest()[:32]
    found = _prepared.get(digest)
    if found is None:
        with Image.open(io.BytesIO(png)) as image:
            rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        found = PreparedImage(f"img{digest}", flat.width, flat.height, zlib.compress(flat.tobytes()), png)
        if len(_prepared) >= 64:
            _prepared.clear()
        _prepared[digest] = found
    return found


class _RGBImage(pdfdoc.PDFImageXObject):
    def __init__(self, image: PreparedImage) -> None:
        super().__init__(image.name)
        self.width, self.height = image.width, image.height
        self.bitsPerComponent = 8
        self.colorSpace = "DeviceRGB"
        self._filters = ("FlateDecode",)
        self.streamContent = image.data  # type: ignore[assignment]  # bytes, though typed str
        self.mask = None


def draw_image(canvas: Canvas, image: PreparedImage, x: float, y: float, width: float, height: float) -> None:
    """The image in the box (x, y)–(x + width, y + height), one image object per document (as draw_qr does)."""
    canvas_: Any = canvas  # reportlab's private page API (image objects), which its stubs leave out
    registered = canvas_._doc.getXObjectName(image.name)
    if canvas_._doc.idToObject.get(registered) is None:
        xobject = _RGBImage(image)
        canvas_._setXObjects(xobject)
        canvas_._doc.Reference(xobject, registered)
        canvas_._doc.addForm(image.name, xobject)
    canvas_._currentPageHasImages = 1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas_._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas_._formsinuse.append(image.name)


def _image(canvas: Canvas, image: PreparedImage, x: float, top: float, max_width: float, max_height: float,
           align: str = "left") -> float:
    """Draw the image within the box, keeping its proportions; returns the height drawn."""
    scale = min(max_width / image.width, max_height / image.height)
    drawn_w, drawn_h = image.width * scale, image.height * scale
    left = x - drawn_w / 2 if align == "center" else x
    draw_image(canvas, image, left, top - drawn_h, drawn_w, drawn_h)
    return drawn_h


def draw_certificate(canvas: Canvas, data: CertificateData, signer: Signer, words: _Words,
                     logo: PreparedImage | None, signature: PreparedImage | None) -> None:
    width = PAGE_WIDTH - 2 * MARGIN
    centre = PAGE_WIDTH / 2
    top = PAGE_HEIGHT - MARGIN
    # The organisation's logo, then the title.
    if logo is not None:
        top -= _image(canvas, logo, centre, top, 60 * mm, 25 * mm, align="center") + 8 * mm
    else:
        canvas.setFillColor(ACCENT)
        draw_text(canvas, centre, top - 12, "Rencontres", 16, "bold", align="center")
        top -= 16 * mm
    canvas.setFillColor(ACCENT)
    canvas.setStrokeColor(ACCENT)
    top = _lines(canvas, centre, top, words.title.upper(), width, 24, 14, "bold")
    canvas.setLineWidth(1)
    canvas.line(centre - 30 * mm, top - 2 * mm, centre + 30 * mm, top - 2 * mm)
    canvas.setFillGray(0)
    top = _lines(canvas, centre, top - 12 * mm, words.intro, width, 11.5, 8, "regular", max_lines=3)
    # The person: name in their own script, its Latin form, function and collectivité.
    top = _lines(canvas, centre, top - 8 * mm, data.name, width, 26, 12, "bold", max_lines=2)
    if data.name_latin:
        top = _lines(canvas, centre, top - 1 * mm, data.name_latin, width, 14, 8, "regular")
    canvas.setFillColor(GREY)
    if data.function:
        top = _lines(canvas, centre, top - 3 * mm, data.function, width, 11.5, 7, "regular", max_lines=2)
    if data.collectivite:
        top = _lines(canvas, centre, top - 1 * mm, data.collectivite, width, 12, 7, "bold", max_lines=2)
    canvas.setFillGray(0)
    top = _lines(canvas, centre, top - 8 * mm, words.attended, width, 11.5, 8, "regular")
    canvas.setFillColor(ACCENT)
    top = _lines(canvas, centre, top - 2 * mm, data.event_title, width, 16, 9, "bold", max_lines=3)
    canvas.setFillGray(0)
    if data.place:
        top = _lines(canvas, centre, top - 2 * mm, data.place, width, 11.5, 7, "regular", max_lines=2)
    top = _lines(canvas, centre, top - 3 * mm, words.days, width, 11.5, 8, "regular")
    day_size = 12 if len(data.days) <= 6 else 10
    for day in data.days[:14]:
        top = _lines(canvas, centre, top - 0.5 * mm, day, width, day_size, 7, "bold")
    if len(data.days) > 14:
        top = _lines(canvas, centre, top - 0.5 * mm, "…", width, day_size, 7, "bold")
    _signature_block(canvas, signer, signature, min(top - 10 * mm, 95 * mm), data.issued_on)
    _verification(canvas, data, words)


def _signature_block(canvas: Canvas, signer: Signer, signature: PreparedImage | None, top: float,
                     issued_on: str) -> None:
    """On the right: the date of issue, the signature image, the signer's name and function."""
    box = 70 * mm
    centre = PAGE_WIDTH - MARGIN - box / 2
    if issued_on:
        canvas.setFillGray(0)
        top = _lines(canvas, centre, top, issued_on, box, 10, 6.5, "regular") - 1 * mm
    if signature is not None:
        top -= _image(canvas, signature, centre, top, box, 22 * mm, align="center") + 2 * mm
    else:
        top -= 22 * mm
    canvas.setFillGray(0)
    top = _lines(canvas, centre, top, signer.name, box, 11.5, 7, "bold", max_lines=2)
    canvas.setFillColor(GREY)
    _lines(canvas, centre, top, signer.function, box, 10, 6.5, "regular", max_lines=2)


def _verification(canvas: Canvas, data: CertificateData, words: _Words) -> None:
    """Bottom left: the QR code of the verification URL, and the URL and code in words."""
    bottom = MARGIN - 6 * mm
    draw_qr(canvas, MARGIN - 2 * mm, bottom, QR_SIZE, data.verify_url, mask_pattern=QR_MASK)
    left = MARGIN + QR_SIZE + 2 * mm
    room = PAGE_WIDTH - MARGIN - left
    canvas.setFillColor(GREY)
    draw_text(canvas, left, bottom + QR_SIZE / 2 + 4, words.verify, 9, "regular")
    size = fit_font_size(data.verify_url, room, 10, 5, "regular")
    canvas.setFillGray(0)
    draw_text(canvas, left, bottom + QR_SIZE / 2 - 8, data.verify_url, size, "regular")
    canvas.setFillColor(GREY)
    draw_text(canvas, left, bottom + QR_SIZE / 2 - 20, f"{words.code} {data.code}", 8, "regular")


def _lines(canvas: Canvas, x: float, top: float, text: str, width: float, size: float, minimum: float,
           style: FontStyle, max_lines: int = 1) -> float:
    """Centred text, shrunk to fit ``max_lines`` lines; returns the new top."""
    fitted = fit_font_size(text, width, size, minimum, style)
    if text_width(text, fitted, style) <= width and (fitted == size or max_lines == 1):
        lines, size = [text], fitted
    else:
        while True:
            lines = wrap_text(text, width, size, style)
            if len(lines) <= max_lines or size <= minimum:
                break
            size = max(minimum, size - 1)
        lines = lines[:max_lines - 1] + [" ".join(lines[max_lines - 1:])] if len(lines) > max_lines else lines
    for line in lines:
        line_size = fit_font_size(line, width, size, 3, style)
        top -= size * 1.1
        draw_text(canvas, x, top, line, line_size, style, align="center")
        top -= size * 0.3
    return top
