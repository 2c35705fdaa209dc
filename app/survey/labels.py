"""Labels of the survey's enumerations, in the reader's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.survey.models import QuestionKind

QUESTION_KIND_LABELS = {QuestionKind.RATING: _l("Rating from 1 to 5"), QuestionKind.SINGLE: _l("One choice"),
                        QuestionKind.MULTIPLE: _l("Several choices"), QuestionKind.TEXT: _l("Free text")}
