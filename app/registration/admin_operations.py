"""Organisers' changes to a registration; status changes go through ``operations`` so that mails and
waiting lists follow. Plain functions: they flush, the caller commits."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.audit.operations import record_audit
from app.core.db import utcnow
from app.core.extensions import db
from app.programme.models import Session, SessionStatus
from app.registration import mails, operations
from app.registration.models import ACTIVE_STATUSES, Registration, RegistrationCategory, RegistrationStatus


@dataclass
class RegistrationChanges:
    category: RegistrationCategory
    status: RegistrationStatus
    interpretation_needs: str | None
    dietary_needs: str | None
    accessibility_needs: str | None
    sessions: Sequence[Session]


def change_status(registration: Registration, status: RegistrationStatus) -> Registration:
    """Approve, refuse or cancel; raises ``operations.NotAllowed`` for any other change."""
    if status == registration.status:
        return registration
    if status == RegistrationStatus.CONFIRMED:
        return operations.approve(registration)
    if status == RegistrationStatus.REFUSED:
        return operations.refuse(registration)
    if status == RegistrationStatus.CANCELLED:
        return cancel_registration(registration)
    raise operations.NotAllowed("this status change is not possible")


def moderate_registration(registration: Registration, action: str, *, actor: str | None = None) -> Registration:
    """``approve`` or ``refuse`` a pending registration, with the audit line ``registration.<action>``
    (``actor`` None: the logged-in staff member, else ``system``)."""
    (operations.approve if action == "approve" else operations.refuse)(registration)
    record_audit(f"registration.{action}", target=registration, actor=actor, details={"status": registration.status})
    return registration


def update_registration(registration: Registration, changes: RegistrationChanges, *,
                        actor: str | None = None) -> Registration:
    """Category, needs, status, then workshop choices (if the registration is still active); one audit
    line ``registration.edit``."""
    registration.category = changes.category
    registration.interpretation_needs = changes.interpretation_needs or None
    registration.dietary_needs = changes.dietary_needs or None
    registration.accessibility_needs = changes.accessibility_needs or None
    db.session.flush()
    change_status(registration, changes.status)
    wanted = {session.id for session in changes.sessions}
    if registration.status in ACTIVE_STATUSES and wanted != {choice.session_id for choice in registration.choices}:
        operations.change_choices(registration, changes.sessions)
    record_audit("registration.edit", target=registration, actor=actor,
                 details={"status": registration.status, "category": registration.category,
                          "sessions": sorted(session.id for session in changes.sessions)})
    return registration


def cancel_registration(registration: Registration, actor: str | None = None) -> Registration:
    """Cancel (seats freed, waiting people promoted, the person told), remembering the workshops in the
    audit line so that ``restore_registration`` can give them back."""
    sessions = sorted(choice.session_id for choice in registration.choices)
    operations.cancel(registration)
    record_audit("registration.cancel", target=registration, actor=actor, details={"sessions": sessions})
    return registration


def _workshops_at_cancellation(registration: Registration) -> list[Session]:
    """The workshops the registration held when it was last cancelled, still open to choose."""
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "registration.cancel",
                                    AuditEntry.target_type == Registration.__tablename__,
                                    AuditEntry.target_id == registration.id)
        .order_by(AuditEntry.id.desc()).limit(1))
    session_ids = set((entry.details or {}).get("sessions") or []) if entry else set()
    return [session for session in operations.choosable_sessions(registration.event) if session.id in session_ids
            and session.status == SessionStatus.SCHEDULED]


def restore_registration(registration: Registration, actor: str | None = None) -> Registration:
    """Undo a cancellation: the registration is active again (confirmed, or on the waiting list if the event
    has filled up meanwhile), with the workshops it had when cancelled (seated where seats are left), and
    the person is told by mail. Raises ``operations.NotAllowed`` if it is not cancelled or if the person
    has registered again since."""
    if registration.status != RegistrationStatus.CANCELLED:
        raise operations.NotAllowed("only a cancelled registration can be restored")
    again = db.session.scalar(sa.select(Registration.id).where(
        Registration.event_id == registration.event_id, Registration.person_id == registration.person_id,
        Registration.status.in_(ACTIVE_STATUSES), Registration.id != registration.id))
    if again is not None:
        raise operations.NotAllowed("this person has registered again since")
    workshops = _workshops_at_cancellation(registration)
    operations.lock_for_seats(registration.event, (session.id for session in workshops))
    full = operations.event_is_full(registration.event)
    registration.status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.CONFIRMED
    db.session.flush()
    try:
        operations.change_choices(registration, workshops)
        dropped = []
    except operations.RegistrationError:  # they clash now: restored without them, the organiser chooses again
        dropped = [session.id for session in workshops]
    mails.queue_mail(registration, "waitlisted" if full else "approved",
                     key_suffix=f"restored-{int(utcnow().timestamp())}")
    record_audit("registration.restore", target=registration, actor=actor,
                 details={"status": registration.status, "sessions": [choice.session_id for choice in registration.choices],
                          "workshops_not_restored": dropped})
    return registration
