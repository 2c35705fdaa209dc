"""The registrant's mails, queued in the outbox in the same transaction, in the registrant's language.

Mails of a confirmed registration carry the personal agenda (.ics) and the badge (PDF). Which mail
carries which file is decided here; the files themselves come from the capabilities above
registration, which register an attachment provider (``register_attachment``: ``app.calendar.agenda``
gives ``"agenda"``, ``app.badges.operations`` gives ``"badge"``); registration never imports them.
Each is enqueued with a dedupe key (``registration-<id>-<kind>``): a retried transaction never
queues the same mail twice.
"""
from __future__ import annotations

from collections.abc import Callable

from flask_babel import force_locale
from flask_babel import gettext as _

from app.core.dates import format_event_when
from app.core.i18n import localized
from app.core.urls import external_url
from app.events.models import Event
from app.mail.models import OutboxMessage
from app.mail.outbox import MailAttachment, enqueue
from app.programme.models import Session
from app.registration.choices import ChoiceState, choice_states, chosen_in_order, when
from app.registration.models import Registration, RegistrationStatus

STATUS_MAILS = {
    RegistrationStatus.CONFIRMED: "confirmed",
    RegistrationStatus.WAITLISTED: "waitlisted",
    RegistrationStatus.PENDING: "pending",
}
# Mails that carry the personal agenda (.ics) and the badge: the registrant has just got a seat.
WITH_AGENDA = {"confirmed", "approved", "promoted"}
# Mails that never carry the agenda, whatever the status.
WITHOUT_AGENDA = {"cancelled", "refused"}

# name → provider(registration, language): the files a capability attaches ([] when it has none to give).
AttachmentProvider = Callable[[Registration, str], list[MailAttachment]]
_attachments: dict[str, AttachmentProvider] = {}


def register_attachment(name: str, provider: AttachmentProvider) -> None:
    _attachments[name] = provider


def _attached(name: str, registration: Registration, language: str) -> list[MailAttachment]:
    provider = _attachments.get(name)
    return provider(registration, language) if provider is not None else []


def attachment(name: str, registration: Registration, language: str) -> list[MailAttachment]:
    """The files a capability attaches (e.g. ``"agenda"``), for mails queued by capabilities above registration."""
    return _attached(name, registration, language)


def manage_url(registration: Registration) -> str:
    return external_url("registration.manage", token=registration.manage_token, lang=registration.language)


def queue_status_mail(registration: Registration) -> None:
    queue_mail(registration, STATUS_MAILS[registration.status])


def queue_mail(registration: Registration, kind: str, *, session: Session | None = None,
               key_suffix: str = "") -> OutboxMessage | None:
    """Queue one of the registrant's mails; returns the message (an earlier one with the same key if any)."""
    person = registration.person
    if not person.email:
        return None
    language = registration.language or person.preferred_language or "fr"
    with force_locale(language):
        subject, lead = _subject_and_lead(kind, registration.event, session, language)
        body = _body(registration, lead, language)
        attachments = _attached("agenda", registration, language) if _with_agenda(registration, kind) else []
        if kind in WITH_AGENDA and registration.status == RegistrationStatus.CONFIRMED \
                and not registration.event.is_online:  # no badge to wear at an online event
            attachments += _attached("badge", registration, language)
    key = f"registration-{registration.id}-{kind}" + (f"-{key_suffix}" if key_suffix else "")
    return enqueue(person.email, subject, body, language=language, attachments=attachments, dedupe_key=key)


def _with_agenda(registration: Registration, kind: str) -> bool:
    """The agenda goes with the mails of a seat, and with every later mail of a confirmed registration
    (the link sent again, the reminders): the calendar file is never more than one mail away."""
    if kind in WITHOUT_AGENDA:
        return False
    return kind in WITH_AGENDA or registration.status == RegistrationStatus.CONFIRMED


def when_line(event: Event) -> str:
    """When the event runs, with its zone, from the one date formatter (app.core.dates)."""
    return format_event_when(event.starts_at, event.ends_at, event.timezone)


def _subject_and_lead(kind: str, event: Event, session: Session | None, language: str) -> tuple[str, str]:
    title = localized(event, "title", language)
    texts = {
        "confirmed": (_("Registration confirmed: %(event)s", event=title), _("Your registration is confirmed.")),
        "approved": (_("Registration approved: %(event)s", event=title),
                     _("The organisers have approved your registration: it is confirmed.")),
        "waitlisted": (_("Waiting list: %(event)s", event=title),
                       _("The event is full: you are on the waiting list. We will write to you if a place frees up.")),
        "pending": (_("Registration received: %(event)s", event=title),
                    _("Your registration has been received; the organisers will confirm it soon.")),
        "refused": (_("Registration not accepted: %(event)s", event=title),
                    _("We are sorry: the organisers could not accept your registration.")),
        "cancelled": (_("Registration cancelled: %(event)s", event=title), _("Your registration has been cancelled.")),
        "link": (_("Your registration: %(event)s", event=title),
                 _("You are already registered; here is your private link again.")),
        "promoted": (_("A place is free for you: %(event)s", event=title),
                     _("A place has become free: your registration is now confirmed.")),
    }
    if kind == "session_promoted":
        name = localized(session, "title", language) if session else ""
        return (_("A seat is free for you: %(session)s", session=name),
                _("A seat has become free in “%(session)s”: you now have it.", session=name))
    return texts[kind]


def _body(registration: Registration, lead: str, language: str) -> str:
    event, person = registration.event, registration.person
    lines = [_("Hello %(name)s,", name=person.name), "", lead, "",
             localized(event, "title", language), when_line(event)]
    join_url = event.online_url if event.is_online and registration.status == RegistrationStatus.CONFIRMED else None
    if join_url:  # the online link (the event's, as app.calendar.feeds.join_link) goes to confirmed registrants only
        lines += ["", _("Join online:"), join_url]
    if registration.choices and registration.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED,
                                                         RegistrationStatus.PENDING):
        states = choice_states(registration)
        lines += ["", _("Your workshops:")]
        lines += [_choice_line(choice.session, states[choice.session_id], language)
                  for choice in chosen_in_order(registration)]
    if registration.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED,
                               RegistrationStatus.PENDING):
        lines += ["", _("See, change or cancel your registration:"), manage_url(registration)]
    lines += ["", _("The organisers — Cités Unies France")]
    return "\n".join(lines) + "\n"


def _choice_line(session: Session, state: ChoiceState, language: str) -> str:
    return f"- {localized(session, 'title', language)} ({when(session)}) — {state.text}"
