"""The one place that renders PDFs: fonts for every script, shaping, and mixed-font text.

Text in any script goes through the same steps before it reaches reportlab:

1. NFC normalisation (precomposed letters: "ễ" is one glyph in Noto Sans);
2. Arabic shaping (``arabic_reshaper``: contextual presentation forms, lam-alef ligatures;
   vowel marks are dropped, they cannot be positioned without a shaping engine) and visual
   reordering of right-to-left runs (``bidi.get_display``, left-to-right paragraphs by default);
3. per-character font fallback: the text is cut into runs, each drawn with the first font of
   a chain of TrueType fonts found on the system that has the glyph (Noto Sans for Latin,
   Greek and Cyrillic, then Noto's Arabic, Hebrew, Armenian, Georgian… fonts, then
   WenQuanYi Micro Hei for Han, Kana and Hangul). A character that no font has raises
   :class:`UnprintableTextError` rather than printing an empty box.

Fonts are looked up and registered with reportlab on first use, once per process; reportlab
embeds only the glyphs used (subsets named ``AAAAAA+NotoSans-Regular`` …). reportlab cannot
embed CFF-flavoured OpenType, hence WenQuanYi rather than Noto CJK. Scripts that need
glyph reordering or conjuncts (Devanagari, Khmer, Myanmar…) print their characters one by
one, unshaped.

Helpers: :func:`paragraph_markup` (``<font name=…>`` runs for platypus ``Paragraph``),
:func:`paragraph_style`, :func:`table_style`, :func:`render_document` (a platypus story with header, footer and
"page n / total"), and for canvas drawing :func:`draw_text`, :func:`text_width`,
:func:`wrap_text` and :func:`fit_font_size`; :func:`qr_image` / :func:`draw_qr` draw a QR code (a 1-bit image made
with ``qrcode``); :func:`pdf_response` sends a PDF over HTTP.
"""
from __future__ import annotations

import hashlib
import io
import math
import re
import threading
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast
from xml.sax.saxutils import escape

import arabic_reshaper
import qrcode
import qrcode.constants
from bidi import get_display
from flask import Response
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, TableStyle

from app.core.urls import content_disposition

FontStyle = Literal["regular", "bold"]
Align = Literal["left", "center", "right"]

FONT_DIRECTORIES = (
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/truetype/wqy"),
    Path("/usr/share/fonts/truetype"),
    Path("/usr/local/share/fonts"),
    Path("/usr/share/fonts"),
)
DEBIAN_FONT_PACKAGES = ("fonts-noto-core", "fonts-wqy-microhei")

# Fallback order: the first font that has a character draws it. (file name, index in a .ttc)
REGULAR_FONT_FILES: tuple[tuple[str, int], ...] = tuple((name, 0) for name in (
    "NotoSans-Regular.ttf",  # Latin (Vietnamese included), Greek, Cyrillic
    "NotoSansArabic-Regular.ttf", "NotoSansHebrew-Regular.ttf", "NotoSansArmenian-Regular.ttf",
    "NotoSansGeorgian-Regular.ttf", "NotoSansThai-Regular.ttf", "NotoSansLao-Regular.ttf",
    "NotoSansKhmer-Regular.ttf", "NotoSansMyanmar-Regular.ttf", "NotoSansDevanagari-Regular.ttf",
    "NotoSansBengali-Regular.ttf", "NotoSansGurmukhi-Regular.ttf", "NotoSansGujarati-Regular.ttf",
    "NotoSansOriya-Regular.ttf", "NotoSansTamil-Regular.ttf", "NotoSansTelugu-Regular.ttf",
    "NotoSansKannada-Regular.ttf", "NotoSansMalayalam-Regular.ttf", "NotoSansSinhala-Regular.ttf",
    "NotoSansEthiopic-Regular.ttf", "NotoSansTifinagh-Regular.ttf", "NotoSansSyriac-Regular.ttf",
    "NotoSansThaana-Regular.ttf", "NotoSansNKo-Regular.ttf", "NotoSansAdlam-Regular.ttf",
    "NotoSansVai-Regular.ttf", "NotoSansMongolian-Regular.ttf", "NotoSerifTibetan-Regular.ttf",
    "NotoSansCherokee-Regular.ttf", "NotoSansCanadianAboriginal-Regular.ttf", "NotoSansYi-Regular.ttf",
    "NotoSansMath-Regular.ttf", "NotoSansSymbols-Regular.ttf", "NotoSansSymbols2-Regular.ttf",
    "wqy-microhei.ttc",  # Han, Kana, Hangul (TrueType outlines, unlike Noto CJK)
))
# Bold faces where they exist; the regular chain then fills in (e.g. Han has no bold face here).
BOLD_FONT_FILES: tuple[tuple[str, int], ...] = tuple((name, 0) for name in (
    "NotoSans-Bold.ttf", "NotoSansArabic-Bold.ttf", "NotoSansHebrew-Bold.ttf", "NotoSansArmenian-Bold.ttf",
    "NotoSansGeorgian-Bold.ttf", "NotoSansThai-Bold.ttf", "NotoSansLao-Bold.ttf", "NotoSansKhmer-Bold.ttf",
    "NotoSansMyanmar-Bold.ttf", "NotoSansDevanagari-Bold.ttf", "NotoSansEthiopic-Bold.ttf",
)) + REGULAR_FONT_FILES
FONT_FILES: dict[str, tuple[tuple[str, int], ...]] = {"regular": REGULAR_FONT_FILES, "bold": BOLD_FONT_FILES}

