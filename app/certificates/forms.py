"""Forms of the certificates' organiser page: the signer (with the signature and logo images), revoking."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.core.validators import no_control_characters


class SignerForm(FlaskForm):
    name = StringField(_l("Signer's name"), validators=[DataRequired(), Length(max=200), no_control_characters])
    function = StringField(_l("Signer's function"), validators=[DataRequired(), Length(max=300),
                                                                 no_control_characters])
    signature = FileField(_l("Signature (PNG or JPEG, at most 1 MiB)"))
    logo = FileField(_l("Organisation's logo (PNG or JPEG, at most 1 MiB)"))
    remove_logo = BooleanField(_l("Remove the logo"))


class RevokeForm(FlaskForm):
    reason = StringField(_l("Reason (kept for the organisers, never shown publicly)"),
                         validators=[Optional(), Length(max=300), no_control_characters])
