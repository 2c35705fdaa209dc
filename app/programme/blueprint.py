"""The organisers' programme blueprint (``programme_admin``, under ``/organiser/events/<slug>``): its views are in
``admin`` (sessions, speakers, rooms, tracks) and ``import_routes`` (import / export), which both import it."""
from __future__ import annotations

from flask import Blueprint

from app.auth.login import organiser_required

bp = Blueprint("programme_admin", __name__)


@bp.before_request
@organiser_required
def require_organiser():
    return None
