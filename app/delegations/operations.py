"""Delegations: a head of delegation registers, then adds, edits and cancels members through a private link.

The head is registered like anyone else (category ``delegation_member``: they travel with, and are
counted in, their delegation) and gets a second mail with the delegation's private link
``/delegations/<manage_token>``. Every member is a full registration made by
``operations.register`` (capacity, waiting list, their own confirmation mail and self-service link).

Member lists (CSV/XLSX) are read by ``app.core.tabular`` with the columns below, checked
line by line (``check_member_rows``, nothing written), then imported in one transaction.
The head's claim (the new-delegation form, confirmed from the mailbox) is made here: ``register_hooks``
gives ``app.registration.claims`` the confirm handlers of ``ClaimKind.DELEGATION`` and the head's links
in the "send me my link again" mail. Plain functions; they flush and let the caller commit.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from app.audit.operations import record_audit
from app.checkin.arrivals import event_check_ins
from app.core.db import utcnow
from app.core.extensions import db
from app.core.i18n import localized
from app.core.signed_import import SignedImport
from app.core.tabular import Table
from app.core.text import clean_text, has_control_characters
from app.events.models import Event
from app.mail.outbox import enqueue
from app.people.models import Collectivite
from app.people.operations import PersonData
from app.programme.import_rows import parse_country, parse_email
from app.programme.models import Session, SessionSpeaker
from app.registration import claims, mails, operations
from app.registration.admin_queries import registration_load_options
from app.registration.models import ClaimKind, Delegation, DelegationSide, PendingClaim, Registration, RegistrationCategory

MEMBER_COLUMNS = ("given_name", "family_name", "given_name_latin", "family_name_latin", "honorific", "function",
                  "email", "country", "language")
REQUIRED_MEMBER_COLUMNS = ("given_name", "family_name", "email", "country")
MEMBER_MAX_LENGTHS = {"given_name": 120, "family_name": 120, "given_name_latin": 120, "family_name_latin": 120,
                      "honorific": 40, "function": 300, "email": 254, "country": 2, "language": 8}
MAX_MEMBER_ROWS = 500
LANGUAGES = ("fr", "en")
MEMBER_IMPORT = SignedImport(salt="delegation-members-import", columns=MEMBER_COLUMNS,
                             required=REQUIRED_MEMBER_COLUMNS, max_rows=MAX_MEMBER_ROWS)


@dataclass
class DelegationData:
    name: str
    country: str
    side: DelegationSide | None = None
    collectivite_ids: Sequence[int] = ()


@dataclass
class MemberRow:
    line: int
    person: PersonData
    language: str


@dataclass
class MemberPlan:
    members: list[MemberRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.members)


# --- reading -----------------------------------------------------------------

def find_by_manage_token(token: str) -> Delegation | None:
    if len(token) > 64:
        return None
    return db.session.scalar(sa.select(Delegation).where(Delegation.manage_token == token))


def members(delegation: Delegation) -> list[Registration]:
    """The delegation's registrations (cancelled ones too), in the order they were made, with their
    people and workshop choices: three queries however large the delegation."""
    return list(db.session.scalars(
        sa.select(Registration).where(Registration.delegation_id == delegation.id)
        .options(*registration_load_options())
        .order_by(Registration.created_at, Registration.id)))


def member(delegation: Delegation, registration_id: int) -> Registration | None:
    registration = db.session.get(Registration, registration_id)
    return registration if registration is not None and registration.delegation_id == delegation.id else None


def delegation_url(delegation: Delegation, language: str) -> str:
    return mails.external_url("delegations.delegation", token=delegation.manage_token, lang=language)


# --- creating and managing ---------------------------------------------------

def create_delegation(event: Event, head: PersonData, details: operations.RegistrationDetails,
                      data: DelegationData) -> Delegation:
    """Register the head (AlreadyRegistered if they are), create the delegation and mail its private link."""
    details.category = RegistrationCategory.DELEGATION_MEMBER
    registration = operations.register(event, head, [], details)
    return lead_delegation(registration, data)


def lead_delegation(registration: Registration, data: DelegationData) -> Delegation:
    """Create a delegation headed by this (already registered) person, and mail them its private link."""
    event = registration.event
    delegation = Delegation(event=event, name=data.name, country=data.country, head=registration.person,
                            side=data.side if event.profile.has_two_sides else None)
    delegation.collectivites = _collectivites(data.collectivite_ids)
    db.session.add(delegation)
    db.session.flush()
    registration.delegation = delegation
    db.session.flush()
    queue_delegation_link(delegation, registration.person.email or "", registration.language)
    return delegation


def _collectivites(ids: Sequence[int]) -> list[Collectivite]:
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Collectivite).where(Collectivite.id.in_(list(ids)))))


def queue_delegation_link(delegation: Delegation, email: str, language: str, key_suffix: str = "") -> None:
    """The head's mail with the private link to manage the delegation (once per delegation and ``key_suffix``)."""
    with force_locale(language):
        title = localized(delegation.event, "title", language)
        subject = _("Your delegation: %(event)s", event=title)
        body = "\n".join([
            _("Hello,"), "", _("Your delegation “%(name)s” is registered for %(event)s.", name=delegation.name,
                              event=title), "",
            _("Add, edit or cancel its members at this private address (keep it to yourself):"),
            delegation_url(delegation, language), "", _("The organisers — Cités Unies France")]) + "\n"
    enqueue(email, subject, body, language=language,
            dedupe_key=f"delegation-{delegation.id}-link" + (f"-{key_suffix}" if key_suffix else ""))


