"""The demo's ended RAICT 2023 has its survey answered, and the results compute from it."""
from __future__ import annotations

import sqlalchemy as sa

from app.core.extensions import db
from app.demo.data import RAICT_2023
from app.events.models import Event
from app.survey.models import SurveyStatus
from app.survey.operations import response_count, survey_of
from app.survey.results import survey_results


def test_demo_raict_2023_survey_has_answers(demo_app):
    event = db.session.scalar(sa.select(Event).where(Event.slug == RAICT_2023))
    survey = survey_of(event)
    assert survey is not None and survey.status == SurveyStatus.CLOSED and survey.anonymous
    assert response_count(event) == 140
    results = survey_results(event, "fr")
    overall = results.questions[0]
    assert overall.answered == 140 and 3.5 < overall.average < 4.8
    assert any(item.texts for item in results.questions)
