"""The organisers' registration list as CSV or XLSX — never any passport data.

The files are written by ``app.core.tabular``, as every export: cells neutralised against formula injection
(a quote before = + - @ in CSV, text cells with a quote prefix in XLSX).
"""
from __future__ import annotations

from collections.abc import Sequence

from app.core.dates import format_local_datetime
from app.core.labels import label
from app.core.tabular import write_csv, write_xlsx
from app.registration.models import ChoiceStatus, Registration

EXPORT_COLUMNS = (
    "given_name", "family_name", "given_name_latin", "family_name_latin", "honorific", "email", "function",
    "collectivite", "country", "category", "status", "delegation", "sessions", "sessions_waiting",
    "language", "interpretation_needs", "dietary_needs", "accessibility_needs", "registered_at",
)


def registration_row(registration: Registration) -> dict[str, str]:
    person, collectivite = registration.person, registration.person.collectivite
    choices = sorted(registration.choices, key=lambda choice: (choice.session.starts_at, choice.session_id))
    return {
        "given_name": person.given_name, "family_name": person.family_name,
        "given_name_latin": person.given_name_latin or "", "family_name_latin": person.family_name_latin or "",
        "honorific": person.honorific or "", "email": person.email or "", "function": person.function or "",
        "collectivite": collectivite.display_name if collectivite else "", "country": person.country,
        "category": label(registration.category), "status": label(registration.status),
        "delegation": registration.delegation.name if registration.delegation else "",
        "sessions": " | ".join(choice.session.title_fr for choice in choices
                               if choice.status == ChoiceStatus.CONFIRMED),
        "sessions_waiting": " | ".join(choice.session.title_fr for choice in choices
                                       if choice.status == ChoiceStatus.WAITLISTED),
        "language": registration.language, "interpretation_needs": registration.interpretation_needs or "",
        "dietary_needs": registration.dietary_needs or "",
        "accessibility_needs": registration.accessibility_needs or "",
        "registered_at": format_local_datetime(registration.created_at, registration.event.timezone)
        if registration.created_at else "",
    }


def registrations_csv(registrations: Sequence[Registration]) -> bytes:
    """UTF-8 with a BOM, ``;``-separated, formulas neutralised (as the programme export)."""
    return write_csv(EXPORT_COLUMNS, [registration_row(registration) for registration in registrations])


def registrations_xlsx(registrations: Sequence[Registration], title: str = "Registrations") -> bytes:
    """One worksheet; every cell is a string, never a formula."""
    return write_xlsx(EXPORT_COLUMNS, [registration_row(registration) for registration in registrations],
                      title=title[:31] or "Registrations")
