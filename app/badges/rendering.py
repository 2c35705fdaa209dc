"""Badge PDFs: A6 portrait (one per page) or A4 sheets of 4 × A6 with cut marks.

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

import enum
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import force_locale
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.badges.categories import COLOURS, BadgeCategory, badge_category
from app.badges.tokens import badge_code_for
from app.core.countries import country_name
from app.core.dates import format_date_range
from app.core.i18n import localized
from app.core.labels import label
from app.core.pdf import (FontStyle, describe_character, draw_qr, draw_text, ensure_printable, fit_font_size,
                          font_chain, text_width, unprintable_characters, wrap_text)
from app.events.models import Event
from app.registration.models import Registration

BADGE_LANGUAGES = ("fr", "en")
GREY = HexColor("#555555")
CUT_MARK = 6 * mm  # length of the cut marks at the edges of an A4 sheet
MARGIN = 6 * mm
QR_SIZE = 36 * mm
BAND_HEIGHT = 16 * mm


class BadgeFormat(enum.StrEnum):
    A6 = "a6"
    A4X4 = "a4x4"


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
    """A PDF being drawn, one badge at a time (A6 pages, or A4 sheets of four)."""

    def __init__(self, header: BadgeHeader, badge_format: BadgeFormat = BadgeFormat.A6, *, language: str = "fr",
                 canvas_class: type[Canvas] = Canvas) -> None:
        ensure_printable([header.title, header.dates])
        self.header = header
        self.format = BadgeFormat(badge_format)
        self.count = 0
        self._buffer = io.BytesIO()
        pagesize = A4 if self.format == BadgeFormat.A4X4 else A6
        self._page_width, self._page_height = pagesize
        self.canvas = canvas_class(self._buffer, pagesize=pagesize, lang=language,
                                   initialFontName=font_chain().primary.name)  # type: ignore[arg-type]  # a name, typed float
        self.canvas.setTitle(header.title)
        self.canvas.setCreator("Rencontres")

    @property
    def badge_size(self) -> tuple[float, float]:
        if self.format == BadgeFormat.A4X4:
            return self._page_width / 2, self._page_height / 2
        return self._page_width, self._page_height

    def add(self, badge: BadgeData) -> None:
        canvas = self.canvas
        width, height = self.badge_size
        if self.format == BadgeFormat.A6:
            if self.count:
                canvas.showPage()
            draw_badge(canvas, badge, self.header, width, height)
        else:
            slot = self.count % 4
            if slot == 0:
                if self.count:
                    canvas.showPage()
                draw_cut_marks(canvas, self._page_width, self._page_height)
            canvas.saveState()
            canvas.translate((slot % 2) * width, (1 - slot // 2) * height)
            draw_badge(canvas, badge, self.header, width, height)
            canvas.restoreState()
        self.count += 1

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self._buffer.getvalue()


def render_badges(badges: Sequence[BadgeData], header: BadgeHeader, badge_format: BadgeFormat = BadgeFormat.A6,
                  language: str = "fr") -> bytes:
    sheet = BadgeSheet(header, badge_format, language=language)
    for badge in badges:
        sheet.add(badge)
    return sheet.finish()


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
    inner = width - 2 * MARGIN
    centre = width / 2
    top = height - MARGIN
    canvas.setFillColor(GREY)
    top = _lines(canvas, centre, top, header.title, inner, 10.5, 7, "bold", max_lines=2)
    top = _lines(canvas, centre, top - 1 * mm, header.dates, inner, 8.5, 6, "regular", max_lines=1)
    canvas.setFillGray(0)
    top = _name(canvas, centre, top - 7 * mm, badge.name, inner)
    if badge.name_latin:
        top = _lines(canvas, centre, top - 1 * mm, badge.name_latin, inner, 13, 7, "regular", max_lines=1)
    if badge.function:
        top = _lines(canvas, centre, top - 2 * mm, badge.function, inner, 9.5, 6.5, "regular", max_lines=2)
    if badge.collectivite:
        top = _lines(canvas, centre, top - 2 * mm, badge.collectivite, inner, 10, 6.5, "bold", max_lines=2)
    if badge.country:
        canvas.setFillColor(GREY)
        _lines(canvas, centre, top - 1 * mm, badge.country, inner, 9.5, 6.5, "regular", max_lines=1)
    # The QR code above the band, then the band with the category's word.
    draw_qr(canvas, centre - QR_SIZE / 2, BAND_HEIGHT + 4 * mm, QR_SIZE, badge.code)
    canvas.setFillColor(HexColor(COLOURS[badge.category]))
    canvas.rect(0, 0, width, BAND_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(white)
    size = fit_font_size(badge.category_word, inner, 16, 7, "bold")
    draw_text(canvas, centre, BAND_HEIGHT / 2 - size * 0.35, badge.category_word, size, "bold", align="center")


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
