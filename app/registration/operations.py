"""Registering, moderating, cancelling and changing workshop choices, with capacities enforced atomically.

Plain functions; they flush and let the caller commit. Every function that counts seats first
locks the event row (then the chosen session rows, by id) — ``SELECT … FOR UPDATE`` on PostgreSQL,
a no-op write on SQLite that takes its single writer lock — so that the count and the insert
happen in one transaction that no other registration can interleave with.

Seats: a registration holds an event seat when CONFIRMED; a session choice holds a session seat
when CONFIRMED, which only the choices of confirmed registrations can be. Waiting lists are
first come, first served (``created_at``, then id).
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.audit.operations import record_audit
from app.core.extensions import db
from app.core.text import normalise_email
from app.events.models import Event
from app.people.models import Person
from app.people.operations import PersonData, save_person
from app.programme.conflicts import overlaps
from app.programme.models import Session, SessionStatus, SessionType
from app.registration import mails
from app.registration.models import (
    ACTIVE_STATUSES,
    ChoiceStatus,
    Registration,
    RegistrationCategory,
    RegistrationStatus,
    SessionChoice,
    new_token,
)

# The kinds of session people choose on the form; plenaries, ceremonies and breaks are for everyone.
CHOOSABLE_TYPES = (SessionType.WORKSHOP, SessionType.MICRO_WORKSHOP, SessionType.GEOGRAPHIC_GROUP,
                   SessionType.ROUND_TABLE)


class RegistrationError(ValueError):
    """A registration that cannot be made or changed as asked; ``str()`` is the reason."""


class AlreadyRegistered(RegistrationError):
    def __init__(self, existing: Registration):
        super().__init__("this email is already registered for this event")
        self.existing = existing


class InvalidChoices(RegistrationError):
    """Unknown, closed or overlapping sessions; ``clash`` names the two overlapping ones, if that is why."""

    def __init__(self, reason: str, clash: tuple[Session, Session] | None = None):
        super().__init__(reason)
        self.clash = clash


class NotAllowed(RegistrationError):
    """The registration's status does not allow this change."""


@dataclass
class RegistrationDetails:
    language: str = "fr"
    interpretation_needs: str | None = None
    dietary_needs: str | None = None
    accessibility_needs: str | None = None
    consent_at: datetime | None = None
    category: RegistrationCategory = RegistrationCategory.PARTICIPANT
    # The private link's token (a confirmed claim's: the link its mail carried); a new one if None.
    manage_token: str | None = None
    # When the registrant proved they own the address (None: not yet, e.g. made by an organiser or a head).
    email_confirmed_at: datetime | None = None
    # Fill a known person's empty fields with what was typed (never for what a head types about someone else).
    fill_person: bool = True


# --- reading ----------------------------------------------------------------

def choosable_sessions(event: Event) -> list[Session]:
    """Sessions open for registration: scheduled, visible workshops (and the like), in time order.

    None for an online event (a chronicle), or a kind without workshop choices (``event.profile``):
    everyone attends the whole of it.
    """
    if event.is_online or not event.profile.has_workshop_choices:
        return []
    return list(db.session.scalars(
        sa.select(Session).where(Session.event_id == event.id, Session.status == SessionStatus.SCHEDULED,
                                 Session.is_hidden.is_(False), Session.type.in_(CHOOSABLE_TYPES))
        .order_by(Session.starts_at, Session.id)))


def confirmed_choice_counts(session_ids: Iterable[int]) -> dict[int, int]:
    ids = list(session_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(SessionChoice.session_id, sa.func.count())
        .where(SessionChoice.session_id.in_(ids), SessionChoice.status == ChoiceStatus.CONFIRMED)
        .group_by(SessionChoice.session_id))
    return {session_id: count for session_id, count in rows}


def seats_left(sessions: Sequence[Session]) -> dict[int, int | None]:
    """Session id → seats still free (None: no limit)."""
    counts = confirmed_choice_counts(session.id for session in sessions)
    return {session.id: None if session.capacity is None else max(session.capacity - counts.get(session.id, 0), 0)
            for session in sessions}


def confirmed_count(event: Event) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)) or 0


def event_is_full(event: Event) -> bool:
    return event.capacity is not None and confirmed_count(event) >= event.capacity


def active_registration(event: Event, email: str) -> Registration | None:
    return db.session.scalar(
        sa.select(Registration).join(Registration.person)
        .where(Registration.event_id == event.id, Person.email == normalise_email(email),
               Registration.status.in_(ACTIVE_STATUSES)))


