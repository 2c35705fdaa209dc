"""The event's figures gain meetings held, collectivités paired and new pairs (no previous partnership)."""
from __future__ import annotations

from app.meetings import operations
from app.meetings.scheduling import mark_held, schedule_event
from app.reports.export import figures_dict
from app.reports.figures import compute_figures, event_scope
from tests.meetings.test_schedule_event import _meeting, _setup


def test_figures_count_held_meetings_paired_collectivites_and_new_pairs(app, db):
    a = _setup()
    operations.profile_of(a.event, a.lyon).existing_partners = "Huế (since 2005)"
    with_partner, new_partner, not_held = (_meeting(a, a.anne, a.binh), _meeting(a, a.anne, a.dung),
                                           _meeting(a, a.chi, a.dung))
    schedule_event(a.event, publish=True, actor="test")
    mark_held(with_partner, True, actor="test")
    mark_held(new_partner, True, actor="test")
    db.session.commit()
    assert not_held.published and not not_held.held
    figures = compute_figures(event_scope(a.event.slug))
    assert (figures.meetings_held, figures.collectivites_paired, figures.new_pairs) == (2, 3, 1)
    document = figures_dict(figures)
    assert (document["meetings_held"], document["collectivites_paired"], document["new_pairs"]) == (2, 3, 1)
