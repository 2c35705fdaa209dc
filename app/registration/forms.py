"""The public registration form and the self-service forms."""
from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.countries import country_choices
from app.core.forms import TextAreaField
from app.core.labels import label
from app.core.validators import no_control_characters
from app.people.forms import known_country
from app.people.models import Collectivite, CollectiviteType
from app.programme.models import Session
from app.registration.choices import TimeSlot, explain_clashes, time_slots

NEW_COLLECTIVITE = -1


def _text(label_text, max_length: int, required: bool = False) -> StringField:
    validators = [DataRequired()] if required else [Optional()]
    return StringField(label_text, validators=validators + [Length(max=max_length), no_control_characters])


def _needs(label_text) -> TextAreaField:
    return TextAreaField(label_text, validators=[Optional(), Length(max=500), no_control_characters])


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ChoicesForm(FlaskForm):
    """Workshop checkboxes, shown grouped by time slot; a clash is explained in its slot, by title and time."""

    sessions = CheckboxesField(_l("Workshops"), coerce=int, validate_choice=True)
    choosable: Sequence[Session] = ()
    slots: Sequence[TimeSlot] = ()

    def set_sessions(self, sessions: Sequence[Session], labels: dict[int, str]) -> None:
        self.sessions.choices = [(session.id, labels[session.id]) for session in sessions]
        self.choosable = list(sessions)
        self.slots = time_slots(sessions)

    def validate_sessions(self, field) -> None:
        wanted = set(field.data or [])
        messages = explain_clashes(self.slots, [session for session in self.choosable if session.id in wanted])
        if messages:
            raise ValidationError(messages[0])


class NameFields:
    """A person's names (own script and Latin form), honorific and function: on every form that records someone."""

    honorific = _text(_l("Honorific"), 40)
    given_name = _text(_l("Given name (own script)"), 120, required=True)
    family_name = _text(_l("Family name (own script)"), 120, required=True)
    given_name_latin = _text(_l("Given name (Latin script)"), 120)
    family_name_latin = _text(_l("Family name (Latin script)"), 120)
    function = _text(_l("Function"), 300)


class RegistrationForm(ChoicesForm, NameFields):
    collectivite_id = SelectField(_l("Collectivité"), coerce=int)
    new_collectivite_name = _text(_l("Name of the new collectivité"), 200)
    new_collectivite_type = SelectField(_l("Type"), validate_choice=False)
    new_collectivite_country = SelectField(_l("Country of the collectivité"), validate_choice=False)
    country = SelectField(_l("Country"), validators=[known_country], validate_choice=False)
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(allow_smtputf8=False), Length(max=254)])
    phone = _text(_l("Phone"), 40)
    language = SelectField(_l("Preferred language"))
    interpretation_needs = _needs(_l("Interpretation needs"))
    dietary_needs = _needs(_l("Dietary needs"))
    accessibility_needs = _needs(_l("Accessibility needs"))
    # Chronicles: register (or ask for access) to the series' later chronicles at once.
    whole_series = BooleanField(_l("Register me for the following chronicles of the series too"))
    # A personal invitation link's token (app.registration.invitations): carried to the claim, never shown.
    invite = HiddenField(validators=[Optional(), Length(max=300)])
    consent = BooleanField(_l("I have read the privacy notice and agree that my data is used to organise the event."),
                           validators=[DataRequired(_l("Please accept the privacy notice to register."))])

    def __init__(self, language: str, collectivites: Sequence[Collectivite], *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = country_choices(language)
        self.language.choices = [("fr", "Français"), ("en", "English")]
        self.country.choices = [("", "—")] + countries
        self.new_collectivite_country.choices = [("", "—")] + countries
        self.new_collectivite_type.choices = [(kind.value, label(kind)) for kind in CollectiviteType]
        self.collectivite_id.choices = ([(0, "—"), (NEW_COLLECTIVITE, _l("Not in the list: propose a new one"))]
                                        + [(item.id, item.display_name) for item in collectivites])

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the new collectivité's (its fields are optional unless it is chosen)."""
        valid = super().validate(extra_validators)
        if self.collectivite_id.data == NEW_COLLECTIVITE:
            try:
                self._check_new_collectivite()
            except ValidationError as error:
                self.new_collectivite_name.errors = [*self.new_collectivite_name.errors, str(error)]
                valid = False
        return valid

    def _check_new_collectivite(self) -> None:
        if not (self.new_collectivite_name.data or "").strip():
            raise ValidationError(_l("Give the name of the new collectivité."))
        if self.new_collectivite_type.data not in {kind.value for kind in CollectiviteType}:
            raise ValidationError(_l("Choose the type of the new collectivité."))
        known_country(self, self.new_collectivite_country)


class DetailsForm(FlaskForm, NameFields):
    """The registrant corrects their details from the private page (the email is not editable)."""

    language = SelectField(_l("Preferred language"))
    interpretation_needs = _needs(_l("Interpretation needs"))
    dietary_needs = _needs(_l("Dietary needs"))
    accessibility_needs = _needs(_l("Accessibility needs"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [("fr", "Français"), ("en", "English")]


class LostLinkForm(FlaskForm):
    """"Send me my link again": only an address; the answer never says whether it is registered."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Email(allow_smtputf8=False), Length(max=254)])
