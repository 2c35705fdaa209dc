"""The network's directory: importing contacts from CSV/XLSX, and a contact's history.

An import reads the columns ``CONTACT_COLUMNS`` (French or English header names: ``ALIASES``), one contact
per normalised address (``app.core.text.normalise_email``): a new address creates a contact, a known one
updates the fields the file fills (an empty cell keeps what is there), a line repeating an address of an
earlier line, or whose address cannot receive mail, is skipped. Links are only ever added: a contact
without a person is linked to the person with the same address, a contact without a collectivité to the
collectivité with the same name (accents and case ignored); the people and collectivités themselves are
never changed (organisers curate them). Plain functions: ``plan_import`` decides, ``apply_import`` writes
(flushes, writes the audit line; the caller commits). The web page signs the preview's rows
(``CONTACT_IMPORT``); ``flask --app wsgi contacts import FILE [--dry-run]`` prints the same plan.

Organisers edit a contact (``edit_contact``: the address stays unique, lower case) and delete it
(``delete_contact``: set aside with ``deleted_at``, restorable by ``restore_contact``). A deleted contact is out
of the list, the audiences and the campaigns' recipients; its invitations stay in the campaigns' history.
An import never brings a deleted contact back: a line with its address is skipped, saying so (the organiser
deleted it on purpose, perhaps at the person's request; restoring it is a choice made on its page).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit.operations import record_audit
from app.communications.models import Campaign, Contact, Invitation
from app.core.countries import country_names, is_country_code
from app.core.db import utcnow
from app.core.extensions import db
from app.core.signed_import import SignedImport
from app.core.tabular import Table
from app.core.text import clean_text, normalise_email, search_key, single_line
from app.events.models import Event
from app.mail.outbox import OutboxError, normalise_address
from app.people.models import Collectivite, Person
from app.registration.models import Registration, RegistrationStatus

CONTACT_COLUMNS = ("email", "given_name", "family_name", "honorific", "function", "collectivite", "country",
                   "language", "member")
MAX_CONTACT_ROWS = 10_000
ALIASES: dict[str, tuple[str, ...]] = {
    "email": ("e-mail", "e mail", "mail", "courriel", "adresse e-mail", "adresse email", "adresse electronique",
              "adresse mail", "email address", "e-mail address"),
    "given_name": ("prenom", "given name", "first name", "firstname", "forename"),
    "family_name": ("nom", "nom de famille", "family name", "last name", "lastname", "surname"),
    "honorific": ("civilite", "titre", "title", "honorific", "salutation"),
    "function": ("fonction", "poste", "function", "position", "job title", "role"),
    "collectivite": ("collectivite", "collectivité", "organisation", "organization", "organisme",
                     "local authority", "authority", "institution"),
    "country": ("pays", "country", "country code", "code pays"),
    "language": ("langue", "language", "langue preferee", "preferred language"),
    "member": ("membre", "adherent", "member", "is member", "cuf member", "membre cuf"),
}
CONTACT_IMPORT = SignedImport(
    salt="contacts-import", columns=CONTACT_COLUMNS, required=("email",), max_rows=MAX_CONTACT_ROWS,
    aliases=tuple((search_key(alias), column) for column, names in ALIASES.items() for alias in names))
# The directory is not an event's: its signed previews are scoped to this number.
DIRECTORY_SCOPE = 0

YES = {"yes", "y", "oui", "o", "true", "vrai", "1", "x", "member", "membre"}
NO = {"no", "n", "non", "false", "faux", "0", ""}
LANGUAGES = {"fr": "fr", "francais": "fr", "french": "fr", "en": "en", "anglais": "en", "english": "en"}
FIELDS = ("given_name", "family_name", "honorific", "function", "country", "language", "is_member",
          "collectivite_name")


@dataclass
class ContactRow:
    """One line of the file, checked: ``None`` for a cell left empty (it changes nothing)."""
    line: int
    email: str
    values: dict[str, Any]


@dataclass
class ImportPlan:
    create: list[ContactRow] = field(default_factory=list)
    update: list[tuple[ContactRow, dict[str, Any]]] = field(default_factory=list)  # (row, {field: new value})
    unchanged: list[ContactRow] = field(default_factory=list)
    skip: list[tuple[int, str]] = field(default_factory=list)  # (line, why)

    @property
    def counts(self) -> dict[str, int]:
        return {"created": len(self.create), "updated": len(self.update), "unchanged": len(self.unchanged),
                "skipped": len(self.skip)}


def _country(value: str) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    if is_country_code(text.upper()):
        return text.upper()
    key = search_key(text)
    for language in ("fr", "en"):
        for code, name in country_names(language).items():
            if search_key(name) == key:
                return code
    raise ValueError(_("Unknown country “%(value)s”: give its name or its two-letter code.", value=text[:60]))


def _language(value: str) -> str | None:
    key = search_key(value)
    if not key:
        return None
    if key in LANGUAGES:
        return LANGUAGES[key]
    raise ValueError(_("Unknown language “%(value)s”: fr or en.", value=value[:30]))


def _member(value: str) -> bool | None:
    key = search_key(value)
    if not key:
        return None
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(_("Member: yes or no, not “%(value)s”.", value=value[:30]))


def check_row(line: int, row: dict[str, str]) -> ContactRow:
    """A line as a contact's values; ValueError with a message for the organiser."""
    raw_email = clean_text(row.get("email"))
    if not raw_email:
        raise ValueError(_("No email address."))
    try:
        email = normalise_email(normalise_address(raw_email))
    except OutboxError as error:
        raise ValueError(_("“%(value)s” is not an email address that can receive mail.", value=raw_email[:80])) \
            from error
    limits = {"given_name": 120, "family_name": 120, "honorific": 40, "function": 300, "collectivite": 200}
    values: dict[str, Any] = {}
    for name, limit in limits.items():
        text = single_line(row.get(name))
        if len(text) > limit:
            raise ValueError(_("%(column)s is longer than %(count)s characters.", column=name, count=limit))
        values["collectivite_name" if name == "collectivite" else name] = text or None
    values["country"] = _country(row.get("country", ""))
    values["language"] = _language(row.get("language", ""))
    values["is_member"] = _member(row.get("member", ""))
    return ContactRow(line=line, email=email, values=values)