def add_member(delegation: Delegation, person: PersonData, sessions: Sequence[Session],
               language: str, *, actor: str = "delegate") -> Registration | None:
    """A full registration in the delegation (InvalidChoices as for anyone), with the audit line
    ``delegation.add_member``; see ``_add_member``."""
    registration = _add_member(delegation, person, sessions, language)
    record_audit("delegation.add_member", target=delegation, actor=actor)
    return registration


def _add_member(delegation: Delegation, person: PersonData, sessions: Sequence[Session],
                language: str) -> Registration | None:
    """A full registration in the delegation (InvalidChoices as for anyone).

    What the head types about someone the app already knows is not written on that person. An
    address already registered for the event is neither joined to the delegation nor revealed:
    its owner is mailed their own private link (at most once an hour), and None is returned.
    """
    details = operations.RegistrationDetails(language=language, category=RegistrationCategory.DELEGATION_MEMBER,
                                             fill_person=False)
    try:
        with db.session.begin_nested():
            registration = operations.register(delegation.event, person, sessions, details)
    except operations.AlreadyRegistered as error:
        mails.queue_mail(error.existing, "link", key_suffix=utcnow().strftime("%Y%m%d%H"))
        return None
    registration.delegation = delegation
    db.session.flush()
    return registration


def member_details_editable(registration: Registration) -> bool:
    """A head may edit a member's identity only if this registration created the person's record and
    is all the person has here: no other registration (at any event) and no speaking role — else they
    would rewrite someone else's record (a speaker, an official, a directory contact) that their
    delegation merely added by email."""
    if not registration.created_person:
        return False
    person_id = registration.person_id
    other_registrations = sa.select(Registration.id).where(Registration.person_id == person_id,
                                                           Registration.id != registration.id)
    speaking = sa.select(SessionSpeaker.id).where(SessionSpeaker.person_id == person_id)
    return db.session.scalar(sa.select(sa.or_(sa.exists(other_registrations), sa.exists(speaking)))) is False


MEMBER_EDITABLE_FIELDS = ("given_name", "family_name", "given_name_latin", "family_name_latin", "honorific", "function")


def update_member(registration: Registration, person: PersonData, language: str, *,
                  actor: str = "delegate") -> Registration:
    """Change a member's names, honorific, function and mail language (never their email), with the
    audit line ``registration.edit``.

    Raises operations.NotAllowed when the person's record is shared (see member_details_editable);
    the mail language, which belongs to this registration, can always change (no audit line then).
    """
    _update_member(registration, person, language)
    record_audit("registration.edit", target=registration, actor=actor)
    return registration


def _update_member(registration: Registration, person: PersonData, language: str) -> Registration:
    registration.language = language
    target = registration.person
    wanted = {name: getattr(person, name) or None for name in MEMBER_EDITABLE_FIELDS}
    if all((getattr(target, name) or None) == value for name, value in wanted.items()):
        db.session.flush()  # only the mail language may have changed: allowed even for a shared record
        return registration
    if not member_details_editable(registration):
        db.session.flush()
        raise operations.NotAllowed("this person's details are also used elsewhere")
    for name, value in wanted.items():
        setattr(target, name, value)
    db.session.flush()
    return registration


def cancel_member(registration: Registration) -> Registration:
    """Cancel like the member would: seats freed, waiting people promoted, the member told by mail; the
    audit line keeps the workshops, for an organiser's restore."""
    from app.registration.admin_operations import cancel_registration

    return cancel_registration(registration, actor="delegate")


# --- member lists ------------------------------------------------------------

