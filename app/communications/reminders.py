"""Automatic reminders before an event, configurable per event, queued exactly once.

Each event has its reminder rules (``ReminderRule``: so many minutes before the start, with the person's own
agenda, the join link, practical information). An event with no rule of its own uses its kind's defaults
(``default_rules``): chronicles remind the day before and one hour before, with the join link; the other
kinds send nothing until the organisers set their reminders (``/organiser/events/<slug>/reminders``).

``queue_due_reminders`` runs from cron every few minutes (``flask --app wsgi communications reminders``), on as
many hosts as wanted: each reminder has its outbox dedupe key (``registration-<id>-reminder-<minutes>m``; the
day and hour reminders keep the keys of the chronicles' former reminders, ``registration-<id>-reminder_day`` /
``-reminder_hour``), and the outbox's UNIQUE constraint on that key decides between concurrent runs.

When is a reminder sent? From its time (start − minutes) until that time plus its *late window*
(``late_window``: a quarter of the advance, at least 10 minutes and at most 12 hours — the hour reminder may
be 15 minutes late, the day reminder 6 hours, a week's 12 hours), and never once the event has started. A
closer reminder whose time has come supersedes the earlier ones: a run that finds both due sends only the
closer. A reminder found later than its window is skipped, not sent late.

Reminders are transactional (the person's own agenda): they go to every confirmed registrant, opted out or not.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app.communications.messages_models import MAX_MINUTES_BEFORE, ReminderRule
from app.core.dates import format_when
from app.core.extensions import db
from app.core.i18n import localized
from app.events.kinds import kinds_with
from app.events.models import PUBLIC_STATUSES, Event
from app.mail.models import OutboxMessage
from app.mail.outbox import MailAttachment, enqueue
from app.registration import mails
from app.registration.agenda import personal_agenda
from app.registration.models import Registration, RegistrationStatus

MIN_LATE_WINDOW = timedelta(minutes=10)
MAX_LATE_WINDOW = timedelta(hours=12)
LEGACY_KEYS = {24 * 60: "reminder_day", 60: "reminder_hour"}  # the chronicles' reminders before rules existed


@dataclass(frozen=True)
class Reminder:
    """One reminder of an event, from a rule of its own or its kind's defaults."""

    minutes_before: int
    with_agenda: bool = True
    with_join_link: bool = False
    practical_fr: str = ""
    practical_en: str = ""
    enabled: bool = True

    @classmethod
    def from_rule(cls, rule: ReminderRule) -> Reminder:
        return cls(rule.minutes_before, rule.with_agenda, rule.with_join_link, rule.practical_fr or "",
                   rule.practical_en or "", rule.enabled)

    @property
    def advance(self) -> timedelta:
        return timedelta(minutes=self.minutes_before)

    def practical(self, language: str) -> str:
        return (self.practical_en if language == "en" and self.practical_en.strip() else self.practical_fr).strip()


def default_rules(event: Event) -> list[Reminder]:
    """The reminders of an event whose organisers set none: the day and the hour before for the kinds that
    send reminders (chronicles), with the join link; none for the others."""
    if event.kind not in kinds_with("sends_reminders"):
        return []
    return [Reminder(24 * 60, with_join_link=True), Reminder(60, with_join_link=True)]


def rules_of(event: Event, rows: Sequence[ReminderRule] | None = None) -> list[Reminder]:
    """The event's reminders (its own rules if it has any, even switched off; else its kind's), closest last."""
    if rows is None:
        rows = list(db.session.scalars(sa.select(ReminderRule).where(ReminderRule.event_id == event.id)))
    found = [Reminder.from_rule(row) for row in rows] if rows else default_rules(event)
    return sorted(found, key=lambda reminder: -reminder.minutes_before)


def late_window(minutes_before: int) -> timedelta:
    return min(max(timedelta(minutes=minutes_before) / 4, MIN_LATE_WINDOW), MAX_LATE_WINDOW)


def due_reminder(reminders: Iterable[Reminder], starts_at: datetime, now: datetime) -> Reminder | None:
    """The reminder to send at ``now``: the closest one whose time has come, unless it is late beyond its window."""
    if now >= starts_at:
        return None
    come = [reminder for reminder in reminders if reminder.enabled and starts_at - reminder.advance <= now]
    if not come:
        return None
    closest = min(come, key=lambda reminder: reminder.minutes_before)
    if now > starts_at - closest.advance + late_window(closest.minutes_before):
        return None
    return closest


