"""Private links: how long the link of a registration or of a delegation keeps working.

A registrant's link (``/registration/<token>`` and what hangs from it: workshops, cancel, letter, badge,
the Chroniques' next chronicle) and a head of delegation's link (``/delegations/<token>``) work until
``MANAGE_LINK_LIFETIME`` after their event's end; past it, or for an unknown token, the answer is 404.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort

from app.core.db import utcnow
from app.events.models import Event
from app.registration.models import Registration
from app.registration.operations import find_by_manage_token

# The private link works until this long after the event's end.
MANAGE_LINK_LIFETIME = timedelta(days=30)


def link_is_valid(event: Event, now: datetime | None = None) -> bool:
    """Whether a private link of this event still works (until ``MANAGE_LINK_LIFETIME`` after its end)."""
    return (now or utcnow()) <= event.ends_at + MANAGE_LINK_LIFETIME


def registration_by_link_or_404(token: str) -> Registration:
    """The registration of a private link that still works; else 404."""
    registration = find_by_manage_token(token)
    if registration is None or not link_is_valid(registration.event):
        abort(404)
    return registration
