"""Chroniques géopolitiques — monthly online chronicles, grouped in yearly series."""
from flask import render_template

from app.events.models import EventKind
from app.events.public import make_kind_blueprint
from app.events.queries import find_series, public_events_of_series, public_series


def series_page(slug: str):
    series = find_series(slug)
    if series is None or series.kind != EventKind.CHRONIQUE:
        return None
    chronicles = public_events_of_series(series)
    if not chronicles:
        return None  # a series whose chronicles are all drafts is not published yet
    return render_template("chroniques/series.html", series=series, chronicles=chronicles)


bp = make_kind_blueprint(EventKind.CHRONIQUE, slug_fallback=series_page)


@bp.app_context_processor
def chroniques_series():
    return {"chroniques_series": lambda: public_series(EventKind.CHRONIQUE)}
