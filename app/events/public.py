"""The public pages every kind of event has; the RAICT, Assises and Chroniques blueprints are made here."""
from __future__ import annotations

from typing import Callable

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue

from app.core.page_cache import cached_page
from app.events.models import EventKind
from app.events.queries import find_public_event, get_public_event_or_404, public_events
from app.events.version import public_event_version
from app.programme.queries import SPEAKER_ORDERS, ProgrammeFilters, programme_by_day, speakers_of

SlugFallback = Callable[[str], ResponseReturnValue | None]

# For routes outside the kind blueprints that live under a kind's URLs (feeds, PDFs):
# ``f"/{KIND_URL_PART}/<slug>/programme.ics"``, then ``get_public_event_or_404(KINDS_BY_URL[kind], slug)``.
KIND_URL_PART = "<any(raict, assises, chroniques):kind>"
KINDS_BY_URL = {kind.url_prefix: kind for kind in EventKind}


def make_kind_blueprint(kind: EventKind, slug_fallback: SlugFallback | None = None) -> Blueprint:
    """A blueprint with the kind's index, event page, programme and speaker list.

    ``slug_fallback`` answers ``/<slug>/`` when no event of this kind has that slug
    (the Chroniques use it for their series pages).
    """
    bp = Blueprint(kind.url_prefix, __name__)
    cached = cached_page(lambda slug: public_event_version(slug, kind))  # per event version (app/core/page_cache.py)

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
                               filters=filters)

    @bp.route("/<slug>/speakers")
    @cached
    def speakers(slug: str):
        event = get_public_event_or_404(kind, slug)
        order = request.args.get("order") if request.args.get("order") in SPEAKER_ORDERS else "alpha"
        return render_template("programme/speakers.html", event=event, speakers=speakers_of(event, order), order=order)

    return bp


def event_url(event, endpoint: str = "event_page", **values) -> str:
    """URL of one of an event's public pages, under its kind's prefix."""
    from flask import url_for

    return url_for(f"{event.kind.url_prefix}.{endpoint}", slug=event.slug, **values)
