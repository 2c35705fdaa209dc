"""The feedback survey of an event: questionnaire, answers through the private link, results (issue 18)."""
from __future__ import annotations


def register_hooks() -> None:
    """Called by the application factory: the survey's block on the registrant's private page; question kinds'
    labels."""
    from app.core.labels import register_labels
    from app.registration.private_page import register_section
    from app.survey.labels import QUESTION_KIND_LABELS
    from app.survey.models import QuestionKind
    from app.survey.sections import survey_section

    register_labels(QuestionKind, QUESTION_KIND_LABELS)
    register_section("survey", survey_section)