def check_member_rows(event: Event, table: Table) -> MemberPlan:
    """Every row checked (lengths, control characters, email, country, language, duplicates); nothing written."""
    plan = MemberPlan(errors=list(table.errors))
    seen: dict[str, int] = {}
    for line, row in table.rows:
        member_row, problems = parse_member_row(line, row)
        email = member_row.person.email if member_row else None
        if email and email in seen:  # whether an address is registered is never told (see add_member)
            problems.append(_("The email %(email)s is already on line %(line)s.", email=email, line=seen[email]))
        if email:
            seen.setdefault(email, line)
        plan.errors += [(line, problem) for problem in problems]
        if member_row and not problems:
            plan.members.append(member_row)
    plan.errors.sort(key=lambda error: error[0])
    return plan


def parse_member_row(line: int, raw: dict[str, str]) -> tuple[MemberRow | None, list[str]]:
    row, problems = clean_member_row(raw)
    for column in REQUIRED_MEMBER_COLUMNS:
        if not row.get(column):
            problems.append(_("Column %(column)s is empty.", column=column))
    email = parse_email(row.get("email", ""), problems)
    country = parse_country(row.get("country", ""), "country", problems, required=False)
    language = (row.get("language") or "fr").lower()
    if language not in LANGUAGES:
        problems.append(_("Unknown language “%(value)s” (fr or en).", value=row.get("language")))
    if problems:
        return None, problems
    person = PersonData(
        given_name=row["given_name"], family_name=row["family_name"], country=country, email=email,
        given_name_latin=row.get("given_name_latin") or None, family_name_latin=row.get("family_name_latin") or None,
        honorific=row.get("honorific") or None, function=row.get("function") or None, preferred_language=language)
    return MemberRow(line=line, person=person, language=language), []


def clean_member_row(raw: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    cleaned, problems = {}, []
    for column, value in raw.items():
        if has_control_characters(value):
            problems.append(_("Control characters in column %(column)s.", column=column))
        cleaned[column] = clean_text(value)
        if len(cleaned[column]) > MEMBER_MAX_LENGTHS[column]:
            problems.append(_("Column %(column)s is longer than %(max)s characters.", column=column,
                              max=MEMBER_MAX_LENGTHS[column]))
    return cleaned, problems


def import_members(delegation: Delegation, plan: MemberPlan, *, actor: str = "delegate") -> list[Registration]:
    """Register every member of a valid plan (the caller commits, or rolls back on any error); addresses
    already registered are mailed their own link instead (see add_member). One audit line
    ``delegation.import``."""
    made = [_add_member(delegation, row.person, [], row.language) for row in plan.members]
    record_audit("delegation.import", target=delegation, actor=actor, details={"rows": len(plan.members)})
    return [registration for registration in made if registration is not None]


def arrival_days(delegation: Delegation) -> dict[int, list[date]]:
    """Registration id → the days its member was checked in at the reception desk (one query)."""
    days: dict[int, list] = {}
    for registration_id, day in sorted(event_check_ins(delegation.event, delegation)):
        days.setdefault(registration_id, []).append(day)
    return days


# --- the head's claim (app.registration.claims) ---------------------------------------------------

def _claim_delegation(claim: PendingClaim) -> DelegationData:
    raw = claim.data.get("delegation", {})
    return DelegationData(
        name=raw.get("name", ""), country=raw.get("country", ""),
        side=DelegationSide(raw["side"]) if raw.get("side") else None,
        collectivite_ids=[int(item) for item in raw.get("collectivite_ids") or []])


def _confirm_claim(claim: PendingClaim, result: claims.Confirmation) -> None:
    """The head is registered (the claim's token becomes their private link) and the delegation created."""
    result.delegation = create_delegation(claim.event, claims.claim_person(claim), claims.claim_details(claim),
                                          _claim_delegation(claim))
    result.registration = db.session.scalar(sa.select(Registration).where(Registration.manage_token == claim.token))


def _confirm_claim_registered(claim: PendingClaim, existing: Registration, result: claims.Confirmation) -> None:
    """A registrant (outside any delegation) who confirms a new delegation heads it."""
    if existing.delegation_id is None:
        result.delegation = lead_delegation(existing, _claim_delegation(claim))


def _mail_head_links(event: Event, registration: Registration, key_suffix: str) -> None:
    """Lost link: a head also gets their delegations' private links."""
    for delegation in db.session.scalars(sa.select(Delegation).where(
            Delegation.event_id == event.id, Delegation.head_person_id == registration.person_id)):
        queue_delegation_link(delegation, registration.person.email or "", registration.language,
                              key_suffix=key_suffix)


CLAIM_HANDLER = claims.KindHandler(confirm=_confirm_claim, confirm_registered=_confirm_claim_registered)


def register_hooks() -> None:
    """Called by the application factory."""
    claims.register_kind(ClaimKind.DELEGATION, CLAIM_HANDLER)
    claims.register_lost_link(_mail_head_links)
