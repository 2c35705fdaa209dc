"""Forms of the syntheses: the organisers' assignment, the rapporteur's text."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Length, Optional

from app.core.forms import TextAreaField
from app.core.validators import reasonable_date
from app.syntheses.models import MAX_SYNTHESIS_LENGTH


class RapporteurForm(FlaskForm):
    rapporteur = SelectField(_l("Rapporteur"), coerce=int, validate_choice=True)
    deadline = DateField(_l("Deadline (last day, event's time zone)"), validators=[Optional(), reasonable_date])


class SynthesisForm(FlaskForm):
    body = TextAreaField(_l("Synthesis (Markdown)"), validators=[Length(max=MAX_SYNTHESIS_LENGTH)])
