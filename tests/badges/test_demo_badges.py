"""The demo's badges: every confirmed registration of every demo event prints, names in every script."""
from __future__ import annotations

import sqlalchemy as sa

from app.badges.operations import BadgeFilters, prepare_run
from app.badges.rendering import BadgeFormat, badge_header, render_badges
from app.events.models import Event
from tests.pdf_support import page_count, require_pdf_tools


def test_demo_badges_all_print(demo_app, count_queries):
    require_pdf_tools()
    from app.core.extensions import db

    total = 0
    for event in db.session.scalars(sa.select(Event).order_by(Event.id)):
        with count_queries() as counter:
            badges, problems = prepare_run(event, BadgeFilters(), "fr")
        assert problems == [], (event.slug, problems)
        assert counter.count <= 2, event.slug
        total += len(badges)
        if event.slug == "raict-2023":
            body = render_badges(badges[:40], badge_header(event, "fr"), BadgeFormat.A4X4)
            assert page_count(body) == 10
    assert total > 300
