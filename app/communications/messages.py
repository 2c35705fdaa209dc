"""Messages to registrants: an organiser (or a head of delegation, to their own members) writes to a filtered
set of an event's registrations, with merge fields, a preview as a given recipient and a test sent to themselves.

Two kinds (``MessageKind``):

- ``general`` — news about the event in general: **bulk** (``enqueue_many(bulk=True)``): an address that opted
  out or bounced for good gets nothing, the others get the ``List-Unsubscribe`` headers and the opt-out footer.
- ``session_change`` — a change to the person's own session (room, time, cancellation): **transactional**, sent
  whatever the opt-out, and therefore only to the registrants of one workshop (the filter must name it).

Every mail ends with the reason the person receives it ("You receive this message because you are registered
to the workshop “Climat”."). A sent message is kept (``RegistrantMessage``: who, when, the filter, the text,
the recipients and their outbox mails) and listed on the event's messages page. Operations flush and write
their audit line; the caller commits.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.audit.operations import record_audit
from app.communications.compose import (
    EVENT_FIELDS,
    PERSON_FIELDS,
    FieldDoc,
    MessageTemplate,
    RenderedMessage,
    available_fields,
    event_fields,
    person_fields,
    register_field,
    render_message,
    template_errors,
)
from app.communications.messages_filters import RecipientFilter, reason, recipients
from app.communications.messages_models import (
    MessageKind,
    MessageSender,
    RegistrantMessage,
    RegistrantMessageRecipient,
)
from app.core.db import utcnow
from app.core.extensions import db
from app.events.models import Event
from app.mail.models import OutboxMessage
from app.mail.outbox import NewMail, enqueue, enqueue_many, pause_stream, resume_stream
from app.mail.streams import StreamSummary, stream_summaries, stream_summary
from app.programme.models import Session
from app.registration import mails
from app.registration.models import Delegation, Registration

register_field("private_link", _l("The person's private page (see, change or cancel their registration)"),
               "https://…/registration/…")
MESSAGE_FIELDS = (*PERSON_FIELDS, *EVENT_FIELDS, "private_link")
MAX_BODY_CHARS = 20_000


def available_message_fields() -> list[FieldDoc]:
    """The merge fields of a message to registrants, for the editor's help."""
    return available_fields(MESSAGE_FIELDS)


class MessageError(ValueError):
    """The message cannot be sent as written (the errors are for the editor)."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class Draft:
    kind: MessageKind
    template: MessageTemplate
    chosen: RecipientFilter


def draft_errors(event: Event, draft: Draft, *, delegation: Delegation | None = None) -> list[str]:
    """What prevents sending (empty when it can go): the template, and a filter that fits the event and kind."""
    errors = template_errors(draft.template, MESSAGE_FIELDS)
    if any(len(part) > MAX_BODY_CHARS for part in (draft.template.body_fr, draft.template.body_en)):
        errors.append(_("The text is too long (at most %(count)s characters).", count=MAX_BODY_CHARS))
    chosen = draft.chosen
    if chosen.session_id is not None:
        session = db.session.get(Session, chosen.session_id)
        if session is None or session.event_id != event.id:
            errors.append(_("Choose a workshop of this event."))
    if chosen.delegation_id is not None:
        found = db.session.get(Delegation, chosen.delegation_id)
        if found is None or found.event_id != event.id:
            errors.append(_("Choose a delegation of this event."))
    if delegation is not None and chosen.delegation_id != delegation.id:
        errors.append(_("A head of delegation writes to their own delegation only."))
    if draft.kind == MessageKind.SESSION_CHANGE and chosen.session_id is None:
        errors.append(_("A change to a session goes to the registrants of one workshop: choose the workshop."))
    return errors


def merge_fields(registration: Registration) -> dict[str, str]:
    """The merge fields for one registrant, in their language."""
    person = registration.person
    fields = person_fields(given_name=person.given_name, family_name=person.family_name, honorific=person.honorific,
                           function=person.function,
                           collectivite=person.collectivite.display_name if person.collectivite else None)
    return fields | event_fields(registration.event, registration.language) | {
        "private_link": mails.manage_url(registration)}


def footer(reason_text: str, language: str) -> str:
    with force_locale(language):
        return _("You receive this message because %(reason)s.", reason=reason_text)


def render_for(registration: Registration, draft: Draft, reasons: dict[str, str] | None = None) -> RenderedMessage:
    """The message as this registrant will read it, the reason at the end."""
    rendered = render_message(draft.template, merge_fields(registration), registration.language)
    reason_text = (reasons or {}).get(rendered.language) or reason(registration.event, draft.chosen, rendered.language)
    text = f"{rendered.text}\n-- \n{footer(reason_text, rendered.language)}\n"
    return RenderedMessage(subject=rendered.subject, text=text, language=rendered.language)


def send_test(event: Event, draft: Draft, registration: Registration, to_address: str, *, actor: str) -> OutboxMessage:
    """The message as ``registration`` would read it, sent to the editor's own address (not recorded as sent)."""
    if errors := draft_errors(event, draft):
        raise MessageError(errors)
    rendered = render_for(registration, draft)
    message = enqueue(to_address, f"[Test] {rendered.subject}", rendered.text, language=rendered.language)
    record_audit("registrant_message.test", target_type="event", target_id=event.id, event_id=event.id, actor=actor,
                 details={"to": to_address, "as_registration": registration.id})
    return message


