"""Organisers' changes to a registration; status changes go through ``operations`` so that mails and
waiting lists follow. Plain functions: they flush, the caller commits."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.extensions import db
from app.programme.models import Session
from app.registration import operations
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
        return operations.cancel(registration)
    raise operations.NotAllowed("this status change is not possible")


def update_registration(registration: Registration, changes: RegistrationChanges) -> Registration:
    """Category, needs, status, then workshop choices (if the registration is still active)."""
    registration.category = changes.category
    registration.interpretation_needs = changes.interpretation_needs or None
    registration.dietary_needs = changes.dietary_needs or None
    registration.accessibility_needs = changes.accessibility_needs or None
    db.session.flush()
    change_status(registration, changes.status)
    wanted = {session.id for session in changes.sessions}
    if registration.status in ACTIVE_STATUSES and wanted != {choice.session_id for choice in registration.choices}:
        operations.change_choices(registration, changes.sessions)
    return registration
