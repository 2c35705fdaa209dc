"""The message editor's form: the filter of recipients, the kind, and the text in French and English."""
from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.communications.compose import MessageTemplate
from app.communications.messages import MAX_BODY_CHARS, Draft
from app.communications.messages_filters import MESSAGE_STATUSES, RecipientFilter
from app.communications.messages_models import MessageKind
from app.core.forms import TextAreaField
from app.core.i18n import localized
from app.core.labels import label
from app.core.urls import parse_id
from app.core.validators import no_control_characters
from app.programme.models import Session
from app.registration.forms import CheckboxesField
from app.registration.models import Delegation, DelegationSide, RegistrationCategory, RegistrationStatus

ANY = ""


def _int_or_none(value: str | None) -> int | None:
    return parse_id(value)


def _member(kind, value: str | None):
    """The enum member, or None for an empty or unknown value (the draft is also read from a refused form)."""
    try:
        return kind(value) if value else None
    except ValueError:
        return None


class TextForm(FlaskForm):
    subject_fr = StringField(_l("Subject (French)"), validators=[DataRequired(), Length(max=300), no_control_characters])
    body_fr = TextAreaField(_l("Text (French)"), validators=[DataRequired(), Length(max=MAX_BODY_CHARS)])
    subject_en = StringField(_l("Subject (English)"), validators=[Optional(), Length(max=300), no_control_characters])
    body_en = TextAreaField(_l("Text (English)"), validators=[Optional(), Length(max=MAX_BODY_CHARS)])
    statuses = CheckboxesField(_l("Status"), validate_choice=True)
    preview_as = SelectField(_l("Preview as"), validate_choice=False, default=ANY)
    # The number of recipients the editor saw: sending to another number asks again.
    shown_count = HiddenField()

    def template(self) -> MessageTemplate:
        return MessageTemplate(subject_fr=(self.subject_fr.data or "").strip(), body_fr=self.body_fr.data or "",
                               subject_en=(self.subject_en.data or "").strip(), body_en=self.body_en.data or "")

    def set_status_choices(self, statuses: Sequence[RegistrationStatus] = MESSAGE_STATUSES) -> None:
        self.statuses.choices = [(status.value, label(status)) for status in statuses]
        self.preview_as.choices = []  # the recipients, once counted (app.communications.messages_admin.composer)
        if not self.statuses.data:
            self.statuses.data = [RegistrationStatus.CONFIRMED.value]

    def chosen_statuses(self) -> tuple[RegistrationStatus, ...]:
        known = {status.value for status in MESSAGE_STATUSES}  # also read from a refused form: ignore the rest
        return tuple(RegistrationStatus(value) for value in self.statuses.data or () if value in known)


class MessageForm(TextForm):
    """An organiser's message: every filter."""

    kind = RadioField(_l("Kind"), default=MessageKind.GENERAL.value, choices=[
        (MessageKind.GENERAL.value, _l("News about the event (people who opted out of such mail do not get it)")),
        (MessageKind.SESSION_CHANGE.value, _l("A change to their own session (sent to everyone chosen, "
                                              "opted out or not; choose the workshop)"))])
    session = SelectField(_l("Workshop"), default=ANY)
    delegation = SelectField(_l("Delegation"), default=ANY)
    side = SelectField(_l("Side"), default=ANY)
    category = SelectField(_l("Category"), default=ANY)
    language = SelectField(_l("Language"), default=ANY, choices=[(ANY, _l("Any")), ("fr", "Français"), ("en", "English")])
    checked_in = SelectField(_l("Checked in"), default=ANY, choices=[
        (ANY, _l("Either")), ("yes", _l("Checked in")), ("no", _l("Not checked in"))])
    day = DateField(_l("Day"), validators=[Optional()])

    def set_choices(self, sessions: Sequence[Session], delegations: Sequence[Delegation]) -> None:
        self.set_status_choices()
        self.session.choices = [(ANY, _l("Any")), *((str(s.id), localized(s, "title")) for s in sessions)]
        self.delegation.choices = [(ANY, _l("Any")), *((str(d.id), d.name) for d in delegations)]
        self.side.choices = [(ANY, _l("Any")), *((side.value, label(side)) for side in DelegationSide)]
        self.category.choices = [(ANY, _l("Any")), *((c.value, label(c)) for c in RegistrationCategory)]

    def draft(self) -> Draft:
        checked = {"yes": True, "no": False}.get(self.checked_in.data or "")
        chosen = RecipientFilter(
            statuses=self.chosen_statuses(), session_id=_int_or_none(self.session.data),
            delegation_id=_int_or_none(self.delegation.data),
            side=_member(DelegationSide, self.side.data), category=_member(RegistrationCategory, self.category.data),
            language=self.language.data if self.language.data in ("fr", "en") else None, checked_in=checked,
            day=self.day.data)
        return Draft(_member(MessageKind, self.kind.data) or MessageKind.GENERAL, self.template(), chosen)


class DelegationMessageForm(TextForm):
    """A head of delegation's message to their own members (news: bulk)."""

    def draft(self, delegation: Delegation) -> Draft:
        chosen = RecipientFilter(statuses=self.chosen_statuses(), delegation_id=delegation.id)
        return Draft(MessageKind.GENERAL, self.template(), chosen)