def plan_import(table: Table) -> ImportPlan:
    """What importing these rows would do, against the directory as it is now (reads only)."""
    plan = ImportPlan(skip=[(line, message) for line, message in table.errors])
    rows: dict[str, ContactRow] = {}
    for line, row in table.rows:
        try:
            checked = check_row(line, row)
        except ValueError as error:
            plan.skip.append((line, str(error)))
            continue
        if checked.email in rows:
            plan.skip.append((line, _("Same address as line %(line)s.", line=rows[checked.email].line)))
            continue
        rows[checked.email] = checked
    existing = _contacts_by_email(list(rows))
    for email, checked in rows.items():
        contact = existing.get(email)
        if contact is None:
            plan.create.append(checked)
            continue
        if contact.deleted_at is not None:
            plan.skip.append((checked.line, _("This address is a deleted contact's: restore the contact to "
                                              "import it again.")))
            continue
        changes = {name: value for name, value in checked.values.items()
                   if value is not None and getattr(contact, name) != value}
        (plan.update.append((checked, changes)) if changes else plan.unchanged.append(checked))
    plan.skip.sort()
    return plan


def _contacts_by_email(emails: list[str]) -> dict[str, Contact]:
    found: dict[str, Contact] = {}
    for start in range(0, len(emails), 500):
        chunk = emails[start:start + 500]
        found.update((contact.email, contact) for contact in
                     db.session.scalars(sa.select(Contact).where(Contact.email.in_(chunk))))
    return found


