"""Forms of the survey: the organisers' settings and questions, and the respondent's answers (read by hand:
their fields are the questions)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.core.forms import TextAreaField
from app.core.validators import no_control_characters
from app.survey.models import MAX_TEXT_ANSWER, QuestionKind, SurveyQuestion
from app.survey.operations import AnswerValue


class SettingsForm(FlaskForm):
    anonymous = BooleanField(_l("Anonymous answers (respondents are told before they answer)"))
    intro_fr = TextAreaField(_l("Introduction (French)"), validators=[Optional(), Length(max=2000)])
    intro_en = TextAreaField(_l("Introduction (English)"), validators=[Optional(), Length(max=2000)])


KIND_CHOICES = [(QuestionKind.RATING.value, _l("Rating from 1 to 5")), (QuestionKind.SINGLE.value, _l("One choice")),
                (QuestionKind.MULTIPLE.value, _l("Several choices")), (QuestionKind.TEXT.value, _l("Free text"))]


class QuestionForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES)
    text_fr = StringField(_l("Question (French)"), validators=[DataRequired(), Length(max=500), no_control_characters])
    text_en = StringField(_l("Question (English)"), validators=[DataRequired(), Length(max=500), no_control_characters])
    choices_fr = TextAreaField(_l("Choices (French), one per line"), validators=[Optional(), Length(max=3000),
                                                                                 no_control_characters])
    choices_en = TextAreaField(_l("Choices (English), one per line"), validators=[Optional(), Length(max=3000),
                                                                                  no_control_characters])
    required = BooleanField(_l("An answer is required"))


@dataclass
class ParsedAnswers:
    values: dict[int, AnswerValue] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)
    typed: dict[str, list[str]] = field(default_factory=dict)  # what was sent, to show it again


def parse_answers(questions: list[SurveyQuestion], form: Mapping) -> ParsedAnswers:
    """Each question's answer from the posted fields ``q<id>``; a value that does not fit is an error on its
    question, never an exception."""
    parsed = ParsedAnswers()
    for question in questions:
        name = f"q{question.id}"
        sent = [value for value in (form.getlist(name) if hasattr(form, "getlist") else [form.get(name)])
                if isinstance(value, str)]
        parsed.typed[name] = sent
        value, error = _one(question, sent)
        if error is None and question.required and value in (None, "", []):
            error = _("Please answer this question.")
        if error is not None:
            parsed.errors[question.id] = error
        elif value not in (None, "", []):
            parsed.values[question.id] = value
    return parsed


def _one(question: SurveyQuestion, sent: list[str]) -> tuple[AnswerValue, str | None]:
    if question.kind == QuestionKind.TEXT:
        text = (sent[0] if sent else "").replace("\r\n", "\n").strip()
        if len(text) > MAX_TEXT_ANSWER:
            return None, _("At most %(count)s characters.", count=MAX_TEXT_ANSWER)
        if any(ord(char) < 32 and char not in "\n\t" for char in text) or "\x00" in text:
            return None, _("Control characters are not allowed.")
        return text, None
    numbers: list[int] = []
    for value in sent:
        if value == "":
            continue
        if not value.isascii() or not value.isdigit() or len(value) > 3:
            return None, _("Choose one of the answers offered.")
        numbers.append(int(value))
    if question.kind == QuestionKind.RATING:
        if len(numbers) > 1 or any(not 1 <= number <= 5 for number in numbers):
            return None, _("Choose a rating from 1 to 5.")
        return (numbers[0] if numbers else None), None
    if any(not 0 <= number < len(question.choices) for number in numbers):
        return None, _("Choose one of the answers offered.")
    if question.kind == QuestionKind.SINGLE:
        if len(numbers) > 1:
            return None, _("Choose one answer.")
        return (numbers[0] if numbers else None), None
    return sorted(set(numbers)), None