# Characters that may follow the font of the run they are in (so "(李明)" stays one run).
_NEUTRAL_CATEGORIES = ("Z", "P", "M")
# Characters with nothing to draw, dropped when no font has them (joiners, variation selectors).
_IGNORABLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufe00-\ufe0f\ufeff\U000e0100-\U000e01ef]")
_RTL_CLASSES = frozenset({"R", "AL"})
_FRAME_PADDING = 6  # points: platypus frames' default padding
RUN_CACHE_SIZE = 20_000  # texts kept cut into runs, per font chain


class FontsMissingError(RuntimeError):
    """No font of the chain is installed."""


class UnprintableTextError(ValueError):
    """Characters that no installed font can draw; ``problems`` pairs each text with its characters."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        details = "; ".join(f"{text!r}: {', '.join(describe_character(char) for char in chars)}"
                            for text, chars in self.problems)
        super().__init__(f"no installed font can print these characters: {details}")


def describe_character(char: str) -> str:
    """E.g. ``U+E000 '\\ue000' (unnamed)`` or ``U+4E2D '中' (CJK UNIFIED IDEOGRAPH-4E2D)``."""
    return f"U+{ord(char):04X} {char!r} ({unicodedata.name(char, 'unnamed')})"


# --- fonts -------------------------------------------------------------------

@dataclass(frozen=True)
class LoadedFont:
    name: str
    path: Path
    code_points: frozenset[int]

    def has(self, char: str) -> bool:
        return ord(char) in self.code_points


@dataclass
class FontChain:
    """The fonts of one style, in fallback order, with a per-character choice cache."""

    style: str
    fonts: tuple[LoadedFont, ...]
    _choice: dict[str, LoadedFont | None] = field(default_factory=dict, repr=False)
    # Texts already cut into runs (badges and lists repeat the same titles, collectivités, countries).
    runs: dict[tuple[str, str, str | None], tuple[TextRun, ...]] = field(default_factory=dict, repr=False)

    @property
    def primary(self) -> LoadedFont:
        return self.fonts[0]

    def font_for(self, char: str) -> LoadedFont | None:
        if char not in self._choice:
            self._choice[char] = next((font for font in self.fonts if font.has(char)), None)
        return self._choice[char]


_chains: dict[str, FontChain] = {}
_loaded: dict[tuple[Path, int], LoadedFont] = {}
_lock = threading.Lock()


def find_font_file(file_name: str, directories: Iterable[Path] | None = None) -> Path | None:
    directories = FONT_DIRECTORIES if directories is None else directories
    return next((directory / file_name for directory in directories if (directory / file_name).is_file()), None)


def missing_font_files(style: FontStyle = "regular") -> list[str]:
    """The files of the chain that are not installed (cheap: no font is read)."""
    return [name for name, _ in FONT_FILES[style] if find_font_file(name) is None]


def font_chain(style: FontStyle = "regular") -> FontChain:
    """The chain of one style, its fonts read and registered with reportlab on first use."""
    chain = _chains.get(style)
    if chain is None:
        with _lock:
            chain = _chains.get(style) or _build_chain(style)
            _chains[style] = chain
    return chain


def _build_chain(style: str) -> FontChain:
    fonts = []
    for file_name, index in FONT_FILES[style]:
        path = find_font_file(file_name)
        font = _load_font(path, index) if path else None
        if font is not None:
            fonts.append(font)
    if not fonts:
        raise FontsMissingError(
            f"no TrueType font found in {', '.join(map(str, FONT_DIRECTORIES))}; "
            f"install the Debian packages {' '.join(DEBIAN_FONT_PACKAGES)}")
    return FontChain(style, tuple(fonts))


def _load_font(path: Path, index: int) -> LoadedFont | None:
    """Read and register one font (once per process); None when reportlab cannot embed it."""
    key = (path, index)
    if key not in _loaded:
        name = path.stem if index == 0 else f"{path.stem}-{index}"
        try:
            font = TTFont(name, str(path), subfontIndex=index)
        except TTFError:
            return None
        font.shapable = False  # the text arrives shaped and in visual order (see prepare_text)
        pdfmetrics.registerFont(font)
        _loaded[key] = LoadedFont(name, path, frozenset(font.face.charToGlyph))
    return _loaded[key]


# --- text ----------------------------------------------------------------------

@dataclass(frozen=True)
class TextRun:
    font_name: str
    text: str


def prepare_text(text: str | None, base_direction: Literal["L", "R"] = "L") -> str:
    """NFC, blanks as spaces, Arabic shaped, right-to-left runs in visual order."""
    text = unicodedata.normalize("NFC", text or "")
    text = re.sub(r"[\t\n\r\v\f]", " ", text)
    if not any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text):
        return text
    return str(get_display(arabic_reshaper.reshape(text), base_dir=base_direction))


def text_runs(text: str | None, style: FontStyle = "regular", base_direction: Literal["L", "R"] = "L",
              replacement: str | None = None) -> list[TextRun]:
    """The text ready to draw, cut into runs of one font each.

    A character no font has raises UnprintableTextError, or is drawn as ``replacement`` when one is
    given (for titles and descriptions; people's names are checked strictly with ensure_printable).
    """
    chain = font_chain(style)
    key = (text or "", base_direction, replacement)
    cached = chain.runs.get(key)
    if cached is not None:
        return list(cached)
    runs: list[TextRun] = []
    missing: list[str] = []
    current: LoadedFont | None = None
    for char in prepare_text(text, base_direction):
        font = current if current and current.has(char) and _is_neutral(char) else chain.font_for(char)
        if font is None and replacement is not None and not _IGNORABLE.match(char):
            char, font = replacement, chain.font_for(replacement)
        if font is None:
            if not _IGNORABLE.match(char):
                missing.append(char)
            continue
        if runs and font is current:
            runs[-1] = TextRun(font.name, runs[-1].text + char)
        else:
            runs.append(TextRun(font.name, char))
        current = font
    if missing:
        raise UnprintableTextError([(text or "", "".join(dict.fromkeys(missing)))])
    if len(chain.runs) >= RUN_CACHE_SIZE:
        chain.runs.clear()
    chain.runs[key] = tuple(runs)
    return runs


def _is_neutral(char: str) -> bool:
    return unicodedata.category(char)[0] in _NEUTRAL_CATEGORIES


def unprintable_characters(text: str | None, style: FontStyle = "regular") -> str:
    """The characters of the text that no installed font has ("" when all print)."""
    try:
        text_runs(text, style)
    except UnprintableTextError as error:
        return error.problems[0][1]
    return ""


def ensure_printable(texts: Iterable[str | None], style: FontStyle = "regular") -> None:
    """Raise one UnprintableTextError listing every text (and its characters) that cannot print."""
    problems = [(text, chars) for text in dict.fromkeys(t for t in texts if t)
                if (chars := unprintable_characters(text, style))]
    if problems:
        raise UnprintableTextError(problems)


# --- platypus --------------------------------------------------------------------

def paragraph_markup(text: str | None, style: FontStyle = "regular", base_direction: Literal["L", "R"] = "L",
                     replacement: str | None = "?") -> str:
    """Paragraph markup for plain text: one ``<font name=…>`` per run, ``& < >`` escaped.

    Characters no font has print as ``replacement`` ("?"); pass None to raise instead. Documents
    check people's names up front with ensure_printable, so a name is never silently altered.
    """
    return "".join(f'<font name="{run.font_name}">{escape(run.text)}</font>'
                   for run in text_runs(text, style, base_direction, replacement))


def table_style(commands: Sequence[tuple[Any, ...]], size: float = 9) -> TableStyle:
    """A TableStyle whose cell font is the chain's first font (reportlab's default is Helvetica, not embedded)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), font_chain("regular").primary.name, size), *commands])


