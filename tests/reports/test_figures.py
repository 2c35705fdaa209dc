"""Figures computed on a small world with known answers, in a fixed number of queries."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.reports.export import figures_dict
from app.reports.figures import compute_figures, event_scope, find_scope, series_scope, year_scope
from tests.factories import make_collectivite, make_person, make_registration, make_session
from tests.reports.conftest import build_raict, check_in


def test_event_figures_have_the_known_answers(world):
    figures = compute_figures(event_scope("raict-test"))
    assert (figures.participants, figures.checked_in, figures.from_abroad) == (7, 2, 3)
    assert figures.from_abroad_share == pytest.approx(3 / 7)
    assert figures.countries == 2 and figures.countries_represented == {"VN": 2, "MA": 1}
    assert (figures.french_collectivites, figures.foreign_collectivites) == (2, 2)
    assert figures.by_category == {"participant": 3, "delegation_member": 2, "press": 1, "speaker": 1}
    assert figures.by_collectivite_type == {"foreign_authority": 2, "commune": 1, "region": 1}
    assert figures.registrations_by_status == {"confirmed": 7, "cancelled": 1, "pending": 1, "waitlisted": 1}
    assert figures.sessions_by_type == {"workshop": 2, "break": 1, "plenary": 1}  # the cancelled one left out
    assert figures.conferences == 3
    assert figures.delegations == {"Délégation vietnamienne": 2, "Délégation vide": 0}
    assert figures.chronicles is None and figures.avg_collectivites_per_chronicle is None


def test_event_figures_json_has_the_issue_keys(world):
    document = figures_dict(compute_figures(event_scope("raict-test")))
    assert {"participants", "checked_in", "from_abroad_share", "countries", "french_collectivites",
            "foreign_collectivites", "sessions_by_type", "delegations"} <= set(document)
    assert document["from_abroad_share"] == 0.4286
    assert "chronicles" not in document


def test_year_figures_count_every_event_of_the_year_in_its_own_zone(world):
    figures = compute_figures(year_scope(2023))
    assert [event.slug for event in figures.scope.events] == ["raict-test", "assises-test"]  # no draft, no 2024
    assert (figures.participants, figures.from_abroad, figures.countries, figures.checked_in) == (9, 4, 3, 2)
    assert (figures.french_collectivites, figures.foreign_collectivites) == (2, 3)  # Dijon counted once
    assert figures.delegations == {"Délégation vietnamienne (raict-test)": 2, "Délégation vide (raict-test)": 0,
                                   "Délégation vietnamienne (assises-test)": 0}
    assert (figures.chronicles, figures.avg_collectivites_per_chronicle) == (0, 0.0)
    next_year = compute_figures(year_scope(2024))
    assert [event.slug for event in next_year.scope.events] == ["new-year-2024"]
    assert (next_year.participants, next_year.countries) == (1, 1)


def test_series_figures_count_held_chronicles_only(world):
    figures = compute_figures(series_scope("chroniques-test"))
    assert [event.slug for event in figures.scope.events] == ["chronique-1", "chronique-2", "chronique-3"]
    assert figures.participants == 6
    assert figures.registrations_by_status == {"confirmed": 6, "pending": 1}
    assert figures.chronicles == 2
    assert figures.collectivites_per_chronicle == {"chronique-1": 2, "chronique-2": 1}
    assert figures.avg_collectivites_per_chronicle == 1.5
    document = figures_dict(figures)
    assert (document["chronicles"], document["avg_collectivites_per_chronicle"]) == (2, 1.5)


def test_series_chronicle_becomes_held_once_over(world):
    upcoming = world.chronicles[2]
    later = upcoming.ends_at + timedelta(minutes=1)
    figures = compute_figures(series_scope("chroniques-test"), now=later)
    assert figures.chronicles == 3
    assert figures.collectivites_per_chronicle["chronique-3"] == 1
    assert figures.avg_collectivites_per_chronicle == pytest.approx(4 / 3)


def test_find_scope_takes_events_then_series(world):
    assert find_scope("raict-test").kind == "event"
    assert find_scope("chroniques-test").kind == "series"
    assert find_scope("nothing-here") is None


def test_figures_of_an_empty_event_are_zero(db):
    from tests.factories import make_event

    make_event(slug="empty")
    db.session.commit()
    figures = compute_figures(event_scope("empty"))
    assert (figures.participants, figures.from_abroad_share, figures.countries, figures.delegations) == (0, 0.0, 0, {})


def _grow(db, event, times: int) -> None:
    """More of everything: people, collectivités, countries, sessions, delegations, check-ins."""
    from app.registration.models import Delegation

    for n in range(times):
        delegation = Delegation(event=event, name=f"Délégation {n}", country="SN")
        db.session.add(delegation)
        collectivite = make_collectivite(name=f"Ville grandie {event.slug} {n}", country=("FR", "SN", "CI")[n % 3])
        registration = make_registration(event, make_person(country=("FR", "SN", "CI")[n % 3],
                                                            collectivite=collectivite), delegation=delegation)
        make_session(event)
        check_in(registration, event.local_start.date())
    db.session.commit()


@pytest.mark.parametrize("scope", ["event", "series", "year"])
def test_figures_take_a_fixed_number_of_queries(world, db, count_queries, scope):
    def resolve():
        return {"event": lambda: event_scope("raict-test"), "series": lambda: series_scope("chroniques-test"),
                "year": lambda: year_scope(2023)}[scope]()

    db.session.expire_all()
    with count_queries() as small:
        compute_figures(resolve())
    _grow(db, world.raict, 30)
    _grow(db, world.chronicles[0], 30)
    _grow(db, world.assises, 10)
    db.session.expire_all()
    with count_queries() as large:
        figures = compute_figures(resolve())
    assert figures.participants >= 17
    assert large.count == small.count
    assert large.count <= 10


def test_raict_builder_alone(db):
    raict, registrations = build_raict(db)
    db.session.commit()
    assert compute_figures(event_scope(raict.slug)).participants == 7