def dedupe_key(registration_id: int, minutes_before: int) -> str:
    legacy = LEGACY_KEYS.get(minutes_before)
    return f"registration-{registration_id}-{legacy}" if legacy else \
        f"registration-{registration_id}-reminder-{minutes_before}m"


def _candidate_events(now: datetime) -> list[Event]:
    return list(db.session.scalars(
        sa.select(Event).where(Event.status.in_(PUBLIC_STATUSES), Event.starts_at > now,
                               Event.starts_at <= now + timedelta(minutes=MAX_MINUTES_BEFORE))
        .order_by(Event.starts_at, Event.id)))


def due_by_event(now: datetime) -> dict[int, tuple[Event, Reminder]]:
    """Event id → (event, its reminder due at ``now``): two statements."""
    events = _candidate_events(now)
    rows: dict[int, list[ReminderRule]] = defaultdict(list)
    for rule in db.session.scalars(sa.select(ReminderRule).where(ReminderRule.event_id.in_([e.id for e in events]))):
        rows[rule.event_id].append(rule)
    due = {}
    for event in events:
        reminder = due_reminder(rules_of(event, rows.get(event.id, [])), event.starts_at, now)
        if reminder is not None:
            due[event.id] = (event, reminder)
    return due


def queue_due_reminders(now: datetime) -> int:
    """Queue the reminders due at ``now`` that were not queued yet (flushes, the caller commits); returns how
    many were missing when the run started (a concurrent run may have queued some of them meanwhile: the
    outbox keeps one)."""
    due = due_by_event(now)
    if not due:
        return 0
    registrations = db.session.scalars(
        sa.select(Registration).where(Registration.event_id.in_(list(due)),
                                      Registration.status == RegistrationStatus.CONFIRMED)
        .options(joinedload(Registration.person)).order_by(Registration.id))
    wanted = {dedupe_key(registration.id, due[registration.event_id][1].minutes_before): registration
              for registration in registrations if registration.person.email}
    if not wanted:
        return 0
    queued = set(db.session.scalars(sa.select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(wanted))))
    missing = [(key, registration) for key, registration in wanted.items() if key not in queued]
    for key, registration in missing:
        event, reminder = due[registration.event_id]
        queue_reminder(registration, event, reminder, key)
    return len(missing)


def queue_reminder(registration: Registration, event: Event, reminder: Reminder, key: str) -> OutboxMessage:
    language = registration.language or registration.person.preferred_language or "fr"
    subject, text, attachments = reminder_mail(registration, event, reminder, language)
    return enqueue(registration.person.email or "", subject, text, language=language, attachments=attachments,
                   dedupe_key=key)


def _subject(event: Event, minutes: int, language: str) -> str:
    title = localized(event, "title", language)
    if minutes == 24 * 60:
        return _("Tomorrow: %(event)s", event=title)
    if minutes == 60:
        return _("In one hour: %(event)s", event=title)
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return ngettext("In %(num)d day: %(event)s", "In %(num)d days: %(event)s", days, event=title)
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("In %(num)d hour: %(event)s", "In %(num)d hours: %(event)s", hours, event=title)
    return ngettext("In %(num)d minute: %(event)s", "In %(num)d minutes: %(event)s", minutes, event=title)


def reminder_mail(registration: Registration, event: Event, reminder: Reminder,
                  language: str) -> tuple[str, str, list[MailAttachment]]:
    """Subject, text and attachments of one person's reminder, in their language."""
    with force_locale(language):
        subject = _subject(event, reminder.minutes_before, language)
        lines = [_("Hello %(name)s,", name=registration.person.name), "", _("A reminder:"), "",
                 localized(event, "title", language), mails.when_line(event)]
        confirmed = registration.status == RegistrationStatus.CONFIRMED
        if reminder.with_join_link and event.is_online and event.online_url and confirmed:
            lines += ["", _("Join online:"), event.online_url]
        if reminder.with_agenda:
            sessions = personal_agenda(registration).sessions
            if sessions:
                lines += ["", _("Your agenda:")]
                lines += [f"- {format_when(session.starts_at, event.timezone)} {localized(session, 'title', language)}"
                          + (f" ({session.room.name})" if session.room else "") for session in sessions]
        practical = reminder.practical(language)
        if practical:
            lines += ["", _("Practical information:"), practical]
        lines += ["", _("See, change or cancel your registration:"), mails.manage_url(registration),
                  "", _("The organisers — Cités Unies France")]
        attachments = mails.attachment("agenda", registration, language) if reminder.with_agenda else []
    return subject, "\n".join(lines) + "\n", attachments