def paragraph_style(name: str, size: float = 10, style: FontStyle = "regular", **options: Any) -> ParagraphStyle:
    """A ParagraphStyle whose base font is the chain's first font (runs pick others as needed)."""
    options.setdefault("leading", size * 1.3)
    return ParagraphStyle(name, fontName=font_chain(style).primary.name, fontSize=size, **options)


@dataclass(frozen=True)
class PageDecoration:
    """What every page carries: a header line, a footer line and "page n / total"."""

    header_left: str = ""
    header_right: str = ""
    footer_left: str = ""
    page_label: Callable[[int, int], str] = lambda number, total: f"{number} / {total}"
    size: float = 8


class _TocDocTemplate(SimpleDocTemplate):
    """Reports every paragraph whose style name starts with ``toc-<level>`` to the table of contents."""

    def afterFlowable(self, flowable: Flowable) -> None:
        name = getattr(getattr(flowable, "style", None), "name", "")
        if name.startswith("toc-"):
            key = f"toc-entry-{self.seq.nextf('toc-entry')}"  # type: ignore[attr-defined]  # set by BaseDocTemplate, not in its stubs
            self.canv.bookmarkPage(key)
            text = getattr(flowable, "toc_text", None) or cast(Paragraph, flowable).getPlainText()
            self.notify("TOCEntry", (int(name[4:5] or 0), text,
                                     self.page, key))


