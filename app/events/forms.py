"""Organisers' forms for events and new editions."""
from __future__ import annotations

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TimeField, URLField
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from app.core.countries import country_choices, is_country_code
from app.core.forms import TextAreaField
from app.core.labels import label
from app.core.text import SLUG_PATTERN
from app.core.validators import no_control_characters, reasonable_date
from app.events.models import EventKind, EventStatus

SLUG = Regexp(SLUG_PATTERN, message=_l("Lower-case letters, digits and dashes."))


def country_or_empty(form, field) -> None:
    if field.data and not is_country_code(field.data):
        raise ValidationError(_l("Unknown country."))


class EventForm(FlaskForm):
    kind = SelectField(_l("Kind"))
    slug = StringField(_l("Short name (in URLs)"), validators=[DataRequired(), Length(max=80), SLUG])
    edition = IntegerField(_l("Edition number"), validators=[Optional(), NumberRange(min=1, max=1000)])
    series_id = SelectField(_l("Series"), coerce=int)
    title_fr = StringField(_l("Title (French)"), validators=[DataRequired(), Length(max=300), no_control_characters])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=300), no_control_characters])
    theme_fr = TextAreaField(_l("Theme (French)"), validators=[Optional(), Length(max=2000), no_control_characters])
    theme_en = TextAreaField(_l("Theme (English)"), validators=[Optional(), Length(max=2000), no_control_characters])
    description_fr = TextAreaField(_l("Description (French)"), validators=[Optional(), Length(max=10000), no_control_characters])
    description_en = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=10000), no_control_characters])
    first_day = DateField(_l("First day"), validators=[DataRequired(), reasonable_date])
    start_time = TimeField(_l("Starts at"), validators=[DataRequired()])
    last_day = DateField(_l("Last day"), validators=[DataRequired(), reasonable_date])
    end_time = TimeField(_l("Ends at"), validators=[DataRequired()])
    timezone = SelectField(_l("Time zone"), validators=[DataRequired()])
    is_online = BooleanField(_l("Online event"))
    venue_name = StringField(_l("Venue"), validators=[Optional(), Length(max=200), no_control_characters])
    venue_address = StringField(_l("Address"), validators=[Optional(), Length(max=300), no_control_characters])
    venue_city = StringField(_l("City"), validators=[Optional(), Length(max=120), no_control_characters])
    venue_country = SelectField(_l("Country"), validators=[country_or_empty])
    co_organisers = TextAreaField(_l("Co-organisers"), validators=[Optional(), Length(max=2000), no_control_characters])
    partner_country = SelectField(_l("Partner country (Assises)"), validators=[country_or_empty])
    status = SelectField(_l("Status"))
    capacity = IntegerField(_l("Capacity"), validators=[Optional(), NumberRange(min=0, max=1000000)])
    online_url = URLField(_l("Online meeting link (never public)"), validators=[Optional(), URL(), Length(max=500)])

    def __init__(self, language: str, series, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = [("", "—")] + country_choices(language)
        self.series_id.choices = [(0, "—")] + [(item.id, item.title_fr if language == "fr" else item.title_en)
                                               for item in series]
        self.kind.choices = [(kind.value, label(kind)) for kind in EventKind]
        self.status.choices = [(status.value, label(status)) for status in EventStatus]
        self.venue_country.choices = countries
        self.partner_country.choices = countries
        self.timezone.choices = [(zone, zone) for zone in sorted(available_timezones()) if "/" in zone]

    def validate_last_day(self, field) -> None:
        if self.first_day.data and field.data and field.data < self.first_day.data:
            raise ValidationError(_l("The last day cannot be before the first."))


class NewEditionForm(FlaskForm):
    slug = StringField(_l("Short name of the new edition"), validators=[DataRequired(), Length(max=80), SLUG])
    title_fr = StringField(_l("Title (French)"), validators=[DataRequired(), Length(max=300), no_control_characters])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=300), no_control_characters])
    edition = IntegerField(_l("Edition number"), validators=[Optional(), NumberRange(min=1, max=1000)])
    first_day = DateField(_l("First day of the new edition"), validators=[DataRequired(), reasonable_date])