def apply_import(plan: ImportPlan, *, actor: str | None = None) -> dict[str, int]:
    """Create and update the planned contacts, then add the missing links to people and collectivités."""
    existing = _contacts_by_email([row.email for row, _changes in plan.update])
    for row in plan.create:
        values = {name: value for name, value in row.values.items() if value is not None}
        values.setdefault("language", "fr")
        values.setdefault("is_member", False)
        db.session.add(Contact(email=row.email, given_name=values.pop("given_name", "") or "",
                               family_name=values.pop("family_name", "") or "", **values))
    for row, changes in plan.update:
        contact = existing[row.email]
        for name, value in changes.items():
            setattr(contact, name, value)
    db.session.flush()
    linked = link_contacts([row.email for row in plan.create] + [row.email for row, _changes in plan.update]
                           + [row.email for row in plan.unchanged])
    counts = {**plan.counts, **linked}
    record_audit("contacts.imported", target_type="contact", actor=actor, details=counts)
    return counts


def link_contacts(emails: list[str]) -> dict[str, int]:
    """Fill the empty person and collectivité links of these contacts (never replace one)."""
    contacts = list(_contacts_by_email(emails).values())
    people_linked = collectivites_linked = 0
    unlinked = [contact for contact in contacts if contact.person_id is None]
    people: dict[str, int] = {}
    for start in range(0, len(unlinked), 500):
        chunk = [contact.email for contact in unlinked[start:start + 500]]
        people.update({email: person_id for email, person_id in db.session.execute(
            sa.select(Person.email, Person.id).where(Person.email.in_(chunk))) if email})
    for contact in unlinked:
        if contact.email in people:
            contact.person_id = people[contact.email]
            people_linked += 1
    by_name: dict[str, int | None] = {}
    for collectivite_id, name, latin in db.session.execute(
            sa.select(Collectivite.id, Collectivite.name, Collectivite.name_latin)):
        for key in {search_key(name), search_key(latin)} - {""}:
            by_name[key] = None if key in by_name and by_name[key] != collectivite_id else collectivite_id
    for contact in contacts:
        if contact.collectivite_id is None and contact.collectivite_name:
            match = by_name.get(search_key(contact.collectivite_name))
            if match is not None:
                contact.collectivite_id = match
                collectivites_linked += 1
    db.session.flush()
    return {"linked_people": people_linked, "linked_collectivites": collectivites_linked}


# --- a contact's history --------------------------------------------------------------------------

@dataclass
class HistoryLine:
    event: Event
    invitations: list[Invitation]
    registration: Registration | None


def contact_history(contact: Contact) -> list[HistoryLine]:
    """Per event, newest first: the invitations the contact received, their registration and attendance
    (the registration of their person, or of a person with their address)."""
    invitations = db.session.scalars(
        sa.select(Invitation).join(Campaign).where(Invitation.contact_id == contact.id)
        .order_by(Invitation.sent_at)).all()
    people = sa.select(Person.id).where(Person.email == contact.email)
    if contact.person_id is not None:
        people = sa.select(Person.id).where(sa.or_(Person.email == contact.email, Person.id == contact.person_id))
    registrations = db.session.scalars(
        sa.select(Registration).where(Registration.person_id.in_(people))
        .order_by(Registration.created_at)).all()
    lines: dict[int, HistoryLine] = {}
    for invitation in invitations:
        event = invitation.campaign.event
        lines.setdefault(event.id, HistoryLine(event, [], None)).invitations.append(invitation)
    for registration in registrations:
        line = lines.setdefault(registration.event_id, HistoryLine(registration.event, [], None))
        if line.registration is None or registration.status != RegistrationStatus.CANCELLED:
            line.registration = registration
    return sorted(lines.values(), key=lambda line: line.event.starts_at, reverse=True)


