"""From a validated registration form to a registration (or a clear reason why not)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from flask_babel import gettext as _
from flask_babel import ngettext

from app.chroniques import access
from app.chroniques.models import AccessRequest
from app.core.db import utcnow
from app.core.text import clean_text
from app.core.dates import format_local_time
from app.core.i18n import localized
from app.events.models import Event
from app.extensions import db
from app.people.models import CollectiviteType, Person
from app.people.operations import DuplicateCollectiviteError, PersonData, save_collectivite
from app.programme.models import Session
from app.registration import mails, operations
from app.registration.forms import NEW_COLLECTIVITE, RegistrationForm
from app.registration.models import Registration


@dataclass
class Outcome:
    registration: Registration | None = None
    error: str | None = None
    already_registered: Registration | None = None
    # The email belonged to someone we already knew: their private link goes by mail only, never
    # to whoever filled in the form (who may not own that address).
    known_person: bool = False
    # Members-only event (chronicles) and someone outside the member collectivités: a request to attend.
    access_request: AccessRequest | None = None


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
    chosen_ids = set(form.sessions.data or [])
    chosen = [session for session in sessions if session.id in chosen_ids]
    known = db.session.scalar(sa.select(Person).where(Person.email == (form.email.data or "").strip().lower()))
    data = person_data(form)
    if not access.may_register(event, known, data.collectivite_id):
        existing = operations.active_registration(event, known.email or "") if known is not None else None
        if existing is not None:  # registered meanwhile (by an organiser, or a granted request)
            return _already_registered(existing)
        request = access.request_access(event, operations.find_or_create_person(data),
                                        whole_series=bool(form.whole_series.data), language=form.language.data)
        return Outcome(access_request=request, known_person=known is not None)
    try:
        registration = operations.register(event, data, chosen, details(form))
    except operations.AlreadyRegistered as error:
        db.session.rollback()
        return _already_registered(db.session.get(Registration, error.existing.id))
    except operations.InvalidChoices:
        db.session.rollback()
        return Outcome(error=_("These workshops take place at the same time: choose only one of them."))
    if form.whole_series.data and access.is_members_only(event):
        access.register_to_events(access.later_chronicles(event), registration.person, details(form))
    return Outcome(registration=registration, known_person=known is not None)


def _already_registered(existing: Registration) -> Outcome:
    mails.queue_mail(existing, "link", key_suffix=utcnow().strftime("%Y%m%d%H"))
    return Outcome(error=_("This email is already registered for this event. We have sent the link to "
                           "your registration to this address again."), already_registered=existing)


def person_data(form: RegistrationForm) -> PersonData:
    return PersonData(
        given_name=clean_text(form.given_name.data), family_name=clean_text(form.family_name.data), country=form.country.data,
        given_name_latin=clean_text(form.given_name_latin.data) or None,
        family_name_latin=clean_text(form.family_name_latin.data) or None,
        honorific=form.honorific.data or None, function=form.function.data or None, email=form.email.data,
        collectivite_id=collectivite_id(form), phone=form.phone.data or None, preferred_language=form.language.data)


def details(form: RegistrationForm) -> operations.RegistrationDetails:
    return operations.RegistrationDetails(
        language=form.language.data, interpretation_needs=form.interpretation_needs.data or None,
        dietary_needs=form.dietary_needs.data or None, accessibility_needs=form.accessibility_needs.data or None,
        consent_at=utcnow())


def collectivite_id(form: RegistrationForm) -> int | None:
    """The chosen collectivité, or the one proposed (created as a non-member, or found if it exists)."""
    if form.collectivite_id.data != NEW_COLLECTIVITE:
        return form.collectivite_id.data or None
    try:
        with db.session.begin_nested():
            return save_collectivite(form.new_collectivite_name.data, CollectiviteType(form.new_collectivite_type.data),
                                     form.new_collectivite_country.data, cuf_member=False).id
    except DuplicateCollectiviteError as error:
        return error.existing.id
