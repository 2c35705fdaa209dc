"""Where badges go on the printed page: A6, four A6 on A4, A7, CR80 cards, and label sheets of any dimensions,
with the printer's x/y offset (in mm) applied to every page.

A label sheet is described by its dimensions, as printed on the box of labels::

    cols=2,rows=5,w=90,h=54,page=a4,left=15,top=13.5,pitch_x=90,pitch_y=54

``page`` is ``a4``, ``letter`` or ``<width>x<height>`` in mm; ``left``/``top`` the margins of the first label;
``pitch_x``/``pitch_y`` the distance between the left (top) edges of two neighbouring labels (default: the
label's size, i.e. no gap). Missing margins centre the grid on the page. Impossible sheets (labels not fitting
the page, overlapping, too small for a badge) raise :class:`LayoutError` with a sentence saying what is wrong.
"""
from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from flask_babel import gettext as _
from reportlab.lib.units import mm

MAX_OFFSET_MM = 20.0
MIN_LABEL_MM = (40.0, 25.0)  # a badge smaller than this (width, height) cannot hold a readable name and QR
MAX_LABELS = 60
PAGES_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4), "a6": (105.0, 148.0), "a7": (74.0, 105.0),
            "cr80": (85.6, 54.0)}


class BadgeFormat(enum.StrEnum):
    A6 = "a6"
    A4X4 = "a4x4"
    A7 = "a7"
    CR80 = "cr80"
    LABELS = "labels"


class LayoutError(ValueError):
    """Label dimensions or offsets that cannot be printed; the message says why."""


@dataclass(frozen=True)
class LabelSheet:
    """A sheet of ``columns`` × ``rows`` labels of ``width`` × ``height`` mm (all lengths in mm)."""

    columns: int = 2
    rows: int = 5
    width: float = 90.0
    height: float = 54.0
    page_width: float = 210.0
    page_height: float = 297.0
    left: float | None = None
    top: float | None = None
    pitch_x: float | None = None
    pitch_y: float | None = None

    @property
    def step_x(self) -> float:
        return self.width if self.pitch_x is None else self.pitch_x

    @property
    def step_y(self) -> float:
        return self.height if self.pitch_y is None else self.pitch_y

    @property
    def grid_width(self) -> float:
        return (self.columns - 1) * self.step_x + self.width

    @property
    def grid_height(self) -> float:
        return (self.rows - 1) * self.step_y + self.height

    @property
    def margin_left(self) -> float:
        return (self.page_width - self.grid_width) / 2 if self.left is None else self.left

    @property
    def margin_top(self) -> float:
        return (self.page_height - self.grid_height) / 2 if self.top is None else self.top

    def checked(self) -> LabelSheet:
        """This sheet, if it can be printed; LayoutError otherwise."""
        if not (1 <= self.columns and 1 <= self.rows and self.columns * self.rows <= MAX_LABELS):
            raise LayoutError(_("Give 1 to %(count)s labels per sheet (columns × rows).", count=MAX_LABELS))
        if self.width < MIN_LABEL_MM[0] or self.height < MIN_LABEL_MM[1]:
            raise LayoutError(_("A label must be at least %(width)s × %(height)s mm to hold a badge.",
                                width=int(MIN_LABEL_MM[0]), height=int(MIN_LABEL_MM[1])))
        if self.page_width <= 0 or self.page_height <= 0 or max(self.page_width, self.page_height) > 1000:
            raise LayoutError(_("The page must be between 1 and 1000 mm wide and high."))
        if self.step_x < self.width or self.step_y < self.height:
            raise LayoutError(_("Labels overlap: the pitch (%(pitch_x)s × %(pitch_y)s mm) is smaller than a label "
                                "(%(width)s × %(height)s mm).", pitch_x=_mm(self.step_x), pitch_y=_mm(self.step_y),
                                width=_mm(self.width), height=_mm(self.height)))
        if (self.margin_left < 0 or self.margin_top < 0
                or self.margin_left + self.grid_width > self.page_width + 0.01
                or self.margin_top + self.grid_height > self.page_height + 0.01):
            raise LayoutError(_("The labels do not fit the page: %(columns)s × %(rows)s labels of %(width)s × "
                                "%(height)s mm need %(need_w)s × %(need_h)s mm from the margins, the page is "
                                "%(page_w)s × %(page_h)s mm.", columns=self.columns, rows=self.rows,
                                width=_mm(self.width), height=_mm(self.height),
                                need_w=_mm(max(self.margin_left, 0) + self.grid_width),
                                need_h=_mm(max(self.margin_top, 0) + self.grid_height),
                                page_w=_mm(self.page_width), page_h=_mm(self.page_height)))
        return self

    def spec(self) -> str:
        """The sheet as the ``--labels`` text that describes it."""
        parts = [f"cols={self.columns}", f"rows={self.rows}", f"w={_mm(self.width)}", f"h={_mm(self.height)}",
                 f"page={_mm(self.page_width)}x{_mm(self.page_height)}"]
        for key, value in (("left", self.left), ("top", self.top), ("pitch_x", self.pitch_x), ("pitch_y", self.pitch_y)):
            if value is not None:
                parts.append(f"{key}={_mm(value)}")
        return ",".join(parts)


