"""The survey's operations: organisers build, open, close it and invite attendees; a registrant answers once.
Each flushes, writes its audit line and lets the caller commit."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from app.audit.operations import record_audit
from app.checkin.attendance import attended
from app.core.db import utcnow
from app.core.extensions import db
from app.core.i18n import localized
from app.core.urls import external_url
from app.events.models import Event
from app.mail.outbox import enqueue, find_by_dedupe_key
from app.mail.render import html_from_text
from app.registration.models import Registration, RegistrationStatus
from app.survey.models import (
    MAX_TEXT_ANSWER,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)

MAX_QUESTIONS = 40
MAX_CHOICES = 12


class SurveyError(ValueError):
    """A change refused: the message says why, in the reader's language."""


class AlreadyAnswered(SurveyError):
    """This registration has answered already."""


def survey_of(event: Event) -> Survey | None:
    return db.session.scalar(sa.select(Survey).where(Survey.event_id == event.id))


def ensure_survey(event: Event) -> Survey:
    survey = survey_of(event)
    if survey is None:
        survey = Survey(event_id=event.id, status=SurveyStatus.DRAFT, anonymous=True)
        db.session.add(survey)
        db.session.flush()
    return survey


def questions_of(event: Event, *, deleted: bool = False) -> list[SurveyQuestion]:
    condition = SurveyQuestion.deleted_at.is_not(None) if deleted else SurveyQuestion.deleted_at.is_(None)
    return list(db.session.scalars(sa.select(SurveyQuestion).where(SurveyQuestion.event_id == event.id, condition)
                                   .order_by(SurveyQuestion.position, SurveyQuestion.id)))


def response_count(event: Event) -> int:
    return db.session.scalar(sa.select(sa.func.count(SurveyParticipation.id))
                             .where(SurveyParticipation.event_id == event.id)) or 0


def save_settings(event: Event, *, anonymous: bool, intro_fr: str | None, intro_en: str | None,
                  actor: str | None = None) -> Survey | None:
    """Anonymous or not is told to respondents before they answer: it cannot change once someone has answered."""
    if survey_of(event) is None and anonymous and not intro_fr and not intro_en:
        return None  # the defaults: nothing to record yet
    survey = ensure_survey(event)
    if anonymous != survey.anonymous and response_count(event):
        raise SurveyError(_("People have answered already: whether the survey is anonymous can no longer change."))
    survey.anonymous, survey.intro_fr, survey.intro_en = anonymous, intro_fr or None, intro_en or None
    db.session.flush()
    record_audit("survey.settings", target=survey, actor=actor, details={"anonymous": anonymous})
    return survey


@dataclass(frozen=True)
class QuestionValues:
    kind: QuestionKind
    text_fr: str
    text_en: str
    choices: list[dict[str, str]]
    required: bool


def _check(values: QuestionValues) -> None:
    if values.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if not 2 <= len(values.choices) <= MAX_CHOICES:
            raise SurveyError(_("A choice question needs between 2 and %(count)s choices.", count=MAX_CHOICES))
    elif values.choices:
        raise SurveyError(_("Only choice questions have choices."))


def add_question(event: Event, values: QuestionValues, *, actor: str | None = None) -> SurveyQuestion:
    _check(values)
    ensure_survey(event)
    if len(questions_of(event)) >= MAX_QUESTIONS:
        raise SurveyError(_("A survey has at most %(count)s questions.", count=MAX_QUESTIONS))
    position = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(SurveyQuestion.position), 0))
                                 .where(SurveyQuestion.event_id == event.id)) or 0
    question = SurveyQuestion(event_id=event.id, kind=values.kind, text_fr=values.text_fr, text_en=values.text_en,
                              choices=values.choices, required=values.required, position=position + 1)
    db.session.add(question)
    db.session.flush()
    record_audit("survey.question_added", target=question, actor=actor, details={"kind": values.kind.value})
    return question


