"""Communications: the network's contacts, audiences, invitation campaigns, messages to registrants and reminders (issue 17)."""
from __future__ import annotations

from app.communications import campaigns_labels  # noqa: F401  (registers the labels of the statuses)


def register_hooks() -> None:
    """Called by the application factory: register with the lower capabilities this one extends."""
    from app.communications.campaigns import invitation_prefill, record_registration
    from app.registration.invitations import register_after_registration, register_prefill

    register_prefill(invitation_prefill)
    register_after_registration(record_registration)
