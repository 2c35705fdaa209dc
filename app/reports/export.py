"""The figures as JSON, and as ``figure;item;value`` rows in CSV and XLSX.

The files are written by ``app.core.tabular``: cells are neutralised against formula injection as in every
export, so a delegation named "=…" stays text.
"""
from __future__ import annotations

import json
from typing import Any

from app.core.tabular import write_csv, write_xlsx
from app.reports.figures import Figures

COLUMNS = ("figure", "item", "value")
# The figures that are one number, in the order of the JSON and of the exports.
SCALARS = ("participants", "checked_in", "from_abroad", "from_abroad_share", "countries", "french_collectivites",
           "foreign_collectivites", "conferences", "meetings_held", "collectivites_paired", "new_pairs")
BREAKDOWNS = ("sessions_by_type", "delegations", "countries_represented", "by_category", "by_collectivite_type",
              "registrations_by_status")


def figures_dict(figures: Figures) -> dict[str, Any]:
    """The JSON document: the issue's keys first, then the breakdowns; chronicles for series and years."""
    scope = figures.scope
    document: dict[str, Any] = {"scope": scope.kind, "key": scope.key, "title": scope.title_fr,
                "events": [event.slug for event in scope.events]}
    for name in SCALARS:
        document[name] = round(figures.from_abroad_share, 4) if name == "from_abroad_share" else getattr(figures, name)
    for name in BREAKDOWNS:
        document[name] = dict(getattr(figures, name))
    average, per_chronicle = figures.avg_collectivites_per_chronicle, figures.collectivites_per_chronicle
    if figures.has_chronicles and average is not None and per_chronicle is not None:  # all three go together
        document["chronicles"] = figures.chronicles
        document["avg_collectivites_per_chronicle"] = round(average, 2)
        document["collectivites_per_chronicle"] = dict(per_chronicle)
    return document


def figures_json(figures: Figures) -> str:
    return json.dumps(figures_dict(figures), ensure_ascii=False, indent=2)


def figure_rows(figures: Figures) -> list[tuple[str, str, int | float]]:
    """(figure, item, value): one row per number; ``item`` is empty for single numbers."""
    document = figures_dict(figures)
    rows: list[tuple[str, str, int | float]] = []
    for name, value in document.items():
        if name in ("scope", "key", "title", "events"):
            continue
        if isinstance(value, dict):
            rows += [(name, str(item), count) for item, count in value.items()]
        else:
            rows.append((name, "", value))
    return rows


def figures_csv(figures: Figures, *, bom: bool = True) -> bytes:
    """UTF-8 (with a BOM for Excel, unless printed), ``;``-separated, formulas neutralised."""
    return write_csv(COLUMNS, figure_rows(figures), bom=bom)


def figures_xlsx(figures: Figures) -> bytes:
    """One worksheet; names are text cells (never formulas), values are numbers."""
    return write_xlsx(COLUMNS, figure_rows(figures), title=figures.scope.key or "Figures")