def table_of_contents(size: float = 10) -> Flowable:
    """A table of contents with page numbers, filled by ``render_document(..., with_contents=True)`` from
    the paragraphs styled ``toc-0`` / ``toc-1`` (set ``paragraph.toc_text`` to list a plain text)."""
    from reportlab.platypus.tableofcontents import TableOfContents

    contents = TableOfContents(dotsMinLevel=0)
    contents.levelStyles = [paragraph_style("toc-level-0", size, leftIndent=0, firstLineIndent=0, spaceBefore=3),
                            paragraph_style("toc-level-1", size - 1, leftIndent=12, firstLineIndent=0)]
    return contents


@dataclass(frozen=True)
class RenderedDocument:
    body: bytes
    pages: int


def render_document(story: list[Flowable], *, title: str, language: str, decoration: PageDecoration = PageDecoration(),
                    subject: str = "", pagesize: tuple[float, float] = A4, margin: float = 18 * mm,
                    with_contents: bool = False) -> bytes:
    """Lay out a platypus story on A4 (by default) and return the PDF's bytes.

    ``with_contents``: the story holds a :func:`table_of_contents`; the document is laid out until its
    page numbers settle.
    """
    return render_counted_document(story, title=title, language=language, decoration=decoration, subject=subject,
                                   pagesize=pagesize, margin=margin, with_contents=with_contents).body


