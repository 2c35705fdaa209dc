"""WTForms validators every package's forms use (events, people, programme, registration…)."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.validators import ValidationError

from app.core.text import has_control_characters


def no_control_characters(form: Any, field: Field) -> None:
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise ValidationError(_l("Control characters are not allowed."))


def reasonable_date(form: Any, field: Field) -> None:
    """Dates far outside any conference's life (year 1, year 9999) are typing mistakes."""
    if field.data and not 1900 <= field.data.year <= 2200:
        raise ValidationError(_l("Please check the year."))
