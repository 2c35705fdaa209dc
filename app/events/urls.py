"""The URLs of an event's public pages: its kind's prefix, and the helper templates use (``event_url``).

The pages themselves are in the web layer (``app.public.pages``); these names stay here so that
capabilities (registration, programme, calendar) can route under a kind's URLs without importing it.
"""
from __future__ import annotations

from app.events.models import EventKind

# For routes outside the kind blueprints that live under a kind's URLs (feeds, PDFs):
# ``f"/{KIND_URL_PART}/<slug>/programme.ics"``, then ``get_public_event_or_404(KINDS_BY_URL[kind], slug)``.
KIND_URL_PART = "<any(raict, assises, chroniques):kind>"
KINDS_BY_URL = {kind.url_prefix: kind for kind in EventKind}


def event_url(event, endpoint: str = "event_page", **values) -> str:
    """URL of one of an event's public pages, under its kind's prefix."""
    from flask import url_for

    return url_for(f"{event.kind.url_prefix}.{endpoint}", slug=event.slug, **values)
