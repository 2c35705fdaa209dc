"""Organisers' forms for people, collectivités and protocol ranks."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from app.core.countries import country_choices, is_country_code
from app.core.labels import label
from app.core.validators import no_control_characters
from app.people.models import CollectiviteType


def known_country(form, field) -> None:
    if not is_country_code(field.data):
        raise ValidationError(_l("Unknown country."))


def _name(label_text, required=False):
    validators = [DataRequired()] if required else [Optional()]
    return StringField(label_text, validators=validators + [Length(max=120), no_control_characters])


class PersonForm(FlaskForm):
    honorific = StringField(_l("Honorific"), validators=[Optional(), Length(max=40), no_control_characters])
    given_name = _name(_l("Given name (own script)"), required=True)
    family_name = _name(_l("Family name (own script)"), required=True)
    given_name_latin = _name(_l("Given name (Latin script)"))
    family_name_latin = _name(_l("Family name (Latin script)"))
    function = StringField(_l("Function"), validators=[Optional(), Length(max=300), no_control_characters])
    email = EmailField(_l("Email"), validators=[Optional(), Email(allow_smtputf8=False), Length(max=254)])
    country = SelectField(_l("Country"), validators=[known_country])
    collectivite_id = SelectField(_l("Collectivité"), coerce=int)
    protocol_rank_id = SelectField(_l("Protocol rank"), coerce=int)
    allow_similar_name = BooleanField(_l("Create anyway: this is not one of the similar people listed"))

    def __init__(self, language: str, collectivites, ranks, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(language)
        self.collectivite_id.choices = [(0, "—")] + [(item.id, item.display_name) for item in collectivites]
        self.protocol_rank_id.choices = [(0, "—")] + [(rank.id, rank.name_fr if language == "fr" else rank.name_en)
                                                      for rank in ranks]


class CollectiviteForm(FlaskForm):
    name = StringField(_l("Name (own script)"), validators=[DataRequired(), Length(max=200), no_control_characters])
    name_latin = StringField(_l("Name (Latin script)"), validators=[Optional(), Length(max=200), no_control_characters])
    type = SelectField(_l("Type"))
    country = SelectField(_l("Country"), validators=[known_country])
    cuf_member = BooleanField(_l("Member of Cités Unies France"))

    def __init__(self, language: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = [(kind.value, label(kind)) for kind in CollectiviteType]
        self.country.choices = country_choices(language)


class ProtocolRankForm(FlaskForm):
    name_fr = StringField(_l("Name (French)"), validators=[DataRequired(), Length(max=120), no_control_characters])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=120), no_control_characters])
    precedence = IntegerField(_l("Precedence (smaller comes first)"), validators=[InputRequired(), NumberRange(min=0, max=10000)])
