"""Demo: the RAICT 2023 (ended) has its feedback survey, answered by part of those who came, then closed.

Idempotent: once the event has a survey, nothing is added. Answers come from a fixed seed, through the
survey's own operations (one answer per person, anonymous).
"""
from __future__ import annotations

import random

import sqlalchemy as sa

from app.core.extensions import db
from app.demo.data import RAICT_2023
from app.events.models import Event
from app.survey import operations
from app.survey.models import QuestionKind, SurveyStatus

QUESTIONS: tuple[tuple[QuestionKind, str, str, list[dict[str, str]], bool], ...] = (
    (QuestionKind.RATING, "Note globale des Rencontres", "Overall rating of the meetings", [], True),
    (QuestionKind.RATING, "Qualité des ateliers", "Quality of the workshops", [], False),
    (QuestionKind.SINGLE, "Reviendrez-vous en 2024 ?", "Will you come back in 2024?",
     [{"fr": "Oui", "en": "Yes"}, {"fr": "Peut-être", "en": "Maybe"}, {"fr": "Non", "en": "No"}], False),
    (QuestionKind.MULTIPLE, "Qu'avez-vous le plus apprécié ?", "What did you appreciate most?",
     [{"fr": "Les ateliers", "en": "The workshops"}, {"fr": "Les plénières", "en": "The plenaries"},
      {"fr": "Les rencontres bilatérales", "en": "The bilateral meetings"},
      {"fr": "Le lieu", "en": "The venue"}], False),
    (QuestionKind.TEXT, "Vos suggestions pour la prochaine édition", "Your suggestions for the next edition", [], False),
)
SUGGESTIONS = ("Plus de temps pour les échanges entre collectivités.", "Des ateliers plus courts, mais plus nombreux.",
               "Une interprétation en arabe dans toutes les salles.", "Très bonne organisation, merci !",
               "Prévoir un temps dédié aux jeunes élus.", "Mettre les présentations en ligne après l'événement.")
RESPONDENTS = 140


def ensure_survey_answers(seed: int = 2023) -> int:
    """The survey of the RAICT 2023 with its answers; returns how many answers were added (0 when present)."""
    event = db.session.scalar(sa.select(Event).where(Event.slug == RAICT_2023))
    if event is None or operations.survey_of(event) is not None:
        return 0
    operations.save_settings(event, anonymous=True, actor="demo",
                             intro_fr="Quelques questions pour préparer la prochaine édition.",
                             intro_en="A few questions to prepare the next edition.")
    questions = [operations.add_question(event, operations.QuestionValues(kind, fr, en, choices, required),
                                         actor="demo")
                 for kind, fr, en, choices, required in QUESTIONS]
    operations.set_status(event, SurveyStatus.OPEN, actor="demo")
    chance = random.Random(seed)
    attendees = operations.attendees(event)
    chosen = sorted(chance.sample(attendees, min(RESPONDENTS, len(attendees))), key=lambda item: item.id)
    for registration in chosen:
        answers: dict[int, operations.AnswerValue] = {
            questions[0].id: chance.choices((2, 3, 4, 5), weights=(1, 3, 8, 6))[0],
            questions[1].id: chance.choices((1, 2, 3, 4, 5), weights=(1, 2, 4, 7, 4))[0],
            questions[2].id: chance.choices((0, 1, 2), weights=(7, 3, 1))[0],
            questions[3].id: sorted(chance.sample(range(4), chance.randint(1, 3)))}
        if chance.random() < 0.25:
            answers[questions[4].id] = chance.choice(SUGGESTIONS)
        operations.submit_answers(registration, answers, language=registration.language or "fr",
                                  now=event.ends_at + (event.ends_at - event.starts_at))
    operations.set_status(event, SurveyStatus.CLOSED, actor="demo")
    return len(chosen)