def edit_question(question: SurveyQuestion, values: QuestionValues, *, actor: str | None = None) -> SurveyQuestion:
    """Wording can always change; the kind and the number of choices only while nobody has answered it."""
    _check(values)
    answered = db.session.scalar(sa.select(sa.func.count(SurveyAnswer.id))
                                 .where(SurveyAnswer.question_id == question.id)) or 0
    if answered and (values.kind != question.kind or len(values.choices) != len(question.choices)):
        raise SurveyError(_("People have answered this question: only its wording can change."))
    before = {"text_fr": question.text_fr, "text_en": question.text_en, "kind": question.kind.value}
    question.kind, question.text_fr, question.text_en = values.kind, values.text_fr, values.text_en
    question.choices, question.required = values.choices, values.required
    db.session.flush()
    record_audit("survey.question_edited", target=question, actor=actor, details={"before": before})
    return question


def move_question(question: SurveyQuestion, offset: int, *, actor: str | None = None) -> None:
    """One place up (-1) or down (+1); positions are renumbered 1…n."""
    event = question.event
    ordered = questions_of(event)
    if question not in ordered:  # a deleted question has no place to move from
        return
    index = ordered.index(question)
    target = index + offset
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    db.session.flush()
    record_audit("survey.question_moved", target=question, actor=actor, details={"offset": offset})


def delete_question(question: SurveyQuestion, *, actor: str | None = None) -> None:
    """Set aside (its answers kept), so that ``restore_question`` undoes it."""
    if question.deleted_at is not None:
        return
    question.deleted_at = utcnow()
    db.session.flush()
    record_audit("survey.question_deleted", target=question, actor=actor)


def restore_question(question: SurveyQuestion, *, actor: str | None = None) -> None:
    if question.deleted_at is None:
        return
    question.deleted_at = None
    db.session.flush()
    record_audit("survey.question_restored", target=question, actor=actor)


def set_status(event: Event, status: SurveyStatus, *, actor: str | None = None) -> Survey:
    survey = ensure_survey(event)
    if status == SurveyStatus.OPEN and not questions_of(event):
        raise SurveyError(_("Add at least one question before opening the survey."))
    survey.status = status
    if status == SurveyStatus.OPEN:
        survey.opened_at = utcnow()
    elif status == SurveyStatus.CLOSED:
        survey.closed_at = utcnow()
    db.session.flush()
    record_audit(f"survey.{status.value}", target=survey, actor=actor)
    return survey


def attendees(event: Event) -> list[Registration]:
    """Who is invited: the confirmed registrations marked present (checked in at the desk, or attendance
    recorded for an online event); when the event recorded no attendance at all, every confirmed registration."""
    confirmed = sa.select(Registration).where(Registration.event_id == event.id,
                                              Registration.status == RegistrationStatus.CONFIRMED)
    present = list(db.session.scalars(confirmed.where(attended(event)).order_by(Registration.id)))
    return present or list(db.session.scalars(confirmed.order_by(Registration.id)))


def survey_url(registration: Registration) -> str:
    return external_url("survey.answer", token=registration.manage_token, lang=registration.language)


def invite(event: Event, *, actor: str | None = None) -> int:
    """Mail each attendee who has not answered their link (once per person: the dedupe key); returns how many
    were queued now. Invitations are bulk mails (stream ``survey-<event id>``): the outbox adds the opt-out
    headers and footer, and stores a mail to an address that opted out or bounced as suppressed, never sent."""
    survey = survey_of(event)
    if survey is None or survey.status != SurveyStatus.OPEN:
        raise SurveyError(_("Open the survey before inviting people to answer it."))
    answered = set(db.session.scalars(sa.select(SurveyParticipation.registration_id)
                                      .where(SurveyParticipation.event_id == event.id)))
    queued = 0
    for registration in attendees(event):
        if registration.id in answered or not registration.person.email:
            continue
        key = f"survey-{event.id}-invite-{registration.id}"
        language = registration.language or registration.person.preferred_language or "fr"
        with force_locale(language):
            subject = _("Your opinion on %(event)s", event=localized(event, "title", language))
            lines = [_("Hello %(name)s,", name=registration.person.name), "",
                     _("Thank you for taking part in %(event)s. A few questions take a couple of minutes:",
                       event=localized(event, "title", language)), "", survey_url(registration), ""]
            lines.append(_("Your answers are anonymous: the organisers see them without your name.")
                         if survey.anonymous else _("The organisers see your answers with your name."))
            lines += ["", _("The organisers — Cités Unies France")]
        if find_by_dedupe_key(key) is None:  # invited once: inviting again mails only the newcomers
            enqueue(registration.person.email, subject, "\n".join(lines) + "\n", language=language, dedupe_key=key,
                    html_body=html_from_text("\n".join(lines) + "\n", language), bulk=True, stream=f"survey-{event.id}")
            queued += 1
    record_audit("survey.invited", target=survey, actor=actor, details={"queued": queued})
    return queued


