"""Organisers' figures pages: an event, a series or a year, with SVG charts and CSV / XLSX exports."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, render_template

from app.auth.login import organiser_required
from app.core.extensions import db
from app.core.tabular import table_response
from app.events.models import Event, EventSeries, EventStatus
from app.reports.charts import abroad_gauge, figure_charts
from app.reports.export import figures_csv, figures_xlsx
from app.reports.figures import Scope, compute_figures, event_scope, series_scope, year_scope

bp = Blueprint("reports_admin", __name__)

YEAR = "int(min=1900, max=2999)"


@bp.before_request
@organiser_required
def require_organiser():
    return None


@bp.route("/")
def index():
    events = db.session.scalars(sa.select(Event).order_by(Event.starts_at.desc())).all()
    series = db.session.scalars(sa.select(EventSeries).order_by(EventSeries.year.desc(), EventSeries.slug)).all()
    years = sorted({event.local_start.year for event in events if event.status != EventStatus.DRAFT}, reverse=True)
    return render_template("reports/index.html", events=events, series=series, years=years)


@bp.route("/events/<slug>")
def event_figures(slug: str):
    return _page(event_scope(slug), "reports_admin.event_export", slug=slug)


@bp.route("/events/<slug>/figures.<any(csv, xlsx):file_format>")
def event_export(slug: str, file_format: str):
    return _export(event_scope(slug), file_format)


@bp.route("/series/<series_slug>")
def series_figures(series_slug: str):
    return _page(series_scope(series_slug), "reports_admin.series_export", series_slug=series_slug)


@bp.route("/series/<series_slug>/figures.<any(csv, xlsx):file_format>")
def series_export(series_slug: str, file_format: str):
    return _export(series_scope(series_slug), file_format)


@bp.route(f"/years/<{YEAR}:year>")
def year_figures(year: int):
    return _page(year_scope(year), "reports_admin.year_export", year=year)


@bp.route(f"/years/<{YEAR}:year>/figures.<any(csv, xlsx):file_format>")
def year_export(year: int, file_format: str):
    return _export(year_scope(year), file_format)


def _page(scope: Scope | None, export_endpoint: str, **export_args):
    if scope is None:
        abort(404)
    figures = compute_figures(scope)
    return render_template("reports/figures.html", figures=figures, charts=figure_charts(figures),
                           gauge=abroad_gauge(figures), export_endpoint=export_endpoint, export_args=export_args)


def _export(scope: Scope | None, file_format: str) -> Response:
    if scope is None:
        abort(404)
    figures = compute_figures(scope)
    body = figures_csv(figures) if file_format == "csv" else figures_xlsx(figures)
    return table_response(body, f"{scope.key}-figures.{file_format}")
