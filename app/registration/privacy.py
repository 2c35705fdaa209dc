"""Personal data on request: export everything held on a person, erase it (keeping anonymous counts),
and purge travel-document details once events are over. Plain functions: they flush, the CLI commits.

A capability above registration that holds personal data of its own registers a :class:`PersonalData`
(``app.chroniques.access``: access requests); registration never imports it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.audit.operations import record_audit
from app.core.db import affected_rows, utcnow
from app.core.extensions import Model, db
from app.core.text import normalise_email
from app.events.models import Event
from app.mail.models import OutboxMessage
from app.people.models import Person
from app.registration.models import PendingClaim, Registration, SessionChoice, new_token

ANONYMISED = "Anonymised"
PASSPORT_FIELDS = ("passport_number", "passport_expires_on", "date_of_birth", "nationality")


@dataclass(frozen=True)
class PersonalData:
    """Personal data a capability holds: ``export`` gives the JSON-ready section ``name`` of a person's
    export, ``erase`` clears what anonymisation must (after the registrations are)."""
    name: str
    export: Callable[[Person], Any]
    erase: Callable[[Person], None]


_personal_data: dict[str, PersonalData] = {}


def register_personal_data(holder: PersonalData) -> None:
    _personal_data[holder.name] = holder


def find_person(email: str) -> Person | None:
    return db.session.scalar(sa.select(Person).where(Person.email == normalise_email(email)))


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if hasattr(value, "value"):  # enumerations
        return value.value
    return value


def _columns(row: Model, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    return {column.key: _plain(getattr(row, column.key)) for column in sa.inspect(row).mapper.column_attrs
            if column.key not in exclude}


columns = _columns  # a row as JSON-ready data, for the sections that capabilities register


def _registrations(person: Person) -> list[Registration]:
    return list(db.session.scalars(
        sa.select(Registration).where(Registration.person_id == person.id).order_by(Registration.id)
        .options(selectinload(Registration.choices).selectinload(SessionChoice.session))))


def _registration_data(registration: Registration) -> dict[str, Any]:
    data = _columns(registration, exclude=("manage_token", "calendar_token"))
    data["event"] = {"slug": registration.event.slug, "title_fr": registration.event.title_fr,
                     "title_en": registration.event.title_en}
    data["choices"] = [{"session_id": choice.session_id, "title_fr": choice.session.title_fr,
                        "title_en": choice.session.title_en, "status": choice.status.value}
                       for choice in registration.choices]
    delegation = registration.delegation
    data["delegation"] = None if delegation is None else {
        "id": delegation.id, "name": delegation.name, "country": delegation.country,
        "side": _plain(delegation.side), "is_head": delegation.head_person_id == registration.person_id}
    return data


def _messages_to(person: Person) -> list[OutboxMessage]:
    if not person.email:
        return []
    return list(db.session.scalars(sa.select(OutboxMessage).where(
        sa.func.lower(OutboxMessage.to_address) == person.email.lower()).order_by(OutboxMessage.id)))


def _claims(person: Person) -> list[PendingClaim]:
    if not person.email:
        return []
    return list(db.session.scalars(sa.select(PendingClaim).where(PendingClaim.email == normalise_email(person.email))
                                   .order_by(PendingClaim.id)))


def export_person(person: Person) -> dict[str, Any]:
    """Everything held on a person, as JSON-ready data (private link tokens left out)."""
    collectivite = person.collectivite
    return {
        "person": _columns(person, exclude=("search_key",)),
        "collectivite": _columns(collectivite, exclude=("search_key",)) if collectivite else None,
        "registrations": [_registration_data(registration) for registration in _registrations(person)],
        **{holder.name: holder.export(person) for holder in _personal_data.values()},
        "pending_claims": [_columns(claim, exclude=("token",)) for claim in _claims(person)],
        "mails": [_columns(message, exclude=("attachments",))
                  | {"attachments": [item.get("filename") for item in message.attachments or []]}
                  for message in _messages_to(person)],
    }


def erase_person(person: Person, *, actor: str | None = None) -> None:
    """Anonymise the person and their registrations; rows, categories, countries and statuses stay for counts.
    Audit line ``person.erase`` (the person's id only: nothing of what was erased)."""
    for message in _messages_to(person):
        db.session.delete(message)
    if person.email:  # what public forms typed for this address and its owner never confirmed
        db.session.execute(sa.delete(PendingClaim).where(PendingClaim.email == normalise_email(person.email)))
    person.given_name = person.family_name = ANONYMISED
    for name in ("given_name_latin", "family_name_latin", "honorific", "function", "email", "phone"):
        setattr(person, name, None)
    for registration in _registrations(person):
        for name in ("interpretation_needs", "dietary_needs", "accessibility_needs", *PASSPORT_FIELDS):
            setattr(registration, name, None)
        registration.manage_token, registration.calendar_token = new_token(), new_token()  # old links stop working
    for holder in _personal_data.values():
        holder.erase(person)
    db.session.flush()
    record_audit("person.erase", target=person, actor=actor)


def purge_passports(event: Event | None = None, *, actor: str | None = None) -> int:
    """Clear travel-document details of the registrations of ended events (or of one event); how many changed.
    Audit line ``registration.purge_passports`` with that count."""
    events = sa.select(Event.id).where(Event.id == event.id) if event else sa.select(Event.id).where(
        Event.ends_at < utcnow())
    holding = sa.or_(*(getattr(Registration, name).is_not(None) for name in PASSPORT_FIELDS))
    result = db.session.execute(
        sa.update(Registration).where(Registration.event_id.in_(events), holding)
        .values({name: None for name in PASSPORT_FIELDS}).execution_options(synchronize_session="fetch"))
    _drop_letter_attachments(set(db.session.scalars(sa.select(Registration.id).where(Registration.event_id.in_(events)))))
    db.session.flush()
    count = affected_rows(result) or 0
    record_audit("registration.purge_passports", event_id=event.id if event else None, actor=actor,
                 details={"registrations": count})
    return count


def _drop_letter_attachments(registration_ids: set[int]) -> None:
    """The invitation letter PDFs kept in the outbox carry passport numbers too: they go with them."""
    letters = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.dedupe_key.like("registration-%-letter-%")))
    for message in letters:
        registration_id = (message.dedupe_key or "-").split("-")[1]  # never None: the LIKE above matched it
        if registration_id.isdigit() and int(registration_id) in registration_ids and message.attachments:
            message.attachments = []