def send_message(event: Event, draft: Draft, *, actor: str, sent_by: str, user_id: int | None = None,
                 delegation: Delegation | None = None) -> RegistrantMessage:
    """Queue the message to every registration the filter finds, and keep it (flushes; the caller commits)."""
    if errors := draft_errors(event, draft, delegation=delegation):
        raise MessageError(errors)
    found = recipients(event, draft.chosen)
    reasons = {language: reason(event, draft.chosen, language) for language in ("fr", "en")}
    template = draft.template
    message = RegistrantMessage(
        event_id=event.id, kind=draft.kind, user_id=user_id, delegation_id=delegation.id if delegation else None,
        sender=MessageSender.HEAD_OF_DELEGATION if delegation else MessageSender.ORGANISER, sent_by=sent_by[:254],
        filters=draft.chosen.as_dict(), reason_fr=reasons["fr"][:500], reason_en=reasons["en"][:500],
        subject_fr=template.subject_fr, body_fr=template.body_fr, subject_en=template.subject_en,
        body_en=template.body_en, recipients_count=len(found), sent_at=utcnow())
    db.session.add(message)
    db.session.flush()
    bulk = draft.kind == MessageKind.GENERAL
    new_mails = []
    for registration in found:
        rendered = render_for(registration, draft, reasons)
        new_mails.append(NewMail(to=registration.person.email or "", subject=rendered.subject, text_body=rendered.text,
                                 language=rendered.language, bulk=bulk, stream=message.stream,
                                 dedupe_key=f"message-{message.id}-registration-{registration.id}"))
    ids = enqueue_many(new_mails)
    db.session.add_all(RegistrantMessageRecipient(message_id=message.id, registration_id=registration.id,
                                                  address=mail_.to, outbox_message_id=outbox_id)
                       for registration, mail_, outbox_id in zip(found, new_mails, ids, strict=True))
    db.session.flush()
    record_audit("registrant_message.send", target=message, actor=actor,
                 details={"kind": draft.kind.value, "recipients": len(found), "filters": message.filters})
    return message


# --- while it is being sent: progress, pause, resume (the mail layer's stream of the message) --------------------

def progress(message: RegistrantMessage) -> StreamSummary:
    """Its mails: sent, waiting, failed, suppressed, and whether sending is paused."""
    return stream_summary(message.stream)


def progress_of(sent: Sequence[RegistrantMessage]) -> dict[int, StreamSummary]:
    """The progress of each of these messages, by id, in two queries (the event's messages page)."""
    summaries = stream_summaries(message.stream for message in sent)
    return {message.id: summaries[message.stream] for message in sent}


def pause(message: RegistrantMessage, *, actor: str) -> None:
    """``flask mail send`` leaves the message's waiting mails until ``resume`` (the one in flight finishes).
    The mail layer writes the audit line (``mail.stream_paused``, stream ``message-<id>``); the caller commits."""
    pause_stream(message.stream, actor=actor)


def resume(message: RegistrantMessage, *, actor: str) -> None:
    resume_stream(message.stream, actor=actor)
