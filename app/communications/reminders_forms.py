"""The organisers' form of an event's reminders: a few rows, each a number of days/hours before the start."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, FormField, IntegerField, SelectField
from wtforms import Form as NoCsrfForm
from wtforms.validators import NumberRange, Optional, ValidationError

from app.communications.messages_models import MAX_MINUTES_BEFORE
from app.communications.reminders import Reminder
from app.core.forms import TextAreaField

UNITS = {"days": 24 * 60, "hours": 60, "minutes": 1}
ROWS = 4


class ReminderRow(NoCsrfForm):
    amount = IntegerField(_l("How long before"), validators=[Optional(), NumberRange(min=1, max=MAX_MINUTES_BEFORE)])
    unit = SelectField(_l("Unit"), default="days", choices=[
        ("days", _l("days before")), ("hours", _l("hours before")), ("minutes", _l("minutes before"))])
    enabled = BooleanField(_l("Send this reminder"), default=True)
    with_agenda = BooleanField(_l("With the person's own agenda (.ics attached)"), default=True)
    with_join_link = BooleanField(_l("With the join link (online events; confirmed registrants only)"))
    practical_fr = TextAreaField(_l("Practical information (French)"), validators=[Optional()])
    practical_en = TextAreaField(_l("Practical information (English)"), validators=[Optional()])

    def minutes(self) -> int | None:
        return self.amount.data * UNITS[self.unit.data or "days"] if self.amount.data else None


class ReminderRulesForm(FlaskForm):
    rows = FieldList(FormField(ReminderRow), min_entries=ROWS, max_entries=ROWS)

    def validate_rows(self, field) -> None:
        minutes = [row.form.minutes() for row in field if row.form.minutes()]
        if any(value > MAX_MINUTES_BEFORE for value in minutes):
            raise ValidationError(_l("A reminder goes at most 60 days before the event."))
        if len(minutes) != len(set(minutes)):
            raise ValidationError(_l("Two reminders are set at the same time."))
        if any(len(row.form.practical_fr.data or "") > 5000 or len(row.form.practical_en.data or "") > 5000
               for row in field):
            raise ValidationError(_l("Practical information: at most 5,000 characters."))

    def reminders(self) -> list[Reminder]:
        return [Reminder(row.form.minutes() or 0, bool(row.form.with_agenda.data), bool(row.form.with_join_link.data),
                         (row.form.practical_fr.data or "").strip(), (row.form.practical_en.data or "").strip(),
                         bool(row.form.enabled.data))
                for row in self.rows if row.form.minutes()]
