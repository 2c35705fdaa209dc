"""The public pages every kind of event has; the RAICT, Assises and Chroniques blueprints are made here.

The kinds' URL helpers (``KIND_URL_PART``, ``KINDS_BY_URL``, ``event_url``) are in ``app.events.urls``.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue

from app.core.page_cache import cached_page
from app.events.models import EventKind
from app.events.queries import find_public_event, get_public_event_or_404, public_events
from app.events.version import public_event_version
from app.programme.queries import SPEAKER_ORDERS, ProgrammeFilters, programme_by_day, speakers_of
from app.syntheses.markdown import render_html
from app.syntheses.queries import public_session, published_syntheses, published_synthesis

SlugFallback = Callable[[str], ResponseReturnValue | None]


def make_kind_blueprint(kind: EventKind, slug_fallback: SlugFallback | None = None) -> Blueprint:
    """A blueprint with the kind's index, event page, programme and speaker list.

    ``slug_fallback`` answers ``/<slug>/`` when no event of this kind has that slug
    (the Chroniques use it for their series pages).
    """
    bp = Blueprint(kind.url_prefix, __name__)
    cached = cached_page(lambda slug, **_: public_event_version(slug, kind))  # per event version (app/core/page_cache.py)

    @bp.route("/")
    def index():
        return render_template("events/kind_index.html", kind=kind, listing=public_events(kind))

    @bp.route("/<slug>/")
    @cached
    def event_page(slug: str):
        event = find_public_event(kind, slug)
        if event is None:
            response = slug_fallback(slug) if slug_fallback else None
            if response is None:
                abort(404)
            return response
        return render_template("events/event.html", event=event)

    @bp.route("/<slug>/programme")
    @cached
    def programme(slug: str):
        event = get_public_event_or_404(kind, slug)
        days = programme_by_day(event)
        filters = ProgrammeFilters.from_args(request.args, days)
        return render_template("programme/programme.html", event=event, days=filters.apply(days), all_days=days,
                               filters=filters, syntheses=published_syntheses(event))

    @bp.route("/<slug>/sessions/<int:session_id>")
    @cached
    def session_page(slug: str, session_id: int):
        event = get_public_event_or_404(kind, slug)
        session = public_session(event, session_id)
        if session is None:
            abort(404)
        return render_template("events/session.html", event=event, session=session,
                               synthesis=published_synthesis(session), synthesis_html=render_html)

    @bp.route("/<slug>/speakers")
    @cached
    def speakers(slug: str):
        event = get_public_event_or_404(kind, slug)
        order = request.args.get("order", "alpha")
        order = order if order in SPEAKER_ORDERS else "alpha"
        return render_template("programme/speakers.html", event=event, speakers=speakers_of(event, order), order=order)

    return bp