def find_by_manage_token(token: str) -> Registration | None:
    """The registration of this private-link token (a token is 64 characters at most: a longer one is none)."""
    if len(token) > 64:
        return None
    return db.session.scalar(sa.select(Registration).where(Registration.manage_token == token))


# --- locking and validation -------------------------------------------------------

def lock_for_seats(event: Event, session_ids: Iterable[int] = ()) -> None:
    """Serialise every seat-counting transaction of this event (see the module docstring)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(Event.id).where(Event.id == event.id).with_for_update())
        ids = sorted(set(session_ids))
        if ids:
            db.session.execute(sa.select(Session.id).where(Session.id.in_(ids)).order_by(Session.id).with_for_update())
    else:
        db.session.execute(sa.text("UPDATE event SET id = id WHERE id = :id"), {"id": event.id})


def check_choices(event: Event, sessions: Sequence[Session]) -> None:
    """Only sessions open for registration, and no two at the same time."""
    open_ids = {session.id for session in choosable_sessions(event)}
    if any(session.id not in open_ids for session in sessions):
        raise InvalidChoices("a chosen session is not open for registration")
    ordered = sorted(sessions, key=lambda session: session.starts_at)
    for first, second in itertools.pairwise(ordered):
        if overlaps(first.starts_at, first.ends_at, second.starts_at, second.ends_at):
            raise InvalidChoices("two chosen sessions take place at the same time", clash=(first, second))


# --- registering ----------------------------------------------------------------

def register(event: Event, person_data: PersonData, sessions: Sequence[Session],
             details: RegistrationDetails) -> Registration:
    """Register someone (found or created by email); refuses a second active registration."""
    if not person_data.email:
        raise RegistrationError("an email is required")
    check_choices(event, sessions)
    lock_for_seats(event, (session.id for session in sessions))
    existing = active_registration(event, person_data.email)
    if existing is not None:
        raise AlreadyRegistered(existing)
    person, created = _find_or_create_person(person_data, details.fill_person)
    registration = _insert_registration(event, person, details, created_person=created)
    _add_choices(registration, sessions)
    mails.queue_status_mail(registration)
    return registration


def register_person(event: Event, person: Person, details: RegistrationDetails,
                    status: RegistrationStatus | None = None) -> Registration:
    """Register someone already known (one-click re-registration, granted access requests), without choices.

    ``status`` forces the initial status (an organiser's grant confirms); otherwise as for ``register``.
    """
    if not person.email:
        raise RegistrationError("an email is required")
    lock_for_seats(event)
    existing = active_registration(event, person.email)
    if existing is not None:
        raise AlreadyRegistered(existing)
    registration = _insert_registration(event, person, details, status)
    mails.queue_status_mail(registration)
    return registration


def person_by_email(email: str | None) -> Person | None:
    return db.session.scalar(sa.select(Person).where(Person.email == normalise_email(email))) if email else None


def find_or_create_person(data: PersonData, fill_empty: bool = True) -> Person:
    """The person with this email (filling in only what they lacked, if ``fill_empty``), or a new one.

    Callers pass only data whose address was proven (the registrant opened the link mailed to it) or
    typed by organisers: an anonymous form's claims wait in ``app.registration.claims`` until then.
    """
    return _find_or_create_person(data, fill_empty)[0]


def _find_or_create_person(data: PersonData, fill_empty: bool) -> tuple[Person, bool]:
    """The person, and whether this call created them."""
    email = normalise_email(data.email)
    person = db.session.scalar(sa.select(Person).where(Person.email == email))
    if person is None:
        try:
            with db.session.begin_nested():
                return save_person(data, allow_similar_name=True), True
        except IntegrityError:  # created meanwhile by a concurrent request
            person = db.session.scalar(sa.select(Person).where(Person.email == email))
            if person is None:
                raise
    if not fill_empty:
        return person, False
    for name in ("phone", "collectivite_id", "function", "honorific", "given_name_latin", "family_name_latin"):
        if getattr(person, name) is None and getattr(data, name) is not None:
            setattr(person, name, getattr(data, name))
            if name == "collectivite_id":
                person.collectivite_claimed = data.collectivite_claimed
    return person, False


def _initial_status(event: Event) -> RegistrationStatus:
    if event.requires_approval:
        return RegistrationStatus.PENDING
    return RegistrationStatus.WAITLISTED if event_is_full(event) else RegistrationStatus.CONFIRMED


def _insert_registration(event: Event, person: Person, details: RegistrationDetails,
                         status: RegistrationStatus | None = None, created_person: bool = False) -> Registration:
    if status is None:
        status = _initial_status(event)
    elif status == RegistrationStatus.CONFIRMED and event_is_full(event):
        status = RegistrationStatus.WAITLISTED  # a forced confirmation never overfills the event
    registration = Registration(
        event=event, person=person, status=status, category=details.category,
        language=details.language, interpretation_needs=details.interpretation_needs,
        dietary_needs=details.dietary_needs, accessibility_needs=details.accessibility_needs,
        consent_at=details.consent_at, email_confirmed_at=details.email_confirmed_at, created_person=created_person)
    if details.manage_token:
        registration.manage_token = details.manage_token
    try:
        with db.session.begin_nested():
            db.session.add(registration)
            db.session.flush()
    except IntegrityError:  # the partial unique index: a concurrent submit got there first
        existing = active_registration(event, person.email or "")
        if existing is None:
            raise
        raise AlreadyRegistered(existing) from None
    return registration


def _add_choices(registration: Registration, sessions: Iterable[Session]) -> None:
    sessions = list(sessions)
    free = seats_left(sessions)
    seated = registration.status == RegistrationStatus.CONFIRMED
    for session in sessions:
        left = free[session.id]
        has_seat = seated and (left is None or left > 0)
        registration.choices.append(SessionChoice(
            session_id=session.id, status=ChoiceStatus.CONFIRMED if has_seat else ChoiceStatus.WAITLISTED))
    db.session.flush()


def _seat_waiting_choices(registration: Registration) -> list[int]:
    """Give seats, where free, to a newly confirmed registration's choices; the sessions still waiting."""
    sessions = [choice.session for choice in registration.choices]
    free = seats_left(sessions)
    for choice in sorted(registration.choices, key=lambda choice: choice.session_id):
        left = free[choice.session_id]
        if left is None or left > 0:
            choice.status = ChoiceStatus.CONFIRMED
    db.session.flush()
    return [choice.session_id for choice in registration.choices if choice.status == ChoiceStatus.WAITLISTED]


# --- moderation, cancellation, changes ------------------------------------------------

@dataclass
class OwnDetails:
    """What a registrant corrects from their private link: their names and function (the person's record)
    and this registration's language and needs. Never the email."""

    given_name: str
    family_name: str
    honorific: str | None = None
    given_name_latin: str | None = None
    family_name_latin: str | None = None
    function: str | None = None
    language: str = "fr"
    interpretation_needs: str | None = None
    dietary_needs: str | None = None
    accessibility_needs: str | None = None


def update_own_details(registration: Registration, details: OwnDetails, *, actor: str = "delegate") -> Registration:
    """The registrant's own corrections (opening the private link proves the mailbox is theirs), with the
    audit line ``registration.details``."""
    if registration.status not in ACTIVE_STATUSES:
        raise NotAllowed("this registration is not active")
    person = registration.person
    person.given_name, person.family_name = details.given_name, details.family_name
    person.given_name_latin, person.family_name_latin = details.given_name_latin, details.family_name_latin
    person.honorific, person.function = details.honorific, details.function
    if details.language != registration.language:  # a new choice is also the person's preference from now on
        person.preferred_language = registration.language = details.language
    registration.interpretation_needs = details.interpretation_needs
    registration.dietary_needs = details.dietary_needs
    registration.accessibility_needs = details.accessibility_needs
    db.session.flush()
    record_audit("registration.details", target=registration, actor=actor)
    return registration


def renew_calendar_link(registration: Registration, *, actor: str = "delegate") -> str:
    """A new secret for the personal calendar feed; feeds subscribed with the old one stop answering."""
    registration.calendar_token = new_token()
    db.session.flush()
    record_audit("registration.calendar_link_renewed", target=registration, actor=actor)
    return registration.calendar_token


def approve(registration: Registration) -> Registration:
    """An organiser accepts a pending registration: confirmed, or on the waiting list if the event is full."""
    if registration.status != RegistrationStatus.PENDING:
        raise NotAllowed("only a pending registration can be approved")
    lock_for_seats(registration.event, (choice.session_id for choice in registration.choices))
    full = event_is_full(registration.event)
    registration.status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.CONFIRMED
    if not full:
        _seat_waiting_choices(registration)
    db.session.flush()
    mails.queue_mail(registration, "waitlisted" if full else "approved")
    return registration


def refuse(registration: Registration) -> Registration:
    """An organiser turns down a pending (or waiting) registration."""
    if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED):
        raise NotAllowed("only a pending or waiting registration can be refused")
    lock_for_seats(registration.event)
    registration.status = RegistrationStatus.REFUSED
    registration.choices.clear()
    db.session.flush()
    mails.queue_mail(registration, "refused")
    return registration


