"""Mailbox proof: what an anonymous public form claims waits until the address's owner confirms it.

For an anonymous visitor the only proof of who they are is access to a mailbox. So the public forms
(registration, new delegation) never register, reveal or change anything themselves:

1. ``submit`` stores what was typed as a :class:`PendingClaim` (replacing an earlier claim for the
   same address and event: neither is shown to the other), and mails the address a private link
   ``/registration/<token>``. If the address already has an active registration for the event, the
   registration form's claim is not stored: the address is mailed that registration's own link
   instead (at most once an hour). The visitor's browser sees the same "check your mail" page in
   every case.
2. ``confirm`` runs when the owner, having opened that link, presses "Confirm" (a POST: a mail scanner
   that follows links confirms nothing): only then is the person found or created (a
   known person's empty fields filled, nothing organisers set overwritten), the registration made
   (seats and waiting-list places are allocated now, in confirmation order: a claim holds no seat
   and blocks nobody) or the delegation created, or, for a members-only chronicle and someone whose
   membership the organisers have not recorded, an access request filed with the claimed
   collectivité on the request only. The claim's token becomes the registration's private link.
   A registrant (outside any delegation) who confirms a new delegation heads it with their
   existing registration.

What a claim makes is registered by the capabilities above registration (registration never imports
them): ``register_kind`` gives a claim kind its confirm handlers (``app.delegations`` for a new
delegation), ``register_gate`` lets a capability hold a registration claim back
(``app.chroniques.access``: members-only chronicles file an access request), and ``register_lost_link``
adds links to the "send me my link again" mail (``app.delegations``: the head's delegation links).

A claim not confirmed within ``CLAIM_LIFETIME`` expires (and is deleted by the next submission).
Plain functions; they flush and let the caller commit.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.audit.operations import record_audit
from app.core.db import affected_rows, utcnow
from app.core.extensions import db
from app.core.i18n import localized
from app.core.text import normalise_email
from app.events.models import Event
from app.mail.outbox import enqueue
from app.people.models import CollectiviteType
from app.people.operations import DuplicateCollectiviteError, PersonData, save_collectivite
from app.registration import invitations, mails, operations
from app.registration.models import ClaimKind, Delegation, PendingClaim, Registration, new_token

CLAIM_LIFETIME = timedelta(days=3)


@dataclass
class Confirmation:
    event: Event
    registration: Registration | None = None
    delegation: Delegation | None = None
    access_request: Any = None  # an app.chroniques AccessRequest filed instead of a registration (see RegistrationGate)
    closed: bool = False  # registration closed since the form was sent: nothing made


# --- what the capabilities above registration register -----------------------------------------

@dataclass(frozen=True)
class KindHandler:
    """What confirming a claim of one kind makes. ``confirm`` runs for an address with no active registration
    for the event; ``confirm_registered``, if any, for an address already registered (after its mailbox is proved)."""
    confirm: Callable[[PendingClaim, Confirmation], None]
    confirm_registered: Callable[[PendingClaim, Registration, Confirmation], None] | None = None


@dataclass(frozen=True)
class RegistrationGate:
    """A capability that may hold a registration claim back. ``hold`` runs before registering (it may change
    the person data) and returns what it filed instead (None: register); ``after_registered`` runs once the
    registration is made; ``held`` finds, when a confirmed link is opened again, what ``hold`` filed."""
    hold: Callable[[PendingClaim, PersonData], Any]
    after_registered: Callable[[PendingClaim, Registration], None]
    held: Callable[[PendingClaim], Any]


_kinds: dict[ClaimKind, KindHandler] = {}
_gates: list[RegistrationGate] = []
_lost_link: list[Callable[[Event, Registration, str], None]] = []


def register_kind(kind: ClaimKind, handler: KindHandler) -> None:
    _kinds[kind] = handler


def register_gate(gate: RegistrationGate) -> None:
    if gate not in _gates:
        _gates.append(gate)


def register_lost_link(hook: Callable[[Event, Registration, str], None]) -> None:
    """``hook(event, registration, key_suffix)`` mails further links with the registration's own, once an hour."""
    if hook not in _lost_link:
        _lost_link.append(hook)


# --- submitting -------------------------------------------------------------------------------

def submit(event: Event, kind: ClaimKind, email: str, language: str, data: dict[str, Any]) -> None:
    """Record the claim and mail its link, or mail the existing registration's link; never says which."""
    email = normalise_email(email)
    existing = operations.active_registration(event, email)
    if existing is not None and kind == ClaimKind.REGISTRATION:
        mails.queue_mail(existing, "link", key_suffix=utcnow().strftime("%Y%m%d%H"))
        return
    purge_expired()
    claim = _save(event, kind, email, language, data)
    queue_confirmation_mail(claim)


