"""Human labels, in the reader's language, for the values of the domain's enumerations.

The bottom layer knows no enumeration: each package registers the labels of its own enumerations
(``register_labels`` in its ``labels`` module, imported by the package's ``__init__``), and pages,
forms and exports ask ``label(value)`` (also a template global).
"""
from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypeVar

E = TypeVar("E", bound=enum.Enum)

# Keyed by (enumeration, value): StrEnum members of different enumerations with the
# same value (SpeakerRole.SPEAKER, RegistrationCategory.SPEAKER) are equal as strings.
LABELS: dict[tuple[type[enum.Enum], object], object] = {}


def register_labels(enumeration: type[E], labels: Mapping[E, object]) -> None:
    """Record the (lazily translated) labels of ``enumeration``'s members; called by the owning package."""
    for member, text in labels.items():
        if not isinstance(member, enumeration):
            raise TypeError(f"{member!r} is not a member of {enumeration.__name__}")
        LABELS[(enumeration, member.value)] = text


def label(value: enum.Enum) -> str:
    """The translated label of an enumeration value (its raw value if none is defined)."""
    found = LABELS.get((type(value), value.value))
    return str(found) if found is not None else str(value.value)
