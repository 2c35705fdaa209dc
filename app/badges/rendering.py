"""Badge PDFs: A6 portrait (one per page), A4 sheets of 4 × A6 with cut marks, A7, CR80 cards (85.6 × 54 mm,
landscape, one per page for card printers) and label sheets of any dimensions (see app/badges/layouts.py), with
the printer's x/y offset applied to every page; and a calibration page to measure that offset.

Two steps, so that a run can report its problems before drawing and stream its progress:

1. :func:`prepare_badges` turns registrations into :class:`BadgeData` (plain texts: name in the
   person's own script and its Latin form, honorific and function, collectivité, country, the
   category's word and colour, the signed QR code). A registration with a text that no installed
   font can print becomes a :class:`BadgeProblem` (which registration, which characters) instead
   of a badge with empty boxes.
2. :class:`BadgeSheet` draws badges one by one on a reportlab canvas through ``app.core.pdf``
   (font fallback per character, NFC, Arabic shaping and bidi, QR as a 1-bit image) and
   :meth:`BadgeSheet.finish` returns the PDF's bytes.

Long texts shrink to fit their line (the name down to 9 pt, then on two lines); nothing overflows.
"""
from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import force_locale
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A6, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.badges.categories import COLOURS, BadgeCategory, badge_category
from app.badges.layouts import BadgeFormat, LabelSheet, PageLayout, Slot, page_layout
from app.badges.tokens import badge_code_for
from app.core.countries import country_name
from app.core.dates import format_date_range
from app.core.i18n import localized
from app.core.labels import label
from app.core.pdf import (
    FontStyle,
    describe_character,
    draw_qr,
    draw_text,
    ensure_printable,
    fit_font_size,
    font_chain,
    text_width,
    unprintable_characters,
    wrap_text,
)
from app.events.models import Event
from app.registration.models import Registration

BADGE_LANGUAGES = ("fr", "en")
GREY = HexColor("#555555")
CUT_MARK = 6 * mm  # length of the cut marks at the edges of an A4 sheet
MARGIN = 6 * mm
QR_SIZE = 36 * mm
BAND_HEIGHT = 16 * mm


__all__ = ["BadgeFormat", "LabelSheet"]


@dataclass(frozen=True)
class BadgeHeader:
    """What every badge of a run shares: the event's title and dates."""

    title: str
    dates: str


@dataclass(frozen=True)
class BadgeData:
    registration_id: int
    name: str
    name_latin: str | None  # only when it differs from the name
    function: str
    collectivite: str
    country: str
    category: BadgeCategory
    category_word: str
    code: str


@dataclass(frozen=True)
class BadgeProblem:
    """A registration whose badge cannot be printed, and why."""

    registration_id: int
    name_latin: str
    characters: str  # the characters no installed font has, e.g. "U+E000 '\ue000' (unnamed)"

    def __str__(self) -> str:
        return f"#{self.registration_id} {self.name_latin}: {self.characters}"


# --- preparing ------------------------------------------------------------------------

def badge_header(event: Event, language: str) -> BadgeHeader:
    with force_locale(language):
        return BadgeHeader(localized(event, "title", language),
                           format_date_range(event.starts_at, event.ends_at, event.timezone))


def category_word(category: BadgeCategory) -> str:
    """The category's word in French and English ("Intervenant · Speaker"), once when they agree."""
    words = []
    for language in BADGE_LANGUAGES:
        with force_locale(language):
            words.append(label(category))
    return " · ".join(dict.fromkeys(words))


def badge_data(registration: Registration, language: str, words: dict[BadgeCategory, str] | None = None) -> BadgeData:
    person = registration.person
    category = badge_category(registration)
    function = " · ".join(part for part in (person.honorific, person.function) if part)
    return BadgeData(
        registration_id=registration.id, name=person.name,
        name_latin=person.name_latin if _nfc(person.name_latin) != _nfc(person.name) else None,
        function=function, collectivite=person.collectivite.display_name if person.collectivite else "",
        country=country_name(person.country, language), category=category,
        category_word=(words or {}).get(category) or category_word(category), code=badge_code_for(registration))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def badge_problem(registration: Registration, data: BadgeData) -> BadgeProblem | None:
    """The texts of the badge no installed font can print (None when everything prints)."""
    missing = ""
    for text, style in ((data.name, "bold"), (data.name_latin, "regular"), (data.function, "regular"),
                        (data.collectivite, "regular")):
        missing += unprintable_characters(text, style)  # type: ignore[arg-type]
    if not missing:
        return None
    return BadgeProblem(registration.id, registration.person.name_latin,
                        ", ".join(describe_character(char) for char in dict.fromkeys(missing)))


