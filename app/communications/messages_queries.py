"""What organisers read about messages to registrants: the messages sent, one message's recipients."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.communications.messages_filters import RecipientFilter, recipients
from app.communications.messages_models import RegistrantMessage, RegistrantMessageRecipient
from app.core.extensions import db
from app.core.urls import parse_id
from app.events.models import Event
from app.mail.models import OutboxMessage, OutboxStatus
from app.registration.models import Registration


def sent_messages(event: Event, delegation_id: int | None = None) -> list[RegistrantMessage]:
    """The event's messages, newest first (a delegation's only, when given)."""
    statement = sa.select(RegistrantMessage).where(RegistrantMessage.event_id == event.id)
    if delegation_id is not None:
        statement = statement.where(RegistrantMessage.delegation_id == delegation_id)
    return list(db.session.scalars(statement.order_by(RegistrantMessage.sent_at.desc(), RegistrantMessage.id.desc())))


def pick(found: Sequence[Registration], wanted: str | None) -> Registration | None:
    """The recipient asked for (by id), else the first one."""
    wanted_id = parse_id(wanted)
    return next((registration for registration in found if registration.id == wanted_id),
                found[0] if found else None)


def preview_registration(event: Event, chosen: RecipientFilter, wanted: str | None) -> Registration | None:
    return pick(recipients(event, chosen), wanted)


@dataclass(frozen=True)
class RecipientRow:
    registration: Registration
    address: str
    status: OutboxStatus | None  # the mail's state in the outbox (None once the outbox line is gone)


def recipient_rows(message: RegistrantMessage) -> list[RecipientRow]:
    rows = db.session.execute(
        sa.select(RegistrantMessageRecipient, OutboxMessage.status)
        .outerjoin(OutboxMessage, OutboxMessage.id == RegistrantMessageRecipient.outbox_message_id)
        .where(RegistrantMessageRecipient.message_id == message.id)
        .options(joinedload(RegistrantMessageRecipient.registration).joinedload(Registration.person))
        .order_by(RegistrantMessageRecipient.registration_id))
    return [RecipientRow(recipient.registration, recipient.address, status) for recipient, status in rows]


def status_counts(rows: Sequence[RecipientRow]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        key = row.status.value if row.status else "unknown"
        counts[key] = counts.get(key, 0) + 1
    return counts
