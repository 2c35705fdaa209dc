"""From a validated registration form to a claim waiting for mailbox proof (or a clear reason why not)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from app.core.dates import format_local_time
from app.core.db import utcnow
from app.core.i18n import localized
from app.core.text import clean_text
from app.events.models import Event
from app.programme.models import Session
from app.registration import claims, invitations, operations
from app.registration.forms import NEW_COLLECTIVITE, RegistrationForm
from app.registration.models import ClaimKind


@dataclass
class Outcome:
    """What the form's visitor is told: a form error, or only "check your mail" (``error`` None)."""

    error: str | None = None


def session_labels(sessions: Sequence[Session]) -> dict[int, str]:
    """Checkbox labels: title, times (the day is the time slot's), and the seats left ("12 places left" /
    "full — waiting list")."""
    free = operations.seats_left(sessions)
    labels = {}
    for session in sessions:
        zone = session.event.timezone
        when = f"{format_local_time(session.starts_at, zone)}–{format_local_time(session.ends_at, zone)}"
        left = free[session.id]
        seats = "" if left is None else (" — " + (_("full — waiting list") if left == 0 else
                                                 ngettext("%(num)s place left", "%(num)s places left", left)))
        labels[session.id] = f"{localized(session, 'title')} ({when}){seats}"
    return labels


def submit_registration(event: Event, form: RegistrationForm, sessions: Sequence[Session]) -> Outcome:
    """Check the choices, then hand the form to ``claims.submit``: nothing is registered, revealed or
    written on a person until the address's owner opens the link mailed to it."""
    chosen_ids = set(form.sessions.data or [])
    chosen = [session for session in sessions if session.id in chosen_ids]
    try:
        operations.check_choices(event, chosen)
    except operations.InvalidChoices:
        return Outcome(error=_("These workshops take place at the same time: choose only one of them."))
    claims.submit(event, ClaimKind.REGISTRATION, form.email.data or "", form.language.data or "fr",
                  claim_data(form, chosen))
    return Outcome()


def claim_data(form: RegistrationForm, chosen: Sequence[Session]) -> dict[str, Any]:
    """The form as plain data, kept on the claim until the address is confirmed."""
    new = form.collectivite_id.data == NEW_COLLECTIVITE
    return {
        "person": person_fields(form),
        "collectivite_id": None if new else (form.collectivite_id.data or None),
        "new_collectivite": {"name": clean_text(form.new_collectivite_name.data), "type": form.new_collectivite_type.data,
                             "country": form.new_collectivite_country.data} if new else None,
        "details": {"language": form.language.data, "interpretation_needs": form.interpretation_needs.data or None,
                    "dietary_needs": form.dietary_needs.data or None,
                    "accessibility_needs": form.accessibility_needs.data or None, "consent_at": utcnow().isoformat()},
        "sessions": sorted(session.id for session in chosen),
        "whole_series": bool(form.whole_series.data),
        "invite": invitations.usable_token(form.invite.data),
    }


def person_fields(form) -> dict[str, Any]:
    """A person's typed fields (registration or delegation form), cleaned."""
    phone = getattr(form, "phone", None)
    return {
        "given_name": clean_text(form.given_name.data), "family_name": clean_text(form.family_name.data),
        "given_name_latin": clean_text(form.given_name_latin.data) or None,
        "family_name_latin": clean_text(form.family_name_latin.data) or None,
        "honorific": clean_text(form.honorific.data) or None, "function": clean_text(form.function.data) or None,
        "country": form.country.data, "phone": clean_text(phone.data) or None if phone is not None else None,
        "preferred_language": form.language.data}