def _mm(value: float) -> str:
    return f"{value:g}"


LABEL_KEYS = {"cols": "columns", "columns": "columns", "rows": "rows", "w": "width", "width": "width",
              "h": "height", "height": "height", "left": "left", "top": "top", "pitch_x": "pitch_x",
              "pitch_y": "pitch_y"}


def parse_labels(text: str) -> LabelSheet:
    """``cols=2,rows=5,w=90,h=54,page=a4,left=15,top=13.5`` → a checked LabelSheet (LayoutError if not)."""
    values: dict[str, float | int | None] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        key, sep, raw = part.partition("=")
        key, raw = key.strip().lower(), raw.strip().lower()
        if not sep:
            raise LayoutError(_("Write the label sheet as key=value pairs, e.g. cols=2,rows=5,w=90,h=54."))
        if key == "page":
            values["page_width"], values["page_height"] = _page(raw)
        elif key in LABEL_KEYS:
            values[LABEL_KEYS[key]] = _number(raw, key, integer=LABEL_KEYS[key] in ("columns", "rows"))
        else:
            raise LayoutError(_("Unknown label sheet setting %(key)s (use cols, rows, w, h, page, left, top, "
                                "pitch_x, pitch_y).", key=key))
    return LabelSheet(**values).checked()  # type: ignore[arg-type]


def _page(raw: str) -> tuple[float, float]:
    if raw in PAGES_MM:
        return PAGES_MM[raw]
    width, sep, height = raw.partition("x")
    if not sep:
        raise LayoutError(_("The page is a4, letter or <width>x<height> in mm."))
    return _number(width, "page"), _number(height, "page")


def _number(raw: str, key: str, integer: bool = False) -> float:
    try:
        value = int(raw) if integer else float(raw.replace(",", "."))
    except ValueError:
        raise LayoutError(_("%(key)s must be a number.", key=key)) from None
    if not math.isfinite(value) or abs(value) > 10_000:  # NaN, infinity, or absurd
        raise LayoutError(_("%(key)s must be a number.", key=key))
    return value


def checked_offset(value: float | None, axis: str) -> float:
    value = value or 0.0
    if not math.isfinite(value) or abs(value) > MAX_OFFSET_MM:
        raise LayoutError(_("The printer offset %(axis)s must be between -%(max)s and %(max)s mm.", axis=axis,
                            max=int(MAX_OFFSET_MM)))
    return value


@dataclass(frozen=True)
class Slot:
    """A badge's box on the page, in points from the page's bottom-left corner (before the offset)."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class PageLayout:
    """A page size and the badges' boxes on it (in points); ``cut_marks``: the A4 sheet of four."""

    page_width: float
    page_height: float
    slots: tuple[Slot, ...]
    cut_marks: bool = False


def page_layout(badge_format: BadgeFormat, labels: LabelSheet | None = None) -> PageLayout:
    if badge_format == BadgeFormat.LABELS:
        sheet = (labels or LabelSheet()).checked()
        page_w, page_h = sheet.page_width * mm, sheet.page_height * mm
        slots = tuple(Slot((sheet.margin_left + column * sheet.step_x) * mm,
                           page_h - (sheet.margin_top + row * sheet.step_y + sheet.height) * mm,
                           sheet.width * mm, sheet.height * mm)
                      for row in range(sheet.rows) for column in range(sheet.columns))
        return PageLayout(page_w, page_h, slots)
    if badge_format == BadgeFormat.A4X4:
        width, height = PAGES_MM["a4"][0] * mm, PAGES_MM["a4"][1] * mm
        half_w, half_h = width / 2, height / 2
        return PageLayout(width, height, tuple(Slot((n % 2) * half_w, (1 - n // 2) * half_h, half_w, half_h)
                                               for n in range(4)), cut_marks=True)
    width, height = (PAGES_MM[badge_format.value][0] * mm, PAGES_MM[badge_format.value][1] * mm)
    return PageLayout(width, height, (Slot(0, 0, width, height),))
