"""Extra entries of the personal agenda, from capabilities above the calendar (bilateral meetings…).

A higher package registers a provider (``register_agenda_entries(name, provider)``, from its
``register_hooks()``); the personal feed (``/agenda/<token>.ics``) and the agenda attached to mails add what
every provider returns for the registrant. Each entry keeps a stable UID (``<uid>@<host>``) and its own
SEQUENCE, bumped by its owner on every move, so that calendar clients update it in place.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.registration.models import Registration


@dataclass(frozen=True)
class AgendaEntry:
    uid: str  # unique across providers, e.g. "meeting-12"
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str
    description: str
    sequence: int
    modified: datetime


AgendaProvider = Callable[[Registration, str], list[AgendaEntry]]
_providers: dict[str, AgendaProvider] = {}


def register_agenda_entries(name: str, provider: AgendaProvider) -> None:
    """``provider(registration, language)`` returns the registrant's entries (registering again replaces)."""
    _providers[name] = provider


def extra_entries(registration: Registration, language: str) -> list[AgendaEntry]:
    return [entry for name in sorted(_providers) for entry in _providers[name](registration, language)]
