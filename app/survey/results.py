"""The survey's results: counts, averages and distributions per question, free-text answers, the export,
and the previous edition's figures beside each question that matches. Three statements per survey whatever
the number of answers."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.core.extensions import db
from app.core.i18n import localized
from app.core.text import search_key
from app.events.models import Event
from app.registration.models import Registration
from app.survey.models import RATING_VALUES, QuestionKind, SurveyAnswer, SurveyQuestion, SurveyResponse
from app.survey.operations import questions_of, response_count, survey_of


@dataclass
class Bar:
    label: str
    count: int
    share: float  # 0–1 of the question's answers


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int = 0
    average: float | None = None
    bars: list[Bar] = field(default_factory=list)
    texts: list[tuple[str | None, str]] = field(default_factory=list)  # (respondent's name or None, text)
    previous: QuestionResult | None = None


@dataclass
class SurveyResults:
    event: Event
    respondents: int
    questions: list[QuestionResult]
    previous_event: Event | None = None


def _answers(event: Event) -> list[SurveyAnswer]:
    return list(db.session.scalars(
        sa.select(SurveyAnswer).join(SurveyAnswer.response).where(SurveyResponse.event_id == event.id)
        .options(joinedload(SurveyAnswer.response).joinedload(SurveyResponse.registration)
                 .joinedload(Registration.person))
        .order_by(SurveyResponse.submitted_at, SurveyAnswer.id)))


def question_result(question: SurveyQuestion, answers: list[SurveyAnswer], language: str,
                    with_names: bool) -> QuestionResult:
    result = QuestionResult(question, answered=len(answers))
    if question.kind == QuestionKind.RATING:
        ratings = Counter(answer.rating for answer in answers if answer.rating)
        total = sum(ratings.values())
        result.average = (sum(value * count for value, count in ratings.items()) / total) if total else None
        result.bars = [Bar(str(value), ratings[value], ratings[value] / total if total else 0) for value in RATING_VALUES]
    elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        chosen = Counter(index for answer in answers for index in (answer.chosen or []))
        result.bars = [Bar(choice.get(language) or choice.get("fr") or "", chosen[index],
                           chosen[index] / len(answers) if answers else 0)
                       for index, choice in enumerate(question.choices)]
    else:
        for answer in answers:
            registration = answer.response.registration
            name = registration.person.name if with_names and registration is not None else None
            result.texts.append((name, answer.text or ""))
    return result


def survey_results(event: Event, language: str = "fr", *, compare: bool = True) -> SurveyResults:
    survey = survey_of(event)
    questions = questions_of(event)
    by_question: dict[int, list[SurveyAnswer]] = {}
    for answer in _answers(event):
        by_question.setdefault(answer.question_id, []).append(answer)
    with_names = survey is not None and not survey.anonymous
    results = SurveyResults(event, response_count(event),
                            [question_result(question, by_question.get(question.id, []), language, with_names)
                             for question in questions])
    previous = previous_edition(event) if compare else None
    if previous is not None:
        earlier = {question_key(item.question): item for item in survey_results(previous, language,
                                                                                 compare=False).questions}
        for item in results.questions:
            match = earlier.get(question_key(item.question))
            if match is not None and match.answered and item.question.kind != QuestionKind.TEXT:
                item.previous = match
        if any(item.previous for item in results.questions):
            results.previous_event = previous
    return results


def question_key(question: SurveyQuestion) -> tuple:
    """Two questions match across editions when their kind, French wording and choices are the same (accents,
    case and spacing aside)."""
    return (question.kind.value, search_key(question.text_fr),
            tuple(search_key(choice.get("fr")) for choice in question.choices))


def previous_edition(event: Event) -> Event | None:
    """The series' edition before this one that has survey questions."""
    if event.series_id is None:
        return None
    return db.session.scalar(
        sa.select(Event).where(Event.series_id == event.series_id, Event.starts_at < event.starts_at, Event.id != event.id,
                               sa.exists().where(SurveyQuestion.event_id == Event.id,
                                                 SurveyQuestion.deleted_at.is_(None)))
        .order_by(Event.starts_at.desc()).limit(1))


def export_rows(event: Event, language: str = "fr") -> tuple[list[str], list[list[object]]]:
    """One row per response: when, the respondent (not in an anonymous survey), then one column per question."""
    survey = survey_of(event)
    questions = questions_of(event)
    with_names = survey is not None and not survey.anonymous
    responses = list(db.session.scalars(
        sa.select(SurveyResponse).where(SurveyResponse.event_id == event.id)
        .options(joinedload(SurveyResponse.answers), joinedload(SurveyResponse.registration)
                 .joinedload(Registration.person))
        .order_by(SurveyResponse.submitted_at, SurveyResponse.id)).unique())
    header = ["response", "submitted_at"] + (["name", "email"] if with_names else []) + [
        f"Q{number}. {localized(question, 'text', language)}" for number, question in enumerate(questions, start=1)]
    rows: list[list[object]] = []
    for response in responses:
        answers = {answer.question_id: answer for answer in response.answers}
        row: list[object] = [response.id, response.submitted_at.isoformat(timespec="seconds")]
        if with_names:
            person = response.registration.person if response.registration else None
            row += [person.name if person else "", (person.email or "") if person else ""]
        row += [_cell(question, answers.get(question.id), language) for question in questions]
        rows.append(row)
    return header, rows


def _cell(question: SurveyQuestion, answer: SurveyAnswer | None, language: str) -> object:
    if answer is None:
        return ""
    if question.kind == QuestionKind.RATING:
        return answer.rating or ""
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return "; ".join((question.choices[index].get(language) or question.choices[index].get("fr") or "")
                         for index in (answer.chosen or []) if 0 <= index < len(question.choices))
    return answer.text or ""
