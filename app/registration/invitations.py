"""What a personal invitation link brings to the registration form, and what follows a registration.

Registration knows nothing of campaigns (``app.communications`` is above it). A capability that mails
personal registration links (``/<kind>/<slug>/register?invite=<token>``) registers here:

- ``register_prefill(provider)``: ``provider(event, token)`` returns the form's initial values for a
  valid token, or None. Only ``PREFILL_FIELDS`` (the name) are ever used: whoever holds a link sees
  nothing else. The token then travels with the form (a hidden field) and is kept on the claim.
- ``register_after_registration(hook)``: ``hook(registration, token)`` runs once a claim made a
  registration (after the mailbox proof, unchanged), with the token the form carried (or None).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from app.events.models import Event
from app.registration.models import Registration

PREFILL_FIELDS = ("given_name", "family_name")
MAX_TOKEN_CHARS = 300

PrefillProvider = Callable[[Event, str], Mapping[str, str] | None]
AfterRegistration = Callable[[Registration, str | None], None]
_prefill: list[PrefillProvider] = []
_after: list[AfterRegistration] = []


def register_prefill(provider: PrefillProvider) -> None:
    if provider not in _prefill:
        _prefill.append(provider)


def register_after_registration(hook: AfterRegistration) -> None:
    if hook not in _after:
        _after.append(hook)


def usable_token(token: str | None) -> str | None:
    """The token if it may be one (bounded, printable ASCII), else None."""
    if not token or len(token) > MAX_TOKEN_CHARS or not token.isascii() or not token.isprintable():
        return None
    return token


def prefill(event: Event, token: str | None) -> dict[str, str]:
    """The name an invitation link prefills the form with; empty for no token or one no provider accepts."""
    token = usable_token(token)
    if token is None:
        return {}
    for provider in _prefill:
        values = provider(event, token)
        if values:
            return {name: str(values[name]) for name in PREFILL_FIELDS if values.get(name)}
    return {}


def after_registration(registration: Registration, token: str | None) -> None:
    for hook in _after:
        hook(registration, usable_token(token))
