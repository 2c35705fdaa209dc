"""Organisers name a session's rapporteur and review the synthesis; the rapporteur writes it through the
private link mailed to them, until the deadline. Each operation flushes, writes its audit line and lets
the caller commit."""
from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from app.audit.operations import record_audit
from app.core.dates import format_local_datetime
from app.core.db import utcnow
from app.core.extensions import db
from app.core.i18n import localized
from app.core.urls import external_url
from app.mail.models import OutboxMessage
from app.mail.outbox import enqueue
from app.programme.models import Session
from app.registration.models import ACTIVE_STATUSES, Registration, new_token
from app.syntheses.models import MAX_SYNTHESIS_LENGTH, Synthesis


class SynthesisError(ValueError):
    """A change refused: the message says why, in the reader's language."""


def synthesis_of(session: Session) -> Synthesis | None:
    return db.session.query(Synthesis).filter_by(session_id=session.id).one_or_none()


def assign_rapporteur(session: Session, registration: Registration | None, deadline: datetime | None, *,
                      actor: str | None = None) -> Synthesis | None:
    """Name (or change, or remove with None) the session's rapporteur and the deadline. A new rapporteur
    gets a new private link: the previous one stops working."""
    if registration is not None and (registration.event_id != session.event_id
                                     or registration.status not in ACTIVE_STATUSES):
        raise SynthesisError(_("The rapporteur must be registered to this event."))
    synthesis = synthesis_of(session)
    if synthesis is None and registration is None and deadline is None:
        return None  # nothing to record
    if synthesis is None:
        synthesis = Synthesis(event_id=session.event_id, session=session, body="")
        db.session.add(synthesis)
    new_id = registration.id if registration is not None else None
    if synthesis.rapporteur_id == new_id and synthesis.deadline == deadline:
        return synthesis  # unchanged
    if synthesis.rapporteur_id != new_id:
        synthesis.token = new_token()
        synthesis.invited_at = None
    synthesis.rapporteur = registration
    synthesis.deadline = deadline
    db.session.flush()
    record_audit("synthesis.rapporteur", target=synthesis, actor=actor,
                 details={"session_id": session.id, "rapporteur_id": new_id,
                          "deadline": deadline.isoformat() if deadline else None})
    return synthesis


def write_url(synthesis: Synthesis, language: str | None = None) -> str:
    return external_url("syntheses.write", token=synthesis.token, lang=language)


def invite_rapporteur(synthesis: Synthesis, *, actor: str | None = None) -> OutboxMessage | None:
    """Mail the rapporteur their private link (a mail per link: sending again re-queues nothing new)."""
    registration = synthesis.rapporteur
    if registration is None or not registration.person.email:
        raise SynthesisError(_("This session has no rapporteur with an email address."))
    language = registration.language or registration.person.preferred_language or "fr"
    event, session = synthesis.event, synthesis.session
    with force_locale(language):
        subject = _("Synthesis of “%(session)s”", session=localized(session, "title", language))
        lines = [_("Hello %(name)s,", name=registration.person.name), "",
                 _("You are the rapporteur of “%(session)s” (%(event)s).",
                   session=localized(session, "title", language), event=localized(event, "title", language)),
                 _("Write its synthesis through your private link (keep it to yourself):"), "",
                 write_url(synthesis, language)]
        if synthesis.deadline is not None:
            lines += ["", _("Deadline: %(when)s", when=format_local_datetime(synthesis.deadline, event.timezone))]
        lines += ["", _("The organisers — Cités Unies France")]
    message = enqueue(registration.person.email, subject, "\n".join(lines) + "\n", language=language,
                      dedupe_key=f"synthesis-{synthesis.id}-{synthesis.token[:16]}")
    synthesis.invited_at = utcnow()
    db.session.flush()
    record_audit("synthesis.invited", target=synthesis, actor=actor, details={"rapporteur_id": registration.id})
    return message


def can_write(synthesis: Synthesis, now: datetime | None = None) -> bool:
    """The rapporteur may still change the text: named, not published, before the deadline."""
    now = now or utcnow()
    return (synthesis.rapporteur_id is not None and synthesis.published_at is None
            and (synthesis.deadline is None or now <= synthesis.deadline))


def save_text(synthesis: Synthesis, body: str, *, submit: bool = False, actor: str = "rapporteur",
              now: datetime | None = None) -> Synthesis:
    """The rapporteur's text (Markdown); ``submit``: handed to the organisers for review (still editable
    until the deadline)."""
    now = now or utcnow()
    if not can_write(synthesis, now):
        raise SynthesisError(_("This synthesis can no longer be changed."))
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if len(body) > MAX_SYNTHESIS_LENGTH:
        raise SynthesisError(_("The synthesis is too long (at most %(count)s characters).",
                               count=MAX_SYNTHESIS_LENGTH))
    synthesis.body = body
    if submit:
        if not body.strip():
            raise SynthesisError(_("Write the synthesis before sending it."))
        synthesis.submitted_at = now
    db.session.flush()
    record_audit("synthesis.submitted" if submit else "synthesis.saved", target=synthesis, actor=actor,
                 details={"length": len(body)})
    return synthesis


def publish(synthesis: Synthesis, *, actor: str | None = None) -> Synthesis:
    if not synthesis.body.strip():
        raise SynthesisError(_("An empty synthesis cannot be published."))
    if synthesis.published_at is None:
        synthesis.published_at = utcnow()
        db.session.flush()
        record_audit("synthesis.published", target=synthesis, actor=actor, details={"length": len(synthesis.body)})
    return synthesis


def unpublish(synthesis: Synthesis, *, actor: str | None = None) -> Synthesis:
    if synthesis.published_at is not None:
        synthesis.published_at = None
        db.session.flush()
        record_audit("synthesis.unpublished", target=synthesis, actor=actor)
    return synthesis