def cancel(registration: Registration) -> Registration:
    """The registrant (or an organiser) cancels: seats are freed and the first people waiting promoted."""
    if registration.status not in ACTIVE_STATUSES:
        raise NotAllowed("this registration is not active")
    event = registration.event
    freed = [choice.session_id for choice in registration.choices if choice.status == ChoiceStatus.CONFIRMED]
    lock_for_seats(event, freed)
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.choices.clear()
    db.session.flush()
    mails.queue_mail(registration, "cancelled")
    promote_choices(freed)  # people already confirmed and waiting for a workshop come first
    if was_confirmed:
        promote_registrations(event)
    return registration


def change_choices(registration: Registration, sessions: Sequence[Session]) -> Registration:
    """Replace the workshop choices: kept ones keep their place, new ones are seated or wait."""
    if registration.status not in ACTIVE_STATUSES:
        raise NotAllowed("this registration is not active")
    check_choices(registration.event, sessions)
    wanted = {session.id for session in sessions}
    lock_for_seats(registration.event, wanted | {choice.session_id for choice in registration.choices})
    dropped = [choice for choice in registration.choices if choice.session_id not in wanted]
    freed = [choice.session_id for choice in dropped if choice.status == ChoiceStatus.CONFIRMED]
    for choice in dropped:
        registration.choices.remove(choice)
    db.session.flush()
    kept = {choice.session_id for choice in registration.choices}
    _add_choices(registration, [session for session in sessions if session.id not in kept])
    promote_choices(freed)
    return registration


