"""The meeting forms: the participants' (profile, ask, answer) and the organisers' (settings, themes, blocks,
tables, interpreters, protocol meetings, placing a meeting by hand)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, SelectMultipleField, StringField, TimeField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import TextAreaField
from app.core.validators import no_control_characters, reasonable_date


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProfileForm(FlaskForm):
    themes = CheckboxesField(_l("Cooperation themes"), coerce=int, validate_choice=True)
    existing_partners = TextAreaField(_l("Existing partners"), validators=[Optional(), Length(max=2000),
                                                                            no_control_characters])
    looking_for = TextAreaField(_l("What you are looking for"), validators=[DataRequired(), Length(max=2000),
                                                                             no_control_characters])
    languages = StringField(_l("Languages your people speak"), validators=[Optional(), Length(max=100)])


class AskForm(FlaskForm):
    on_behalf_of = SelectField(_l("For"), coerce=int)
    message = TextAreaField(_l("Message"), validators=[Optional(), Length(max=2000), no_control_characters])


class AnswerForm(FlaskForm):
    attendee = SelectField(_l("Who will attend"), coerce=int, validate_choice=False)
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=500), no_control_characters])


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=500), no_control_characters])


class SettingsForm(FlaskForm):
    slot_minutes = IntegerField(_l("Slot length (minutes)"), validators=[DataRequired(), NumberRange(5, 240)])
    max_meetings_per_person = IntegerField(_l("Maximum meetings per person"),
                                           validators=[Optional(), NumberRange(0, 100)])
    requests_open = BooleanField(_l("Participants may ask for and answer meetings"))


class ThemeForm(FlaskForm):
    name_fr = StringField(_l("Name (French)"), validators=[DataRequired(), Length(max=120), no_control_characters])
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=120), no_control_characters])


class BlockForm(FlaskForm):
    day = DateField(_l("Day"), validators=[DataRequired(), reasonable_date])
    starts = TimeField(_l("From"), validators=[DataRequired()])
    ends = TimeField(_l("To"), validators=[DataRequired()])


class TableForm(FlaskForm):
    number = IntegerField(_l("Number"), validators=[DataRequired(), NumberRange(1, 10000)])
    room = StringField(_l("Room"), validators=[Optional(), Length(max=120), no_control_characters])


class InterpreterForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200), no_control_characters])
    email = StringField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])
    language_pairs = StringField(_l("Language pairs"), validators=[DataRequired(), Length(max=200)])
    availability = TextAreaField(_l("Availability"), validators=[Optional(), Length(max=2000)])


class ProtocolForm(FlaskForm):
    side_a = SelectField(_l("First person"), coerce=int)
    side_b = SelectField(_l("Second person"), coerce=int)
    message = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000), no_control_characters])


class PinForm(FlaskForm):
    slot = SelectField(_l("Slot"))
    table = SelectField(_l("Table"), coerce=int)
    interpreter = SelectField(_l("Interpreter"), coerce=int)
