"""Organisers' form to edit a registration."""
from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import Length, Optional

from app.core.forms import TextAreaField
from app.core.labels import label
from app.core.validators import no_control_characters
from app.programme.models import Session
from app.registration.forms import CheckboxesField
from app.registration.models import Registration, RegistrationCategory, RegistrationStatus


def _needs(text) -> TextAreaField:
    return TextAreaField(text, validators=[Optional(), Length(max=500), no_control_characters])


class RegistrationEditForm(FlaskForm):
    category = SelectField(_l("Category"))
    status = SelectField(_l("Status"))
    interpretation_needs = _needs(_l("Interpretation needs"))
    dietary_needs = _needs(_l("Dietary needs"))
    accessibility_needs = _needs(_l("Accessibility needs"))
    sessions = CheckboxesField(_l("Workshops"), coerce=int, validate_choice=True)

    def set_choices(self, registration: Registration, sessions: Sequence[Session]) -> None:
        """Categories, the statuses reachable from the current one, and the sessions that may be chosen."""
        self.category.choices = [(category.value, label(category)) for category in RegistrationCategory]
        self.status.choices = [(status.value, label(status)) for status in reachable_statuses(registration.status)]
        self.sessions.choices = [(session.id, session.title_fr) for session in sessions]


def reachable_statuses(current: RegistrationStatus) -> list[RegistrationStatus]:
    """The current status, then those an organiser may set (through approve, refuse or cancel)."""
    reachable = {
        RegistrationStatus.PENDING: [RegistrationStatus.CONFIRMED, RegistrationStatus.REFUSED,
                                     RegistrationStatus.CANCELLED],
        RegistrationStatus.WAITLISTED: [RegistrationStatus.REFUSED, RegistrationStatus.CANCELLED],
        RegistrationStatus.CONFIRMED: [RegistrationStatus.CANCELLED],
    }
    return [current, *reachable.get(current, [])]