def _save(event: Event, kind: ClaimKind, email: str, language: str, data: dict[str, Any]) -> PendingClaim:
    """A new claim, or the address's earlier one replaced (new token: the earlier mail's link stops working)."""
    for _attempt in range(2):
        claim = _find(event, kind, email)
        if claim is None:
            claim = PendingClaim(event=event, kind=kind.value, email=email)
            try:
                with db.session.begin_nested():
                    _fill(claim, language, data)
                    db.session.add(claim)
            except IntegrityError:  # a concurrent submission for the same address got there first
                continue
            return claim
        _fill(claim, language, data)
        claim.created_at, claim.confirmed_at = utcnow(), None
        db.session.flush()
        return claim
    raise RuntimeError("could not record the claim")


def _fill(claim: PendingClaim, language: str, data: dict[str, Any]) -> None:
    claim.token, claim.language, claim.data = new_token(), language, data


def _find(event: Event, kind: ClaimKind, email: str) -> PendingClaim | None:
    return db.session.scalar(sa.select(PendingClaim).where(
        PendingClaim.event_id == event.id, PendingClaim.kind == kind.value, PendingClaim.email == email))


def purge_expired(now: datetime | None = None) -> int:
    """Delete the claims older than their lifetime (confirmed or not); returns how many."""
    result = db.session.execute(sa.delete(PendingClaim).where(
        PendingClaim.created_at < (now or utcnow()) - CLAIM_LIFETIME))
    return affected_rows(result) or 0


def claim_url(claim: PendingClaim) -> str:
    return mails.external_url("registration.manage", token=claim.token, lang=claim.language)


def describe(claim: PendingClaim) -> str:
    """What the claim asks, in the current language: shown in its mail and on the page that confirms it, so
    that an owner who did not ask sees it and does nothing."""
    person = claim.data.get("person", {})
    name = " ".join(part for part in (person.get("given_name"), person.get("family_name")) if part)
    title = localized(claim.event, "title")
    if claim.kind == ClaimKind.DELEGATION:
        return _("Someone (you, we hope) asked to create the delegation “%(delegation)s” for %(event)s, "
                 "headed by %(name)s with this address.", delegation=claim.data.get("delegation", {}).get("name", ""),
                 event=title, name=name)
    return _("Someone (you, we hope) asked to register %(name)s with this address for %(event)s.",
             name=name, event=title)


def queue_confirmation_mail(claim: PendingClaim) -> None:
    """The link that proves the address: it shows what was typed, so an owner who did not ask can ignore it."""
    with force_locale(claim.language):
        title = localized(claim.event, "title", claim.language)
        if claim.kind == ClaimKind.DELEGATION:
            subject = _("Confirm your delegation: %(event)s", event=title)
        else:
            subject = _("Confirm your registration: %(event)s", event=title)
        body = "\n".join([
            _("Hello,"), "", describe(claim), "",
            _("To confirm, open this private link (keep it to yourself: it also lets you see, change or cancel "
              "the registration):"), claim_url(claim), "",
            _("Nothing is registered until the link is opened; it expires in %(days)s days. If you did not ask, "
              "ignore this mail.", days=CLAIM_LIFETIME.days), "",
            _("The organisers — Cités Unies France")]) + "\n"
    enqueue(claim.email, subject, body, language=claim.language, dedupe_key=f"claim-{claim.token}")


def send_link_again(event: Event, email: str) -> None:
    """Lost link: mail the active registration's private link (and a head's delegation link) to the
    address on record, at most once an hour; nothing for an address the event does not know."""
    registration = operations.active_registration(event, normalise_email(email))
    if registration is None:
        return
    hour = utcnow().strftime("%Y%m%d%H")
    mails.queue_mail(registration, "link", key_suffix=hour)
    for hook in _lost_link:
        hook(event, registration, hour)


# --- confirming ---------------------------------------------------------------------------------

def find_claim(token: str) -> PendingClaim | None:
    """The claim of this link, unless it expired (a confirmed one is kept, to answer a second opening)."""
    if len(token) > 64:
        return None
    claim = db.session.scalar(sa.select(PendingClaim).where(PendingClaim.token == token))
    if claim is None or utcnow() > claim.created_at + CLAIM_LIFETIME:
        return None
    return claim


