"""Builders of the survey's tests: an ended event with attendees and a questionnaire of every kind."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.checkin.models import CheckIn
from app.core.extensions import db
from app.events.models import Event
from app.registration.models import Registration
from app.survey import operations
from app.survey.models import QuestionKind, SurveyQuestion, SurveyStatus
from tests.factories import make_event, make_registration


@dataclass
class BuiltSurvey:
    event: Event
    attendees: list[Registration]
    rating: SurveyQuestion
    single: SurveyQuestion
    multiple: SurveyQuestion
    text: SurveyQuestion


def questions(event: Event) -> tuple[SurveyQuestion, ...]:
    add = operations.add_question
    return (
        add(event, operations.QuestionValues(QuestionKind.RATING, "Note globale de l'événement",
                                             "Overall rating of the event", [], True), actor="test"),
        add(event, operations.QuestionValues(QuestionKind.SINGLE, "Reviendrez-vous ?", "Will you come back?",
                                             [{"fr": "Oui", "en": "Yes"}, {"fr": "Non", "en": "No"}], False),
            actor="test"),
        add(event, operations.QuestionValues(QuestionKind.MULTIPLE, "Ateliers suivis", "Workshops attended",
                                             [{"fr": "Climat", "en": "Climate"}, {"fr": "Eau", "en": "Water"},
                                              {"fr": "Culture", "en": "Culture"}], False), actor="test"),
        add(event, operations.QuestionValues(QuestionKind.TEXT, "Vos suggestions", "Your suggestions", [], False),
            actor="test"),
    )


def _attended(event: Event, people: list[Registration], at: datetime) -> None:
    """Present as the event counts presence (app/checkin/attendance.py): a chronicle's recorded attendance, else
    a check-in at the desk."""
    if event.profile.records_attendance:
        for registration in people:
            registration.attended_at = at
        return
    db.session.flush()
    for registration in people:
        db.session.add(CheckIn(event_id=event.id, registration_id=registration.id, day=event.days[0],
                               checked_in_at=at, recorded_at=at, desk="A"))


def build_survey(*, anonymous: bool = True, status: SurveyStatus = SurveyStatus.OPEN, attendees: int = 3,
                 **event_fields) -> BuiltSurvey:
    starts_at = event_fields.pop("starts_at", datetime.now(UTC) - timedelta(days=3))
    event = make_event(starts_at=starts_at, ends_at=starts_at + timedelta(days=1), **event_fields)
    people = [make_registration(event) for _ in range(attendees)]
    _attended(event, people, starts_at + timedelta(hours=1))
    built = BuiltSurvey(event, people, *questions(event))
    operations.save_settings(event, anonymous=anonymous, intro_fr=None, intro_en=None, actor="test")
    if status != SurveyStatus.DRAFT:
        operations.set_status(event, status, actor="test")
    return built