def has_answered(registration: Registration) -> bool:
    return db.session.scalar(sa.select(SurveyParticipation.id)
                             .where(SurveyParticipation.registration_id == registration.id)) is not None


def can_answer(registration: Registration, survey: Survey | None) -> bool:
    return (survey is not None and survey.status == SurveyStatus.OPEN
            and registration.status == RegistrationStatus.CONFIRMED)


AnswerValue = int | list[int] | str | None


def submit_answers(registration: Registration, answers: Mapping[int, AnswerValue], *, language: str = "fr",
                   now: datetime | None = None) -> SurveyResponse:
    """Record one person's answers (question id → rating, chosen indices or text, already checked against the
    question by the form). A second answer raises AlreadyAnswered — the UNIQUE participation decides, even when
    two submissions race."""
    event = registration.event
    survey = survey_of(event)
    if not can_answer(registration, survey):
        raise SurveyError(_("This survey is not open."))
    assert survey is not None
    if has_answered(registration):
        raise AlreadyAnswered(_("You have already answered this survey. Thank you!"))
    questions = {question.id: question for question in questions_of(event)}
    for question_id, question in questions.items():
        if question.required and _is_empty(answers.get(question_id)):
            raise SurveyError(_("Please answer “%(question)s”.", question=localized(question, "text", language)))
    try:
        with db.session.begin_nested():
            db.session.add(SurveyParticipation(event_id=event.id, registration_id=registration.id,
                                               answered_at=now or utcnow()))
            db.session.flush()
    except sa.exc.IntegrityError:
        raise AlreadyAnswered(_("You have already answered this survey. Thank you!")) from None
    response = SurveyResponse(event_id=event.id, registration_id=None if survey.anonymous else registration.id,
                              language=language, submitted_at=now or utcnow())
    for question_id, value in answers.items():
        asked = questions.get(question_id)
        if asked is None or _is_empty(value):
            continue
        response.answers.append(_answer(asked, value))
    db.session.add(response)
    db.session.flush()
    record_audit("survey.answered", target_type="survey", target_id=survey.id, event_id=event.id, actor="delegate",
                 details={"answers": len(response.answers)})
    return response


def _is_empty(value: AnswerValue) -> bool:
    return value is None or value == "" or value == []


def _answer(question: SurveyQuestion, value: AnswerValue) -> SurveyAnswer:
    if question.kind == QuestionKind.RATING and isinstance(value, int) and 1 <= value <= 5:
        return SurveyAnswer(question_id=question.id, rating=value)
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        chosen = [value] if isinstance(value, int) else value
        if isinstance(chosen, list) and chosen and all(isinstance(index, int) and 0 <= index < len(question.choices)
                                                      for index in chosen):
            if question.kind == QuestionKind.SINGLE and len(chosen) != 1:
                raise SurveyError(_("Choose one answer."))
            return SurveyAnswer(question_id=question.id, chosen=sorted(set(chosen)))
    if question.kind == QuestionKind.TEXT and isinstance(value, str) and len(value) <= MAX_TEXT_ANSWER:
        return SurveyAnswer(question_id=question.id, text=value)
    raise SurveyError(_("An answer does not fit its question."))


def choices_from_lines(lines_fr: Sequence[str], lines_en: Sequence[str]) -> list[dict[str, str]]:
    """Choices typed one per line in each language; an English line left out takes the French."""
    french = [line.strip() for line in lines_fr if line.strip()]
    english = [line.strip() for line in lines_en if line.strip()]
    if english and len(english) != len(french):
        raise SurveyError(_("Give as many English choices as French ones (or none)."))
    return [{"fr": text, "en": english[index] if english else text} for index, text in enumerate(french)]