def confirm(claim: PendingClaim, *, actor: str = "delegate") -> Confirmation:
    """The address's owner opened the link: make what was asked (see the module docstring). The first
    opening that makes something writes the audit line ``registration.address_confirmed``."""
    kind, first_opening = claim.kind, claim.confirmed_at is None
    result = _confirm(claim)
    made = result.delegation or result.registration or result.access_request
    if made is not None and first_opening:
        record_audit("registration.address_confirmed", target=made, actor=actor, details={"form": kind})
    return result


def _confirm(claim: PendingClaim) -> Confirmation:
    event = claim.event
    result = Confirmation(event=event)
    if claim.confirmed_at is not None:  # opened again: an access request is all it made
        result.access_request = next((held for gate in _gates if (held := gate.held(claim)) is not None), None)
        return result
    if not event.registration_is_open:
        result.closed = True
        return result
    handler = _kinds[ClaimKind(claim.kind)]
    existing = operations.active_registration(event, claim.email)
    if existing is not None:  # registered meanwhile (by an organiser, a head, a granted request)
        prove_mailbox(existing)
        if handler.confirm_registered is not None:  # e.g. a registrant creates a delegation: they head it
            handler.confirm_registered(claim, existing, result)
        db.session.delete(claim)
        db.session.flush()
        result.registration = existing
        return result
    handler.confirm(claim, result)
    if result.access_request is not None:
        claim.confirmed_at = utcnow()
    else:
        db.session.delete(claim)
    db.session.flush()
    return result


def prove_mailbox(registration: Registration) -> None:
    """Record the first time the registrant opened a link mailed to them."""
    if registration.email_confirmed_at is None:
        registration.email_confirmed_at = utcnow()
        db.session.flush()


def _confirm_registration(claim: PendingClaim, result: Confirmation) -> None:
    event, data = claim.event, claim.data
    person_data = claim_person(claim)
    details = claim_details(claim)
    for gate in _gates:
        held = gate.hold(claim, person_data)
        if held is not None:
            result.access_request = held
            return
    wanted = set(data.get("sessions") or [])  # those still open (a workshop may have closed since)
    chosen = [session for session in operations.choosable_sessions(event) if session.id in wanted]
    try:
        with db.session.begin_nested():
            registration = operations.register(event, person_data, chosen, details)
    except operations.InvalidChoices:  # a workshop was moved since: register without the choices
        registration = operations.register(event, person_data, [], details)
    except operations.AlreadyRegistered as error:
        result.registration = error.existing
        return
    result.registration = registration
    for gate in _gates:
        gate.after_registered(claim, registration)
    invitations.after_registration(registration, data.get("invite"))


register_kind(ClaimKind.REGISTRATION, KindHandler(confirm=_confirm_registration))


def claim_person(claim: PendingClaim) -> PersonData:
    typed = dict(claim.data.get("person", {}))
    collectivite_id = _collectivite_id(claim.data)
    return PersonData(
        given_name=typed.get("given_name", ""), family_name=typed.get("family_name", ""),
        country=typed.get("country", ""), given_name_latin=typed.get("given_name_latin"),
        family_name_latin=typed.get("family_name_latin"), honorific=typed.get("honorific"),
        function=typed.get("function"), email=claim.email, collectivite_id=collectivite_id,
        phone=typed.get("phone"), preferred_language=typed.get("preferred_language") or claim.language,
        collectivite_claimed=collectivite_id is not None)


def claim_details(claim: PendingClaim) -> operations.RegistrationDetails:
    typed = claim.data.get("details", {})
    consent = typed.get("consent_at")
    return operations.RegistrationDetails(
        language=typed.get("language") or claim.language, interpretation_needs=typed.get("interpretation_needs"),
        dietary_needs=typed.get("dietary_needs"), accessibility_needs=typed.get("accessibility_needs"),
        consent_at=datetime.fromisoformat(consent) if consent else utcnow(), manage_token=claim.token,
        email_confirmed_at=utcnow())


def _collectivite_id(data: dict[str, Any]) -> int | None:
    """The chosen collectivité, or the one proposed (created now, as a non-member, or found if it exists)."""
    proposed = data.get("new_collectivite")
    if not proposed:
        return data.get("collectivite_id") or None
    try:
        with db.session.begin_nested():
            return save_collectivite(proposed["name"], CollectiviteType(proposed["type"]), proposed["country"],
                                     cuf_member=False).id
    except DuplicateCollectiviteError as error:
        return error.existing.id