def prepare_badges(registrations: Iterable[Registration], language: str) -> tuple[list[BadgeData], list[BadgeProblem]]:
    """The badges to draw, and the registrations left out because a text cannot print."""
    words = {category: category_word(category) for category in BadgeCategory}
    badges, problems = [], []
    for registration in registrations:
        data = badge_data(registration, language, words)
        problem = badge_problem(registration, data)
        if problem is None:
            badges.append(data)
        else:
            problems.append(problem)
    return badges, problems


# --- drawing ----------------------------------------------------------------------------

class BadgeSheet:
    """A PDF being drawn, one badge at a time, in any layout (see :func:`app.badges.layouts.page_layout`).
    ``offset``: the printer's (x, y) offset in mm, x to the right and y downwards, applied to every page."""

    def __init__(self, header: BadgeHeader, badge_format: BadgeFormat = BadgeFormat.A6, *, language: str = "fr",
                 canvas_class: type[Canvas] = Canvas, labels: LabelSheet | None = None,
                 offset: tuple[float, float] = (0.0, 0.0)) -> None:
        ensure_printable([header.title, header.dates])
        self.header = header
        self.format = BadgeFormat(badge_format)
        self.layout: PageLayout = page_layout(self.format, labels)
        self.offset = offset
        self.count = 0
        self._buffer = io.BytesIO()
        pagesize = (self.layout.page_width, self.layout.page_height)
        self.canvas = canvas_class(self._buffer, pagesize=pagesize, lang=language,
                                   initialFontName=font_chain().primary.name)  # type: ignore[arg-type]  # a name, typed float
        self.canvas.setTitle(header.title)
        self.canvas.setCreator("Rencontres")

    @property
    def badge_size(self) -> tuple[float, float]:
        return self.layout.slots[0].width, self.layout.slots[0].height

    @property
    def per_page(self) -> int:
        return len(self.layout.slots)

    def add(self, badge: BadgeData) -> None:
        canvas = self.canvas
        slot_index = self.count % self.per_page
        if slot_index == 0:
            if self.count:
                canvas.showPage()
            if self.layout.cut_marks:  # moved by the offset too: the printer shifts everything
                canvas.saveState()
                canvas.translate(self.offset[0] * mm, -self.offset[1] * mm)
                draw_cut_marks(canvas, self.layout.page_width, self.layout.page_height)
                canvas.restoreState()
        slot = self.layout.slots[slot_index]
        canvas.saveState()
        canvas.translate(slot.x + self.offset[0] * mm, slot.y - self.offset[1] * mm)
        draw_badge_in(canvas, badge, self.header, slot.width, slot.height)
        canvas.restoreState()
        self.count += 1

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self._buffer.getvalue()


def render_badges(badges: Sequence[BadgeData], header: BadgeHeader, badge_format: BadgeFormat = BadgeFormat.A6,
                  language: str = "fr", *, labels: LabelSheet | None = None,
                  offset: tuple[float, float] = (0.0, 0.0)) -> bytes:
    sheet = BadgeSheet(header, badge_format, language=language, labels=labels, offset=offset)
    for badge in badges:
        sheet.add(badge)
    return sheet.finish()


def draw_badge_in(canvas: Canvas, badge: BadgeData, header: BadgeHeader, width: float, height: float) -> None:
    """One badge in a box of any size: drawn at the A6 design's scale (portrait, or landscape for a box wider
    than high, like a CR80 card) and scaled down to the box, so fonts, scripts and QR are the same everywhere."""
    design_w, design_h = A6 if height >= width else landscape(A6)
    scale = min(1.0, width / design_w, height / design_h)
    canvas.saveState()
    canvas.scale(scale, scale)
    if height >= width:
        draw_badge(canvas, badge, header, width / scale, height / scale)
    else:
        draw_badge_landscape(canvas, badge, header, width / scale, height / scale)
    canvas.restoreState()