def render_counted_document(story: list[Flowable], *, title: str, language: str,
                            decoration: PageDecoration = PageDecoration(), subject: str = "",
                            pagesize: tuple[float, float] = A4, margin: float = 18 * mm,
                            with_contents: bool = False) -> RenderedDocument:
    """:func:`render_document`, with the number of pages laid out (for a command saying what it wrote)."""
    buffer = io.BytesIO()
    template = _TocDocTemplate if with_contents else SimpleDocTemplate
    document = template(
        buffer, pagesize=pagesize, title=title, subject=subject, creator="Rencontres", lang=language,
        # Not Helvetica: every font of the document is then an embedded subset.
        initialFontName=font_chain("regular").primary.name,
        leftMargin=margin, rightMargin=margin, topMargin=margin + 4 * mm, bottomMargin=margin + 2 * mm)
    canvasmaker = _decorated_canvas_class(decoration, pagesize, margin)
    if with_contents:
        document.multiBuild(story, canvasmaker=canvasmaker)
    else:
        document.build(story, canvasmaker=canvasmaker)
    return RenderedDocument(buffer.getvalue(), document.page)


def _decorated_canvas_class(decoration: PageDecoration, pagesize: tuple[float, float], margin: float) -> type[Canvas]:
    """A canvas that keeps its pages until the end, to write "page n / total" on each."""

    class DecoratedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's own page reset, not in its stubs

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _decorate_page(self, decoration, pagesize, margin, number, total)
                super().showPage()
            super().save()

    return DecoratedCanvas


def _decorate_page(canvas: Canvas, decoration: PageDecoration, pagesize: tuple[float, float], margin: float,
                   number: int, total: int) -> None:
    width, height = pagesize
    size = decoration.size
    canvas.saveState()
    canvas.setFillGray(0.35)
    left, right = margin + _FRAME_PADDING, width - margin - _FRAME_PADDING  # aligned with the text
    top, bottom = height - margin + 2 * mm, margin - 6 * mm
    draw_text(canvas, left, top, fit_text(decoration.header_left, (right - left) * 0.6, size), size)
    draw_text(canvas, right, top, fit_text(decoration.header_right, (right - left) * 0.38, size), size, align="right")
    canvas.setStrokeGray(0.7)
    canvas.setLineWidth(0.4)
    canvas.line(left, top - 2 * mm, right, top - 2 * mm)
    draw_text(canvas, left, bottom, fit_text(decoration.footer_left, (right - left) * 0.7, size), size)
    draw_text(canvas, right, bottom, decoration.page_label(number, total), size, align="right")
    canvas.restoreState()


# --- canvas drawing ---------------------------------------------------------------

def text_width(text: str | None, size: float, style: FontStyle = "regular") -> float:
    return sum(pdfmetrics.stringWidth(run.text, run.font_name, size) for run in text_runs(text, style))


def draw_text(canvas: Canvas, x: float, y: float, text: str | None, size: float, style: FontStyle = "regular",
              align: Align = "left") -> float:
    """Draw one line of mixed-script text; returns its width. ``x`` is the left, centre or right edge."""
    runs = text_runs(text, style)
    widths = [pdfmetrics.stringWidth(run.text, run.font_name, size) for run in runs]
    total = sum(widths)
    x -= {"left": 0.0, "center": total / 2, "right": total}[align]
    for run, width in zip(runs, widths, strict=True):
        canvas.setFont(run.font_name, size)
        canvas.drawString(x, y, run.text)
        x += width
    return total


def wrap_text(text: str | None, width: float, size: float, style: FontStyle = "regular") -> list[str]:
    """Lines (in logical order, each drawn with draw_text) no wider than ``width``.

    Breaks at spaces; a word wider than the line is broken between characters (as Chinese and
    Japanese text, which has no spaces, needs)."""
    lines: list[str] = []
    for word in (text or "").split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(candidate, size, style) <= width:
            lines[-1] = candidate
        else:
            lines.extend(_break_characters(word, width, size, style))
    return lines


def _break_characters(text: str, width: float, size: float, style: FontStyle) -> list[str]:
    pieces = [""]
    for char in text:
        if pieces[-1] and text_width(pieces[-1] + char, size, style) > width:
            pieces.append("")
        pieces[-1] += char
    return pieces


