"""The feedback survey of an event: its settings, questions, who answered, and the answers.

Who answered (``SurveyParticipation``, one row per registration: the database refuses a second) is kept
apart from what was answered (``SurveyResponse``): in an anonymous survey the response names nobody.
"""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from app.core.extensions import Model
from app.events.models import Event
from app.registration.models import Registration


class SurveyStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class QuestionKind(enum.StrEnum):
    RATING = "rating"  # 1 to 5
    SINGLE = "single"  # one of the choices
    MULTIPLE = "multiple"  # any of the choices
    TEXT = "text"  # free text


RATING_VALUES = (1, 2, 3, 4, 5)
MAX_TEXT_ANSWER = 4000


class Survey(TimestampMixin, Model):
    """An event's survey (at most one): anonymous or not (shown to respondents), open or not."""

    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    status: Mapped[SurveyStatus] = mapped_column(enum_column(SurveyStatus, "survey_status"), default=SurveyStatus.DRAFT)
    anonymous: Mapped[bool] = mapped_column(default=True)
    intro_fr: Mapped[str | None] = mapped_column(sa.Text)
    intro_en: Mapped[str | None] = mapped_column(sa.Text)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()


class SurveyQuestion(TimestampMixin, Model):
    """A question, in French and English; ``choices`` a list of ``{"fr": …, "en": …}`` for the choice kinds.
    A deleted question keeps its row (``deleted_at``) so that the deletion can be undone."""

    __tablename__ = "survey_question"
    __table_args__ = (sa.Index("ix_survey_question_event_position", "event_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind, "survey_question_kind"))
    text_fr: Mapped[str] = mapped_column(sa.String(500))
    text_en: Mapped[str] = mapped_column(sa.String(500))
    choices: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    required: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()


class SurveyParticipation(Model):
    """That a registration answered (once: UNIQUE) and when; nothing of what it answered."""

    __tablename__ = "survey_participation"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registration.id", ondelete="CASCADE"), unique=True)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    registration: Mapped[Registration] = relationship()


class SurveyResponse(Model):
    """One person's answers; ``registration_id`` only when the survey is not anonymous."""

    __tablename__ = "survey_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int | None] = mapped_column(sa.ForeignKey("registration.id", ondelete="SET NULL"),
                                                        unique=True)
    language: Mapped[str] = mapped_column(sa.String(8), default="fr")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    registration: Mapped[Registration | None] = relationship()
    answers: Mapped[list[SurveyAnswer]] = relationship(back_populates="response", cascade="all, delete-orphan")


class SurveyAnswer(Model):
    """The answer to one question: a rating, the chosen indices of ``choices``, or a text."""

    __tablename__ = "survey_answer"
    __table_args__ = (
        sa.UniqueConstraint("response_id", "question_id"),
        sa.CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_response.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int | None]
    chosen: Mapped[list[int] | None] = mapped_column(sa.JSON)
    text: Mapped[str | None] = mapped_column(sa.Text)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
    question: Mapped[SurveyQuestion] = relationship()
