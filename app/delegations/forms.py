"""Forms of the delegation pages: creating a delegation, adding / editing members, uploading a member list."""
from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, SelectField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from app.core.countries import country_choices
from app.core.labels import label
from app.people.forms import known_country
from app.people.models import Collectivite
from app.registration.forms import CheckboxesField, ChoicesForm, NameFields, _text
from app.registration.models import DelegationSide

LANGUAGE_CHOICES = [("fr", "Français"), ("en", "English")]


class MemberEditForm(FlaskForm, NameFields):
    """What the head may change on a member: names, honorific, function, mail language (not the email)."""

    language = SelectField(_l("Preferred language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = LANGUAGE_CHOICES


class _PersonFields:
    """Email and country, added to the editable fields for a new person."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Email(allow_smtputf8=False), Length(max=254)])
    country = SelectField(_l("Country"), validators=[known_country], validate_choice=False)


class MemberForm(ChoicesForm, MemberEditForm, _PersonFields):
    """A new member: their details and, optionally, workshop choices."""

    def __init__(self, language: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "—")] + country_choices(language)


class DelegationForm(MemberEditForm, _PersonFields):
    """The head of delegation (themselves) and the delegation."""

    delegation_name = _text(_l("Name of the delegation"), 200, required=True)
    delegation_country = SelectField(_l("Country of the delegation"), validators=[known_country],
                                     validate_choice=False)
    side = SelectField(_l("Side"), validate_choice=False)
    collectivites = CheckboxesField(_l("Collectivités of the delegation"), coerce=int)
    consent = BooleanField(_l("I have read the privacy notice and agree that my data is used to organise the event."),
                           validators=[DataRequired(_l("Please accept the privacy notice to register."))])

    def __init__(self, language: str, collectivites: Sequence[Collectivite], with_side: bool, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = [("", "—")] + country_choices(language)
        self.country.choices = countries
        self.delegation_country.choices = countries
        self.with_side = with_side
        self.side.choices = [("", "—")] + [(side.value, label(side)) for side in DelegationSide]
        self.collectivites.choices = [(item.id, item.display_name) for item in collectivites]

    def validate_side(self, field) -> None:
        if not self.with_side:
            field.data = ""
        elif field.data not in {side.value for side in DelegationSide}:
            raise ValidationError(_l("Choose the side of the delegation."))


class MembersUploadForm(FlaskForm):
    file = FileField(_l("Member list (CSV or XLSX)"), validators=[FileRequired()])
