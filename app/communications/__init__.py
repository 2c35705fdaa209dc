"""Communications: the network's contacts, audiences, invitation campaigns, messages to registrants and reminders (issue 17)."""
from __future__ import annotations

from app.communications import campaigns_labels  # noqa: F401  (registers the labels of the statuses)


def register_hooks() -> None:
    """Called by the application factory: register with the lower capabilities this one extends."""
    from app.communications.campaigns import invitation_prefill, record_registration
    from app.communications.messages_privacy import PERSONAL_DATA as MESSAGES_PERSONAL_DATA
    from app.registration.invitations import register_after_registration, register_prefill
    from app.registration.privacy import register_personal_data

    register_prefill(invitation_prefill)
    register_after_registration(record_registration)
    register_personal_data(MESSAGES_PERSONAL_DATA)  # messages received, in the export; addresses erased