def render_calibration(header: BadgeHeader, badge_format: BadgeFormat, *, labels: LabelSheet | None = None,
                       offset: tuple[float, float] = (0.0, 0.0), language: str = "fr") -> bytes:
    """A page of the layout with each badge's outline and a crosshair at its centre, a millimetre ruler along
    the top and left edges (not moved: they measure the paper), and the offset in use. Print it, measure how far
    the outlines fall from where they should, and set the offset (x to the right, y downwards) in mm."""
    sheet = BadgeSheet(header, badge_format, language=language, labels=labels, offset=offset)
    canvas, layout = sheet.canvas, sheet.layout
    canvas.setLineWidth(0.4)
    canvas.setStrokeGray(0)
    canvas.saveState()
    canvas.translate(offset[0] * mm, -offset[1] * mm)
    for slot in layout.slots:
        _outline(canvas, slot)
    canvas.restoreState()
    _rulers(canvas, layout.page_width, layout.page_height)
    canvas.setFillGray(0)
    first = layout.slots[0]
    size = fit_font_size("offset x = -00.0 mm, y = -00.0 mm", first.width - 6 * mm, 9, 4, "regular")
    text = f"offset x = {offset[0]:g} mm, y = {offset[1]:g} mm"
    draw_text(canvas, first.x + offset[0] * mm + 3 * mm, first.y - offset[1] * mm + first.height / 2 - 4 * mm,
              text, size, "regular", align="left")
    canvas.setTitle(f"{header.title} · calibration")
    return sheet.finish()


def _outline(canvas: Canvas, slot: Slot) -> None:
    canvas.rect(slot.x, slot.y, slot.width, slot.height, stroke=1, fill=0)
    centre_x, centre_y = slot.x + slot.width / 2, slot.y + slot.height / 2
    arm = min(slot.width, slot.height) / 4
    canvas.line(centre_x - arm, centre_y, centre_x + arm, centre_y)
    canvas.line(centre_x, centre_y - arm, centre_x, centre_y + arm)
    canvas.circle(centre_x, centre_y, 1 * mm, stroke=1, fill=0)


def _rulers(canvas: Canvas, page_width: float, page_height: float) -> None:
    """Ticks every mm along the top and left edges, longer every 5 mm, numbered every 10 mm."""
    canvas.saveState()
    canvas.setLineWidth(0.25)
    canvas.setFillGray(0)
    for n in range(int(page_width / mm) + 1):
        length = 5 * mm if n % 10 == 0 else 3 * mm if n % 5 == 0 else 1.5 * mm
        canvas.line(n * mm, page_height, n * mm, page_height - length)
        if n % 10 == 0 and n:
            draw_text(canvas, n * mm, page_height - 8 * mm, str(n), 5, "regular", align="center")
    for n in range(int(page_height / mm) + 1):
        length = 5 * mm if n % 10 == 0 else 3 * mm if n % 5 == 0 else 1.5 * mm
        canvas.line(0, page_height - n * mm, length, page_height - n * mm)
        if n % 10 == 0 and n:
            draw_text(canvas, 6 * mm, page_height - n * mm - 1.8, str(n), 5, "regular", align="left")
    canvas.restoreState()


def draw_cut_marks(canvas: Canvas, page_width: float, page_height: float) -> None:
    """Short lines at the page's edges where the sheet is cut in four (none inside a badge)."""
    canvas.saveState()
    canvas.setStrokeGray(0.3)
    canvas.setLineWidth(0.5)
    middle_x, middle_y = page_width / 2, page_height / 2
    for x0, y0, x1, y1 in ((middle_x, 0, middle_x, CUT_MARK), (middle_x, page_height - CUT_MARK, middle_x, page_height),
                           (0, middle_y, CUT_MARK, middle_y), (page_width - CUT_MARK, middle_y, page_width, middle_y)):
        canvas.line(x0, y0, x1, y1)
    canvas.restoreState()


def draw_badge(canvas: Canvas, badge: BadgeData, header: BadgeHeader, width: float, height: float) -> None:
    """One badge in the box (0, 0)–(width, height) of the canvas's current coordinates."""
    _texts(canvas, badge, header, width / 2, height - MARGIN, width - 2 * MARGIN, compact=False)
    # The QR code above the band, then the band with the category's word.
    draw_qr(canvas, width / 2 - QR_SIZE / 2, BAND_HEIGHT + 4 * mm, QR_SIZE, badge.code)
    _band(canvas, badge, width)


