"""Chroniques géopolitiques — monthly online chronicles, grouped in yearly series.

The series pages (``series_page``), the template helpers (``chroniques_series``) and the chronicle
actions of a registrant's private page (``routes.register_again``) are plain functions: the web layer
(``app.public.chroniques``) puts them on the ``chroniques`` blueprint with the kind's public pages.
The capability lives in ``access`` (members-only rule, access requests) (reminders: app.communications.reminders),
``attendance`` / ``attendance_import`` and ``recueil``; organisers' pages are in ``admin``.
"""
from flask import render_template

from app.events.models import EventKind
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