def choose_workshops(registration: Registration, sessions: Sequence[Session], *, actor: str = "delegate",
                     by: str | None = None) -> Registration:
    """``change_choices`` asked by the registrant (or, ``by="head_of_delegation"``, their head), with the
    audit line ``registration.choices``."""
    change_choices(registration, sessions)
    details: dict[str, object] = {"sessions": sorted(session.id for session in sessions)}
    if by is not None:
        details["by"] = by
    record_audit("registration.choices", target=registration, actor=actor, details=details)
    return registration


# --- waiting lists ------------------------------------------------------------

def promote_registrations(event: Event) -> list[Registration]:
    """Confirm the first waiting registrations while the event has free seats (caller holds the lock)."""
    promoted = []
    while not event_is_full(event):
        waiting = db.session.scalar(
            sa.select(Registration).where(Registration.event_id == event.id,
                                          Registration.status == RegistrationStatus.WAITLISTED)
            .order_by(Registration.created_at, Registration.id).limit(1))
        if waiting is None:
            break
        waiting.status = RegistrationStatus.CONFIRMED
        db.session.flush()
        _seat_waiting_choices(waiting)
        mails.queue_mail(waiting, "promoted")
        promoted.append(waiting)
    return promoted


def promote_choices(session_ids: Iterable[int]) -> list[SessionChoice]:
    """Seat the first waiting choices (of confirmed registrations) in sessions with free seats."""
    promoted = []
    for session_id in sorted(set(session_ids)):
        session = db.session.get(Session, session_id)
        if session is None:
            continue
        left = seats_left([session])[session_id]
        waiting = _waiting_choices(session_id, left)
        for choice in waiting:
            choice.status = ChoiceStatus.CONFIRMED
            mails.queue_mail(choice.registration, "session_promoted", session=session,
                             key_suffix=f"session-{session_id}-{int(choice.created_at.timestamp())}")
        promoted += waiting
    db.session.flush()
    return promoted


def _waiting_choices(session_id: int, left: int | None) -> list[SessionChoice]:
    statement = (sa.select(SessionChoice).join(SessionChoice.registration)
                 .where(SessionChoice.session_id == session_id, SessionChoice.status == ChoiceStatus.WAITLISTED,
                        Registration.status == RegistrationStatus.CONFIRMED)
                 .order_by(SessionChoice.created_at, SessionChoice.registration_id))
    if left is not None:
        statement = statement.limit(left)
    return list(db.session.scalars(statement)) if left is None or left > 0 else []
