"""Who may register to a chronicle: people of member collectivités; others ask, and organisers decide.

The rule: registration to a members-only event (every chronicle) is direct for a person whose
collectivité is a member of the network (``Collectivite.cuf_member``) or who was granted access to a
chronicle of the same series; anyone else files an :class:`AccessRequest`, which an organiser grants
(the person is then registered, confirmed) or refuses. The requester gets a mail on receipt and on
refusal (a grant sends the registration's confirmation, with the online link); the organisers' mailbox
(``ORGANISERS_EMAIL``, if set) is told of every new request. Plain functions: they flush, the caller commits.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.audit.operations import record_audit
from app.chroniques.models import AccessRequest, AccessRequestStatus
from app.core.db import utcnow
from app.core.extensions import db
from app.core.i18n import localized
from app.events.models import Event, EventStatus
from app.mail.outbox import enqueue
from app.people.models import Collectivite, Person
from app.people.operations import PersonData
from app.registration import claims, operations, privacy
from app.registration.mails import external_url, when_line
from app.registration.models import PendingClaim, Registration, RegistrationStatus


class AccessError(ValueError):
    """A request that cannot be decided as asked; ``str()`` is the reason."""


def is_members_only(event: Event) -> bool:
    """Chronicles are for the network's members."""
    return event.profile.members_only


def is_member_collectivite(collectivite_id: int | None) -> bool:
    if collectivite_id is None:
        return False
    return bool(db.session.scalar(sa.select(Collectivite.cuf_member).where(Collectivite.id == collectivite_id)))


def was_granted(person: Person, event: Event) -> bool:
    """A granted request for this chronicle or another chronicle of its series."""
    same = AccessRequest.event_id == event.id
    if event.series_id is not None:
        same = sa.or_(same, AccessRequest.event_id.in_(sa.select(Event.id).where(Event.series_id == event.series_id)))
    return bool(db.session.scalar(sa.select(sa.exists().where(
        AccessRequest.person_id == person.id, AccessRequest.status == AccessRequestStatus.GRANTED, same))))


def may_register(event: Event, person: Person | None, collectivite_id: int | None = None) -> bool:
    """Whether someone registers directly: a known person whose collectivité *on record* is a member, or
    who was granted access to the series. The collectivité picked on a public form is only a claim —
    anyone can pick a member's name — so a newcomer (or a person without a collectivité on record) asks
    for access, and an organiser checks the claim once for the whole series."""
    if not is_members_only(event):
        return True
    if person is None:
        return False
    member = is_member_collectivite(person.collectivite_id) and not person.collectivite_claimed
    return member or was_granted(person, event)


def later_chronicles(event: Event) -> list[Event]:
    """The chronicles of the same series after this one whose registration is open."""
    if event.series_id is None:
        return []
    return list(db.session.scalars(
        sa.select(Event).where(Event.series_id == event.series_id, Event.starts_at > event.starts_at,
                               Event.status == EventStatus.REGISTRATION_OPEN, Event.starts_at > utcnow())
        .order_by(Event.starts_at)))


def register_to_events(events: Sequence[Event], person: Person, details: operations.RegistrationDetails,
                       status: RegistrationStatus | None = None) -> list[Registration]:
    """Register a known person to each event where they are not registered yet."""
    made = []
    for event in events:
        try:
            made.append(operations.register_person(event, person, details, status))
        except operations.AlreadyRegistered:
            continue
    return made


def next_chronicle(registration: Registration) -> Event | None:
    """The next chronicle of the series open for registration where this person is not registered yet."""
    for event in later_chronicles(registration.event):
        if operations.active_registration(event, registration.person.email or "") is None:
            return event
    return None


# --- requests ----------------------------------------------------------------------------------

def request_access(event: Event, person: Person, *, whole_series: bool = False, message: str | None = None,
                   language: str = "fr", collectivite_id: int | None = None) -> AccessRequest:
    """File (or find, if already waiting) a request; mails the requester and the organisers once.

    ``collectivite_id``: the collectivité picked on the form, a claim kept on the request for the
    organisers to check; it is never written on the person."""
    existing = pending_request(event, person)
    if existing is not None:
        return existing
    request = AccessRequest(event=event, person=person, whole_series=whole_series, message=message or None,
                            language=language, consent_at=utcnow(), collectivite_id=collectivite_id)
    try:
        with db.session.begin_nested():
            db.session.add(request)
    except IntegrityError:  # the partial unique index: a concurrent request got there first
        existing = pending_request(event, person)
        if existing is None:
            raise
        return existing
    queue_access_mail(request, "received")
    _notify_organisers(request)
    return request


def pending_request(event: Event, person: Person) -> AccessRequest | None:
    return db.session.scalar(sa.select(AccessRequest).where(
        AccessRequest.event_id == event.id, AccessRequest.person_id == person.id,
        AccessRequest.status == AccessRequestStatus.PENDING))


def pending_requests() -> list[AccessRequest]:
    return list(db.session.scalars(
        sa.select(AccessRequest).where(AccessRequest.status == AccessRequestStatus.PENDING)
        .options(sa.orm.joinedload(AccessRequest.person).joinedload(Person.collectivite),
                 sa.orm.joinedload(AccessRequest.collectivite),
                 sa.orm.joinedload(AccessRequest.event))
        .order_by(AccessRequest.created_at, AccessRequest.id)))


def recent_decisions(limit: int = 50) -> list[AccessRequest]:
    return list(db.session.scalars(
        sa.select(AccessRequest).where(AccessRequest.status != AccessRequestStatus.PENDING)
        .options(sa.orm.joinedload(AccessRequest.person), sa.orm.joinedload(AccessRequest.event))
        .order_by(AccessRequest.decided_at.desc(), AccessRequest.id.desc()).limit(limit)))


