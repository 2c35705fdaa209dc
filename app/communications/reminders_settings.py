"""Saving an event's reminder rules (organisers' form), with its audit line; filling the form back."""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from app.audit.operations import record_audit
from app.communications.messages_models import ReminderRule
from app.communications.reminders import Reminder, rules_of
from app.communications.reminders_forms import UNITS, ReminderRulesForm
from app.core.extensions import db
from app.events.models import Event


def uses_defaults(event: Event) -> bool:
    """The event has no rule of its own (its kind's defaults apply)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(ReminderRule)
                             .where(ReminderRule.event_id == event.id)) == 0


def save_rules(event: Event, wanted: Sequence[Reminder], *, actor: str) -> list[ReminderRule]:
    """Replace the event's rules by ``wanted`` (flushes). An empty list keeps one switched-off rule per former
    default, so that "no reminder" is remembered rather than falling back to the kind's defaults. The reminders
    in force saved unchanged change nothing (an event on its kind's defaults stays on them)."""
    if wanted and sorted(wanted, key=lambda reminder: -reminder.minutes_before) == rules_of(event):
        return list(db.session.scalars(sa.select(ReminderRule).where(ReminderRule.event_id == event.id)))
    db.session.execute(sa.delete(ReminderRule).where(ReminderRule.event_id == event.id))
    if not wanted:
        wanted = [Reminder(**{**reminder.__dict__, "enabled": False}) for reminder in rules_of(event, [])]
    rules = [ReminderRule(event_id=event.id, minutes_before=reminder.minutes_before, enabled=reminder.enabled,
                          with_agenda=reminder.with_agenda, with_join_link=reminder.with_join_link,
                          practical_fr=reminder.practical_fr, practical_en=reminder.practical_en)
             for reminder in wanted]
    db.session.add_all(rules)
    db.session.flush()
    record_audit("reminders.save", target_type="event", target_id=event.id, event_id=event.id, actor=actor,
                 details={"reminders": [{"minutes_before": r.minutes_before, "enabled": r.enabled} for r in wanted]})
    return rules


def _amount(minutes: int) -> tuple[int, str]:
    for unit, size in UNITS.items():
        if minutes % size == 0:
            return minutes // size, unit
    return minutes, "minutes"


def fill(form: ReminderRulesForm, event: Event) -> None:
    rows = []
    for reminder in rules_of(event):
        amount, unit = _amount(reminder.minutes_before)
        rows.append({"amount": amount, "unit": unit, "enabled": reminder.enabled, "with_agenda": reminder.with_agenda,
                     "with_join_link": reminder.with_join_link, "practical_fr": reminder.practical_fr,
                     "practical_en": reminder.practical_en})
    rows += [{"amount": None, "unit": "days", "enabled": True, "with_agenda": True, "with_join_link": False,
              "practical_fr": "", "practical_en": ""}] * (len(form.rows) - len(rows))
    form.process(data={"rows": rows[:len(form.rows)]})
