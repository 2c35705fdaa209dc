"""With the demo data, the figures reproduce Cités Unies France's 2023 activity report."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from app.checkin.models import CheckIn
from app.registration.models import Registration, RegistrationStatus
from app.reports.figures import compute_figures, event_scope, series_scope, year_scope

pytestmark = pytest.mark.slow


def test_demo_raict_2023_reproduces_the_report(demo_app):
    figures = compute_figures(event_scope("raict-2023"))
    assert figures.participants == 509
    assert 0.45 <= figures.from_abroad_share <= 0.55  # « la moitié venus de 28 pays »
    assert figures.countries == 28
    assert figures.french_collectivites == 130
    assert figures.conferences == 26
    assert figures.sessions_by_type["plenary"] == 1
    assert 0.8 <= figures.checked_in / figures.participants < 1  # a few confirmed people never came


def test_demo_raict_2023_by_cli(demo_app):
    result = demo_app.test_cli_runner().invoke(args=["figures", "raict-2023", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert (document["participants"], document["countries"], document["french_collectivites"]) == (509, 28, 130)
    assert round(document["from_abroad_share"], 1) == 0.5


def test_demo_check_ins_are_of_confirmed_people_on_event_days(demo_app):
    from app.core.extensions import db

    rows = db.session.execute(sa.select(CheckIn, Registration).join(Registration)).all()
    assert rows
    for check_in, registration in rows:
        assert registration.status == RegistrationStatus.CONFIRMED
        assert check_in.event_id == registration.event_id
        assert check_in.day in registration.event.days
        assert check_in.checked_in_at.astimezone(registration.event.zone).date() == check_in.day
    assert not any(registration.event.is_online for _, registration in rows)


def test_demo_assises_and_chronicles_figures(demo_app):
    palestine = compute_figures(event_scope("assises-franco-palestiniennes-2023"))
    # « 200 participants dont une délégation française de 110 personnes et 37 collectivités françaises »
    assert (palestine.participants, palestine.french_collectivites) == (200, 37)
    assert palestine.delegations["Délégation française"] == 110
    vietnam = compute_figures(event_scope("assises-franco-vietnamiennes-2023"))
    assert (vietnam.french_collectivites, vietnam.delegations["Délégation française"]) == (12, 52)
    chronicles = compute_figures(series_scope("chroniques-geopolitiques-2023"))
    # « les 9 chroniques de 2023 … en moyenne 35 collectivités adhérentes »
    assert chronicles.chronicles == 9
    assert 32 <= chronicles.avg_collectivites_per_chronicle <= 38
    year = compute_figures(year_scope(2023))
    assert {"raict-2023", "assises-franco-palestiniennes-2023"} <= {event.slug for event in year.scope.events}
    assert year.chronicles == 9


def test_figures_and_attendance_pages_agree_on_collectivites_per_chronicle(demo_app):
    """One rule for who counts as present: the figures page and the chronicles' attendance page agree."""
    from app.chroniques.attendance import series_figures
    from app.events.queries import find_series

    figures = compute_figures(series_scope("chroniques-geopolitiques-2023"))
    attendance = series_figures(find_series("chroniques-geopolitiques-2023"))
    assert any(chronicle.attended for chronicle in attendance.chronicles)  # the demo records attendance
    assert round(figures.avg_collectivites_per_chronicle, 1) == attendance.avg_collectivites_per_chronicle
    assert list(figures.collectivites_per_chronicle.values()) == [c.collectivites for c in attendance.held]
