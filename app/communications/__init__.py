"""Communications: the network's contacts, audiences, invitation campaigns, messages to registrants and reminders (issue 17)."""
from __future__ import annotations


def register_hooks() -> None:
    """Called by the application factory: register with the lower capabilities this one extends."""
