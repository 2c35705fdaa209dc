"""The figures laid out as charts: plain geometry that templates/reports/_charts.html draws as SVG.

No JavaScript: the page is complete as served and prints as it shows. Every bar carries its label
and its value as text; each chart has a title and a description listing every number.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import gettext as _

from app.core.countries import country_name
from app.core.i18n import localized
from app.core.labels import label
from app.people.models import CollectiviteType
from app.programme.models import SessionType
from app.registration.models import RegistrationCategory, RegistrationStatus
from app.reports.figures import Figures

WIDTH = 680
LABEL_WIDTH = 230
BAR_AREA = 360
ROW = 26
BAR = 18
MAX_LABEL = 34  # characters shown beside a bar; the full label is in the bar's <title>


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    value: int
    y: float
    width: float

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    bars: tuple[Bar, ...]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW + 4

    @property
    def description(self) -> str:
        return "; ".join(f"{bar.label}: {bar.value}" for bar in self.bars) or _("No data.")


@dataclass(frozen=True)
class Gauge:
    """A ring showing a share (0–1): the arc's length is the share of the circumference (100 units)."""

    id: str
    title: str
    share: float
    part: int
    whole: int

    @property
    def percent(self) -> int:
        return round(self.share * 100)

    @property
    def dash(self) -> str:
        arc = round(self.share * 100, 2)
        return f"{arc} {round(100 - arc, 2)}"


def bar_chart(chart_id: str, title: str, items: list[tuple[str, int]]) -> BarChart:
    top = max((value for _, value in items), default=0)
    bars = tuple(
        Bar(text, text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1] + "…", value, 2 + index * ROW,
            round(BAR_AREA * value / top, 1) if top else 0.0)
        for index, (text, value) in enumerate(items))
    return BarChart(chart_id, title, bars)


def _labelled(counts: dict[str, int], enumeration: type[enum.Enum]) -> list[tuple[str, int]]:
    return [(label(enumeration(key)), value) for key, value in counts.items()]


def abroad_gauge(figures: Figures) -> Gauge:
    return Gauge("chart-abroad", _("Participants from abroad"), figures.from_abroad_share, figures.from_abroad,
                 figures.participants)


def figure_charts(figures: Figures) -> list[BarChart]:
    """The bar charts of the page, in its order; empty breakdowns are left out."""
    charts = [
        bar_chart("chart-categories", _("Participants by category"),
                  _labelled(figures.by_category, RegistrationCategory)),
        bar_chart("chart-countries", _("Participants by foreign country"),
                  [(country_name(code), value) for code, value in figures.countries_represented.items()]),
        bar_chart("chart-collectivite-types", _("Collectivités by type"),
                  _labelled(figures.by_collectivite_type, CollectiviteType)),
        bar_chart("chart-sessions", _("Sessions by type"), _labelled(figures.sessions_by_type, SessionType)),
        bar_chart("chart-statuses", _("Registrations by status"),
                  _labelled(figures.registrations_by_status, RegistrationStatus)),
        bar_chart("chart-delegations", _("Delegations (confirmed members)"), list(figures.delegations.items())),
    ]
    if figures.collectivites_per_chronicle:
        titles = {event.slug: localized(event, "theme") or localized(event, "title") for event in figures.scope.events}
        charts.append(bar_chart("chart-chronicles", _("Collectivités per chronicle"),
                                [(titles.get(slug, slug), value)
                                 for slug, value in figures.collectivites_per_chronicle.items()]))
    return [chart for chart in charts if chart.bars]
