"""Reminders of online events: a mail the day before and one an hour before, queued exactly once.

``queue_due_reminders`` is meant to run every few minutes (cron), on as many hosts as wanted: each
reminder has its outbox dedupe key (``registration-<id>-reminder_day`` / ``-reminder_hour``), and the
outbox's UNIQUE constraint on that key decides between concurrent runs. A reminder is due from 24 hours
(resp. 1 hour) before the start until the start; a run that finds the day's window already passed queues
only the hour reminder.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.core.extensions import db
from app.events.kinds import kinds_with
from app.events.models import PUBLIC_STATUSES, Event
from app.mail.models import OutboxMessage
from app.registration import mails
from app.registration.models import Registration, RegistrationStatus

DAY_BEFORE = timedelta(hours=24)
HOUR_BEFORE = timedelta(hours=1)


def reminder_kind(starts_at: datetime, now: datetime) -> str | None:
    if not now < starts_at:
        return None
    if starts_at - now <= HOUR_BEFORE:
        return "reminder_hour"
    if starts_at - now <= DAY_BEFORE:
        return "reminder_day"
    return None


def due_registrations(now: datetime) -> list[Registration]:
    """Confirmed registrations of chronicles starting within the next 24 hours."""
    return list(db.session.scalars(
        sa.select(Registration).join(Registration.event)
        .where(Event.kind.in_(kinds_with("sends_reminders")), Event.status.in_(PUBLIC_STATUSES),
               Event.starts_at > now, Event.starts_at <= now + DAY_BEFORE,
               Registration.status == RegistrationStatus.CONFIRMED)
        .options(joinedload(Registration.event), joinedload(Registration.person))
        .order_by(Registration.id)))


def queue_due_reminders(now: datetime) -> int:
    """Queue the reminders due at ``now`` that were not queued yet (flushes); returns how many were missing
    when the run started (a concurrent run may have queued some of them meanwhile: the outbox keeps one)."""
    wanted = {}
    for registration in due_registrations(now):
        kind = reminder_kind(registration.event.starts_at, now)
        if kind is not None and registration.person.email:
            wanted[f"registration-{registration.id}-{kind}"] = (registration, kind)
    if not wanted:
        return 0
    queued = set(db.session.scalars(sa.select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(wanted))))
    missing = [(registration, kind) for key, (registration, kind) in wanted.items() if key not in queued]
    for registration, kind in missing:
        mails.queue_mail(registration, kind)
    return len(missing)
