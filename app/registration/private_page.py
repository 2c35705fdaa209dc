"""Sections that higher capabilities add to a registrant's private page (``/registration/<token>``).

The private page belongs to registration, which must not import the capabilities above it
(certificates, survey, syntheses, meetings…). Each of them registers a provider here from its
``register_hooks()``; the page asks every provider for its section and includes the sections
that answer, in ``order``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.registration.models import Registration


@dataclass(frozen=True)
class PrivateSection:
    """One block of the private page: a heading and a template included with ``registration``,
    ``event`` and ``section`` (whose ``context`` carries the provider's data)."""

    title: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    order: int = 100


SectionProvider = Callable[[Registration], PrivateSection | None]
_providers: dict[str, SectionProvider] = {}


def register_section(name: str, provider: SectionProvider) -> None:
    """Add (or replace, by name) a provider; it returns None when it has nothing to show."""
    _providers[name] = provider


def sections_for(registration: Registration) -> list[PrivateSection]:
    found = (provider(registration) for provider in _providers.values())
    return sorted((section for section in found if section is not None), key=lambda section: section.order)