def contacts_page(query: str = "", page: int = 1, per_page: int = 100, *,
                  deleted: bool = False) -> tuple[list[Contact], int]:
    """Contacts matching a search (name, address, collectivité), alphabetical, and how many match: the
    directory's, or (``deleted``) the deleted ones."""
    statement = sa.select(Contact).where(Contact.deleted_at.is_not(None) if deleted else Contact.deleted_at.is_(None))
    key = search_key(query)
    if key:
        pattern = f"%{key.replace('%', '').replace('_', '')}%"
        statement = statement.where(sa.or_(
            sa.func.lower(Contact.email).like(pattern), sa.func.lower(Contact.family_name).like(pattern),
            sa.func.lower(Contact.given_name).like(pattern), sa.func.lower(Contact.collectivite_name).like(pattern)))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(statement.subquery())) or 0
    found = db.session.scalars(statement.order_by(Contact.family_name, Contact.given_name, Contact.id)
                               .limit(per_page).offset((max(page, 1) - 1) * per_page)).all()
    return list(found), total


def deleted_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Contact)
                             .where(Contact.deleted_at.is_not(None))) or 0


# --- editing, deleting, restoring ------------------------------------------------------------------

class ContactError(ValueError):
    """A change refused; ``field`` names the form field it concerns, the message is for the organiser."""

    def __init__(self, message: str, field: str = "email") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ContactValues:
    """What an organiser sees and edits of a contact. ``collectivite``: the name shown (the linked
    collectivité's, or the name as imported)."""
    email: str
    given_name: str
    family_name: str
    honorific: str | None
    function: str | None
    collectivite: str | None
    country: str | None
    language: str
    is_member: bool

    @classmethod
    def of(cls, contact: Contact) -> ContactValues:
        return cls(contact.email, contact.given_name, contact.family_name, contact.honorific, contact.function,
                   contact.collectivite_label or None, contact.country, contact.language, contact.is_member)


def edit_contact(contact: Contact, values: ContactValues, *, actor: str | None = None) -> dict[str, Any]:
    """Change what differs from the contact as shown (ContactError, nothing changed, for an address that is not
    one or is another contact's); the changes, also written in the audit line (none: no line)."""
    if contact.deleted_at is not None:
        raise ContactError(_("This contact is deleted: restore it first."))
    try:
        email = normalise_email(normalise_address(values.email))
    except OutboxError as error:
        raise ContactError(_("“%(value)s” is not an email address that can receive mail.",
                             value=values.email[:80])) from error
    before = ContactValues.of(contact)
    wanted = ContactValues(email, " ".join(values.given_name.split()), " ".join(values.family_name.split()),
                           single_line(values.honorific) or None, single_line(values.function) or None,
                           single_line(values.collectivite) or None, values.country or None, values.language,
                           values.is_member)
    changes = {name: getattr(wanted, name) for name in ContactValues.__dataclass_fields__
               if getattr(wanted, name) != getattr(before, name)}
    if not changes:
        return {}
    if "email" in changes:
        other = db.session.scalar(sa.select(Contact).where(Contact.email == email, Contact.id != contact.id))
        if other is not None:
            raise ContactError(_("Another contact (deleted) has this address: restore it, or choose another address.")
                               if other.deleted_at is not None else
                               _("Another contact, %(name)s, has this address.", name=other.full_name or other.email))
    try:
        with db.session.begin_nested():  # two organisers giving two contacts one address: one is refused
            for name, value in changes.items():
                if name == "collectivite":  # a new name: linked again to the collectivité that has it, if any
                    contact.collectivite_name, contact.collectivite_id = value, None
                else:
                    setattr(contact, name, value)
    except sa.exc.IntegrityError as error:
        raise ContactError(_("Another contact has this address.")) from error
    link_contacts([contact.email])
    record_audit("contact.changed", target=contact, actor=actor, details={"changes": changes})
    return changes


def delete_contact(contact: Contact, *, actor: str | None = None) -> None:
    """Set the contact aside (restorable); its invitations stay in the campaigns' history."""
    if contact.deleted_at is not None:
        return
    contact.deleted_at = utcnow()
    db.session.flush()
    record_audit("contact.deleted", target=contact, actor=actor, details={"email": contact.email})


def restore_contact(contact: Contact, *, actor: str | None = None) -> None:
    if contact.deleted_at is None:
        return
    contact.deleted_at = None
    db.session.flush()
    record_audit("contact.restored", target=contact, actor=actor, details={"email": contact.email})