def grant(request: AccessRequest, user_id: int | None, *, actor: str | None = None) -> list[Registration]:
    """Register the person, confirmed (to the later chronicles too if asked); their confirmation mail follows.
    Audit line ``access_request.grant`` (``actor`` None: the logged-in staff member, else ``system``)."""
    _decide(request, AccessRequestStatus.GRANTED, user_id)
    events = [request.event] + (later_chronicles(request.event) if request.whole_series else [])
    details = operations.RegistrationDetails(language=request.language, consent_at=request.consent_at)
    made = register_to_events(events, request.person, details, RegistrationStatus.CONFIRMED)
    _audit_decision(request, "grant", actor)
    return made


def refuse(request: AccessRequest, user_id: int | None, *, actor: str | None = None) -> None:
    """Refuse, tell the requester; audit line ``access_request.refuse``."""
    _decide(request, AccessRequestStatus.REFUSED, user_id)
    queue_access_mail(request, "refused")
    _audit_decision(request, "refuse", actor)


def _audit_decision(request: AccessRequest, action: str, actor: str | None) -> None:
    record_audit(f"access_request.{action}", target=request, actor=actor,
                 details={"person_id": request.person_id, "whole_series": request.whole_series})


def _decide(request: AccessRequest, status: AccessRequestStatus, user_id: int | None) -> None:
    locked = db.session.scalar(sa.select(AccessRequest).where(AccessRequest.id == request.id).with_for_update())
    if locked is None or locked.status != AccessRequestStatus.PENDING:
        raise AccessError("this request has already been decided")
    request.status, request.decided_at, request.decided_by_id = status, utcnow(), user_id
    db.session.flush()


# --- mails -----------------------------------------------------------------------------------

def queue_access_mail(request: AccessRequest, kind: str) -> None:
    person = request.person
    if not person.email:
        return
    with force_locale(request.language):
        title = localized(request.event, "title", request.language)
        subject, lead = {
            "received": (_("Access request received: %(event)s", event=title),
                         _("Chronicles are open to the member collectivités of the network. We have received your "
                           "request to attend; the organisers will answer you by mail.")),
            "refused": (_("Access request not accepted: %(event)s", event=title),
                        _("We are sorry: the organisers could not accept your request to attend.")),
        }[kind]
        body = "\n".join([_("Hello %(name)s,", name=person.name), "", lead, "", title, when_line(request.event), "",
                          _("The organisers — Cités Unies France")]) + "\n"
    enqueue(person.email, subject, body, language=request.language, dedupe_key=f"access-request-{request.id}-{kind}")


def _notify_organisers(request: AccessRequest) -> None:
    address = current_app.config.get("ORGANISERS_EMAIL")
    if not address:
        return
    person = request.person
    claimed = request.collectivite or person.collectivite
    collectivite = claimed.display_name if claimed else "—"
    body = "\n".join([
        f"{person.name} <{person.email}> — {collectivite}", localized(request.event, "title", "fr"),
        *([request.message] if request.message else []), "",
        external_url("chroniques_admin.access_requests")]) + "\n"
    enqueue(address, f"Demande d'accès : {person.name}", body, language="fr",
            dedupe_key=f"access-request-{request.id}-organisers")


# --- what chroniques registers with registration (which never imports chroniques) ---------------

def _hold_claim(claim: PendingClaim, person_data: PersonData) -> AccessRequest | None:
    """A confirmed registration claim to a members-only chronicle: the collectivité typed goes on the request
    only; someone who may not register files an access request instead."""
    event = claim.event
    if not is_members_only(event):
        return None
    claimed, person_data.collectivite_id = person_data.collectivite_id, None
    if may_register(event, operations.person_by_email(claim.email)):
        return None
    person = operations.find_or_create_person(person_data)
    return request_access(event, person, whole_series=bool(claim.data.get("whole_series")), language=claim.language,
                          collectivite_id=claimed)


def _after_claim_registered(claim: PendingClaim, registration: Registration) -> None:
    """Asked for the whole series: registered to the series' later chronicles too."""
    if claim.data.get("whole_series") and is_members_only(claim.event):
        later = claims.claim_details(claim)
        later.manage_token = None
        register_to_events(later_chronicles(claim.event), registration.person, later)


def _held_request(claim: PendingClaim) -> AccessRequest | None:
    person = operations.person_by_email(claim.email)
    if person is None:
        return None
    return db.session.scalar(sa.select(AccessRequest).where(
        AccessRequest.event_id == claim.event_id, AccessRequest.person_id == person.id)
        .order_by(AccessRequest.id.desc()).limit(1))


def _person_requests(person: Person) -> list[AccessRequest]:
    return list(db.session.scalars(
        sa.select(AccessRequest).where(AccessRequest.person_id == person.id).order_by(AccessRequest.id)))


def _export_requests(person: Person) -> list[dict]:
    return [privacy.columns(request) | {"event": request.event.slug} for request in _person_requests(person)]


def _erase_requests(person: Person) -> None:
    for request in _person_requests(person):
        request.message = None


CLAIM_GATE = claims.RegistrationGate(hold=_hold_claim, after_registered=_after_claim_registered, held=_held_request)
PERSONAL_DATA = privacy.PersonalData(name="access_requests", export=_export_requests, erase=_erase_requests)


def register_hooks() -> None:
    """Called by the application factory: the members-only gate on registration claims, and access requests
    in a person's data export and erasure."""
    claims.register_gate(CLAIM_GATE)
    privacy.register_personal_data(PERSONAL_DATA)
