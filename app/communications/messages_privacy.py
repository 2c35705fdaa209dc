"""The messages to registrants in a person's data export and erasure (registered with app.registration.privacy):
the messages they received (with the address used), and, once erased, no address or name of theirs is left on
the messages kept (the recipients' addresses, a head of delegation's name as sender)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.communications.messages_models import MessageSender, RegistrantMessage, RegistrantMessageRecipient
from app.core.extensions import db
from app.people.models import Person
from app.registration.models import Delegation, Registration
from app.registration.privacy import ANONYMISED, PersonalData


def _registration_ids(person: Person) -> sa.Select:
    return sa.select(Registration.id).where(Registration.person_id == person.id)


def export_messages(person: Person) -> list[dict[str, Any]]:
    rows = db.session.execute(
        sa.select(RegistrantMessage, RegistrantMessageRecipient.address)
        .join(RegistrantMessageRecipient, RegistrantMessageRecipient.message_id == RegistrantMessage.id)
        .where(RegistrantMessageRecipient.registration_id.in_(_registration_ids(person)))
        .order_by(RegistrantMessage.sent_at, RegistrantMessage.id))
    return [{"event_id": message.event_id, "sent_at": message.sent_at.isoformat(), "subject_fr": message.subject_fr,
             "subject_en": message.subject_en, "reason_fr": message.reason_fr, "address": address}
            for message, address in rows]


def erase_messages(person: Person) -> None:
    db.session.execute(sa.update(RegistrantMessageRecipient)
                       .where(RegistrantMessageRecipient.registration_id.in_(_registration_ids(person)))
                       .values(address=ANONYMISED).execution_options(synchronize_session=False))
    headed = sa.select(Delegation.id).where(Delegation.head_person_id == person.id)
    db.session.execute(sa.update(RegistrantMessage)
                       .where(RegistrantMessage.sender == MessageSender.HEAD_OF_DELEGATION,
                              RegistrantMessage.delegation_id.in_(headed))
                       .values(sent_by=ANONYMISED).execution_options(synchronize_session=False))


PERSONAL_DATA = PersonalData("registrant_messages", export_messages, erase_messages)
