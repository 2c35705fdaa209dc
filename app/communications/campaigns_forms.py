"""Forms of the campaign pages: the bilingual editor, scheduling, the recipient of a preview."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.communications.compose import CAMPAIGN_FIELDS, TemplateFields
from app.core.forms import TextAreaField
from app.core.validators import no_control_characters

_fields = TemplateFields(CAMPAIGN_FIELDS)


class CampaignForm(FlaskForm):
    name = StringField(_l("Name (for organisers)"), validators=[DataRequired(), Length(max=200), no_control_characters])
    audience_id = SelectField(_l("Audience"), coerce=int, validate_choice=True)
    subject_fr = StringField(_l("Subject (French)"),
                             validators=[DataRequired(), Length(max=300), no_control_characters, _fields])
    body_fr = TextAreaField(_l("Message (French)"),
                            validators=[DataRequired(), Length(max=20_000), no_control_characters, _fields])
    subject_en = StringField(_l("Subject (English)"),
                             validators=[Optional(), Length(max=300), no_control_characters, _fields])
    body_en = TextAreaField(_l("Message (English)"),
                            validators=[Optional(), Length(max=20_000), no_control_characters, _fields])

    def __init__(self, audiences: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.audience_id.choices = audiences


class ScheduleForm(FlaskForm):
    send_at = DateTimeLocalField(_l("Send at (the event's time zone)"), validators=[DataRequired()])