def draw_badge_landscape(canvas: Canvas, badge: BadgeData, header: BadgeHeader, width: float, height: float) -> None:
    """A badge wider than high (CR80 card, most labels): the texts on the left, the QR code on the right, the
    category's band at the bottom; the same texts, fonts and QR as :func:`draw_badge`."""
    qr_size = min(QR_SIZE, height - BAND_HEIGHT - 2 * MARGIN)
    inner = width - qr_size - 3 * MARGIN
    _texts(canvas, badge, header, MARGIN + inner / 2, height - MARGIN, inner, compact=True)
    draw_qr(canvas, width - MARGIN - qr_size, BAND_HEIGHT + (height - BAND_HEIGHT - qr_size) / 2, qr_size, badge.code)
    _band(canvas, badge, width)


def _texts(canvas: Canvas, badge: BadgeData, header: BadgeHeader, centre: float, top: float, inner: float, *,
           compact: bool) -> None:
    """What a badge says, top down, centred on ``centre`` within ``inner`` points: the event, its dates, the
    name (and its Latin form), function, collectivité, country. ``compact`` (a landscape badge): tighter gaps,
    one line each."""
    gap, lines = (0.5 * mm, 1) if compact else (1 * mm, 2)
    canvas.setFillColor(GREY)
    top = _lines(canvas, centre, top, header.title, inner, 10.5, 7, "bold", max_lines=lines)
    top = _lines(canvas, centre, top - gap, header.dates, inner, 8.5, 6, "regular", max_lines=1)
    canvas.setFillGray(0)
    top = _name(canvas, centre, top - (3 * mm if compact else 7 * mm), badge.name, inner)
    if badge.name_latin:
        top = _lines(canvas, centre, top - gap, badge.name_latin, inner, 13, 7, "regular", max_lines=1)
    if badge.function:
        top = _lines(canvas, centre, top - 2 * gap, badge.function, inner, 9.5, 6.5, "regular", max_lines=lines)
    if badge.collectivite:
        top = _lines(canvas, centre, top - 2 * gap, badge.collectivite, inner, 10, 6.5, "bold", max_lines=lines)
    if badge.country:
        canvas.setFillColor(GREY)
        _lines(canvas, centre, top - gap, badge.country, inner, 9.5, 6.5, "regular", max_lines=1)


def _band(canvas: Canvas, badge: BadgeData, width: float) -> None:
    """The band at the bottom, in the category's colour, with its word."""
    canvas.setFillColor(HexColor(COLOURS[badge.category]))
    canvas.rect(0, 0, width, BAND_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(white)
    size = fit_font_size(badge.category_word, width - 2 * MARGIN, 16, 7, "bold")
    draw_text(canvas, width / 2, BAND_HEIGHT / 2 - size * 0.35, badge.category_word, size, "bold", align="center")


def _name(canvas: Canvas, x: float, top: float, name: str, width: float) -> float:
    """The name, large: one line from 32 down to 14 pt, else up to three lines down to 9 pt."""
    size = fit_font_size(name, width, 32, 14, "bold")
    if text_width(name, size, "bold") <= width:
        return _draw_lines(canvas, x, top, [name], size, "bold")
    for size in (24, 20, 16, 13, 11, 9):
        lines = wrap_text(name, width, size, "bold")
        if len(lines) <= 3:
            return _draw_lines(canvas, x, top, lines, size, "bold", width)
    return _draw_lines(canvas, x, top, lines[:2] + [" ".join(lines[2:])], size, "bold", width)


def _lines(canvas: Canvas, x: float, top: float, text: str, width: float, size: float, minimum: float,
           style: FontStyle, max_lines: int) -> float:
    """Centred text shrunk to fit ``max_lines`` lines (the last line shrinks further if need be)."""
    fitted = fit_font_size(text, width, size, minimum, style)
    if text_width(text, fitted, style) <= width or max_lines == 1:
        return _draw_lines(canvas, x, top, [text], fitted, style, width)
    while True:
        lines = wrap_text(text, width, size, style)
        if len(lines) <= max_lines or size <= minimum:
            break
        size = max(minimum, size - 1)
    if len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [" ".join(lines[max_lines - 1:])]
    return _draw_lines(canvas, x, top, lines, size, style, width)


def _draw_lines(canvas: Canvas, x: float, top: float, lines: list[str], size: float, style: FontStyle,
                width: float | None = None) -> float:
    """Centred lines under ``top``; a line still too wide is shrunk on its own. Returns the new top."""
    for line in lines:
        line_size = size if width is None else fit_font_size(line, width, size, 3, style)
        top -= size * 1.05
        draw_text(canvas, x, top, line, line_size, style, align="center")
        top -= size * 0.25
    return top
