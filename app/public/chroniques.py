"""The Chroniques' public blueprint (``/chroniques``): the kind's pages, the series pages as their slug
fallback, the chronicle actions of a registrant's private page, and the template helpers of the capability."""
from __future__ import annotations

from app.chroniques import chroniques_series, series_page
from app.chroniques.routes import REGISTER_AGAIN_RULE, register_again
from app.events.models import EventKind
from app.public.pages import make_kind_blueprint

bp = make_kind_blueprint(EventKind.CHRONIQUE, slug_fallback=series_page)
bp.app_context_processor(chroniques_series)
bp.add_url_rule(REGISTER_AGAIN_RULE, view_func=register_again, methods=["POST"])