def fit_font_size(text: str | None, width: float, size: float, minimum: float = 6.0,
                  style: FontStyle = "regular") -> float:
    """The largest size, from ``size`` down to ``minimum`` by half points, at which the text fits the width.

    Widths grow linearly with the size: one measure gives the candidate, a check corrects rounding."""
    natural = text_width(text, size, style)
    if natural <= width:
        return size
    candidate = max(minimum, size - 0.5 * math.ceil((size - size * width / natural) / 0.5))
    while candidate > minimum and natural * candidate / size > width:
        candidate = max(minimum, candidate - 0.5)
    return candidate


def fit_text(text: str | None, width: float, size: float, style: FontStyle = "regular") -> str:
    """The text, shortened with an ellipsis if it is wider than ``width`` (for one-line headers)."""
    text = text or ""
    if text_width(text, size, style) <= width:
        return text
    while text and text_width(text + "…", size, style) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# --- QR codes -----------------------------------------------------------------------

def qr_image(text: str, error_correction: int = qrcode.constants.ERROR_CORRECT_M, *,
             mask_pattern: int | None = None) -> Image.Image:
    """A 1-bit image of the QR code, one pixel per module, with the standard 4-module quiet zone.

    Drawn scaled up by :func:`draw_qr` (about 6× faster than reportlab's ``QrCodeWidget``, which
    draws every module as a vector rectangle). The text is kept in ``image.info["qr_text"]``.
    ``mask_pattern`` (0–7): use that mask instead of trying the eight and keeping the best (a valid code
    either way, read as well by decoders; about 5× faster to make, for documents of hundreds of codes)."""
    code = qrcode.QRCode(error_correction=error_correction, box_size=1, border=4, mask_pattern=mask_pattern)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image().get_image()
    image.info["qr_text"] = text
    return image


class OneBitImage(pdfdoc.PDFImageXObject):
    """A PDF image XObject of a 1-bit PIL image: ``DeviceGray``, 1 bit per pixel, Flate-compressed.

    reportlab's own ``drawImage`` widens every image to 8 bits (RGB here): 24 times the data for a QR code,
    and a grey edge that thermal printers dither. PIL's mode "1" rows are padded to a byte, as PDF's are,
    and 1 is white in both."""

    def __init__(self, name: str, image: Image.Image) -> None:
        super().__init__(name)
        self.width, self.height = image.size
        self.bitsPerComponent = 1
        self.colorSpace = "DeviceGray"
        self._filters = ("FlateDecode",)
        self.streamContent = zlib.compress(image.tobytes())  # type: ignore[assignment]  # bytes, though typed str
        self.mask = None


def draw_qr(canvas: Canvas, x: float, y: float, size: float, text: str, *, mask_pattern: int | None = None) -> None:
    """Draw the QR code of ``text`` as a ``size`` × ``size`` square whose lower left corner is (x, y),
    as a 1-bit image (one image object per distinct code in the document). ``mask_pattern``: see :func:`qr_image`."""
    image = qr_image(text, mask_pattern=mask_pattern).convert("1")
    name = "qr" + hashlib.sha256(text.encode()).hexdigest()[:32]
    canvas_: Any = canvas  # reportlab's private page API (image objects), which its stubs leave out
    registered = canvas_._doc.getXObjectName(name)
    if canvas_._doc.idToObject.get(registered) is None:
        xobject = OneBitImage(name, image)
        canvas_._setXObjects(xobject)
        canvas_._doc.Reference(xobject, registered)
        canvas_._doc.addForm(name, xobject)
    canvas_._currentPageHasImages = 1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size, size)
    canvas_._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas_._formsinuse.append(name)


# --- HTTP ---------------------------------------------------------------------------

def pdf_response(body: bytes, filename: str, *, attachment: bool = True) -> Response:
    """A PDF download: ``application/pdf``, a safe ASCII file name, kept for a minute by the browser only."""
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(filename, attachment=attachment, default="document.pdf")
    response.cache_control.private = True
    response.cache_control.max_age = 60
    response.vary.add("Accept-Language")
    return response
