"""Forms of the directory pages: contact import and edit, saved audiences."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.core.countries import country_choices, is_country_code
from app.core.labels import label
from app.core.validators import no_control_characters
from app.people.models import CollectiviteType


class ContactUploadForm(FlaskForm):
    file = FileField(_l("Contacts (CSV or Excel)"), validators=[FileRequired()])


class ContactForm(FlaskForm):
    """A contact, as an organiser sees it (``contacts.ContactValues``)."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254), no_control_characters])
    honorific = StringField(_l("Honorific"), validators=[Optional(), Length(max=40), no_control_characters])
    given_name = StringField(_l("Given name"), validators=[Optional(), Length(max=120), no_control_characters])
    family_name = StringField(_l("Family name"), validators=[Optional(), Length(max=120), no_control_characters])
    function = StringField(_l("Function"), validators=[Optional(), Length(max=300), no_control_characters])
    collectivite = StringField(_l("Collectivité"), validators=[Optional(), Length(max=200), no_control_characters])
    country = SelectField(_l("Country"), validate_choice=True)
    language = SelectField(_l("Language"), choices=[("fr", _l("French")), ("en", _l("English"))])
    is_member = BooleanField(_l("Member of the network"))

    def __init__(self, language: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "—"), *country_choices(language)]

    def validate_country(self, field: Any) -> None:
        if field.data and not is_country_code(field.data):
            raise ValidationError(_l("Unknown country."))


class AudienceNameForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), no_control_characters])


AUDIENCE_KINDS = (
    ("members", _l("Members")),
    ("countries", _l("A country group")),
    ("participants", _l("Participants of an event")),
    ("chronicle_regulars", _l("Chronicle regulars")),
    ("collectivite_type", _l("People of a type of collectivité")),
    ("not_registered", _l("Invited by a campaign, not registered yet")),
    ("all", _l("All contacts")),
)


class AudienceForm(FlaskForm):
    """A saved audience of one kind, with the parameter that kind needs."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), no_control_characters])
    kind = SelectField(_l("Who"), choices=AUDIENCE_KINDS)
    countries = SelectMultipleField(_l("Countries"), validate_choice=True)
    event_id = SelectField(_l("Event"), coerce=int, validate_choice=False)
    min_chronicles = IntegerField(_l("Chronicles attended, at least"), default=3,
                                  validators=[Optional(), NumberRange(min=1, max=1000)])
    collectivite_type = SelectField(_l("Type of collectivité"), validate_choice=True)
    campaign_id = SelectField(_l("Campaign"), coerce=int, validate_choice=False)

    def __init__(self, language: str, events: list[tuple[int, str]], campaigns: list[tuple[int, str]],
                 *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.countries.choices = country_choices(language)
        self.event_id.choices = [(0, "—"), *events]
        self.campaign_id.choices = [(0, "—"), *campaigns]
        self.collectivite_type.choices = [(kind.value, label(kind)) for kind in CollectiviteType]

    def definition(self) -> dict[str, Any]:
        kind = self.kind.data
        if kind == "countries":
            return {"kind": kind, "countries": list(self.countries.data or [])}
        if kind == "participants":
            return {"kind": kind, "event_id": self.event_id.data or 0}
        if kind == "chronicle_regulars":
            return {"kind": kind, "min": self.min_chronicles.data or 1}
        if kind == "collectivite_type":
            return {"kind": kind, "type": self.collectivite_type.data}
        if kind == "not_registered":
            return {"kind": kind, "campaign_id": self.campaign_id.data or 0}
        return {"kind": kind}


class CombineForm(FlaskForm):
    """A saved audience made of two others: their union, or the first without the second."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), no_control_characters])
    first = SelectField(_l("Audience"), coerce=int, validate_choice=True)
    operation = SelectField(_l("Operation"), choices=[("union", _l("or (union)")),
                                                      ("difference", _l("except (difference)"))])
    second = SelectField(_l("Audience"), coerce=int, validate_choice=True)

    def __init__(self, saved: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.first.choices = saved
        self.second.choices = saved

    def validate_second(self, field: Any) -> None:
        if field.data == self.first.data:
            raise ValidationError(_l("Choose two different audiences."))

    def definition(self) -> dict[str, Any]:
        parts = [{"kind": "saved", "audience_id": self.first.data}, {"kind": "saved", "audience_id": self.second.data}]
        return {self.operation.data: parts}
