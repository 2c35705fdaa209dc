"""Chroniques géopolitiques — monthly online chronicles, grouped in yearly series.

A thin skin: the kind's public pages (``make_kind_blueprint``) plus the series pages, and the
chronicle actions of a registrant's private page. The capability lives in ``access`` (members-only
rule, access requests), ``reminders``, ``attendance`` / ``attendance_import`` and ``recueil``;
organisers' pages are in ``admin``.
"""
from flask import render_template

from app.events.models import EventKind
from app.events.public import make_kind_blueprint
from app.events.queries import find_series, public_events_of_series, public_series


def series_page(slug: str):
    from app.chroniques.queries import split_by_time, with_speakers

    series = find_series(slug)
    if series is None or not series.profile.has_recueil:
        return None
    chronicles = public_events_of_series(series)
    if not chronicles:
        return None  # a series whose chronicles are all drafts is not published yet
    return render_template("chroniques/series.html", series=series,
                           listing=split_by_time(with_speakers(chronicles)))


bp = make_kind_blueprint(EventKind.CHRONIQUE, slug_fallback=series_page)


@bp.app_context_processor
def chroniques_series():
    return {"chroniques_series": lambda: public_series(EventKind.CHRONIQUE), "chronicle_offer": chronicle_offer}


def chronicle_offer(event, registration=None) -> dict:
    """What registration pages offer for a chronicle: the members-only notice, the series' later chronicles,
    and on a private page the next chronicle to register to in one click."""
    from app.chroniques import access

    if not access.is_members_only(event):
        return {"members_only": False, "later": [], "next": None}
    return {"members_only": True, "later": access.later_chronicles(event),
            "next": access.next_chronicle(registration) if registration is not None else None}


from app.chroniques import routes  # noqa: E402,F401  (registers the private page's chronicle actions on bp)
