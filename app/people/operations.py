"""Finding and recording people and collectivités, without duplicates by accident.

Plain functions; they flush and let the caller commit.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.audit.operations import record_audit
from app.core.extensions import db
from app.core.text import normalise_email, search_key
from app.people.models import Collectivite, CollectiviteType, Person, ProtocolRank

SEARCH_LIMIT = 20


class DuplicatePersonError(ValueError):
    def __init__(self, existing: list[Person]):
        super().__init__("a person with this email or name already exists")
        self.existing = existing


class DuplicateCollectiviteError(ValueError):
    def __init__(self, existing: Collectivite):
        super().__init__("this collectivité already exists")
        self.existing = existing


def search_terms(query: str) -> list[str]:
    """The words of a query, as search keys; control characters (NUL: PostgreSQL refuses it) separate words."""
    printable = "".join(char if char.isprintable() else " " for char in query or "")
    return [term for term in search_key(printable).split() if term][:6]


def find_people(query: str, limit: int = SEARCH_LIMIT) -> list[Person]:
    """People whose names (any script, accents ignored), email or collectivité match every word typed."""
    terms = search_terms(query)
    if not terms:
        return []
    statement = sa.select(Person).options(joinedload(Person.collectivite), joinedload(Person.protocol_rank))
    for term in terms:
        statement = statement.where(Person.search_key.contains(term, autoescape=True))
    return list(db.session.scalars(statement.order_by(Person.family_name_latin, Person.family_name, Person.id).limit(limit)))


def find_collectivites(query: str, limit: int = SEARCH_LIMIT) -> list[Collectivite]:
    terms = search_terms(query)
    if not terms:
        return []
    statement = sa.select(Collectivite)
    for term in terms:
        statement = statement.where(Collectivite.search_key.contains(term, autoescape=True))
    return list(db.session.scalars(statement.order_by(Collectivite.name).limit(limit)))


@dataclass
class PersonData:
    given_name: str
    family_name: str
    country: str
    given_name_latin: str | None = None
    family_name_latin: str | None = None
    honorific: str | None = None
    function: str | None = None
    email: str | None = None
    collectivite_id: int | None = None
    protocol_rank_id: int | None = None
    # None keeps what the person already has (the organisers' form does not show these).
    phone: str | None = None
    preferred_language: str | None = None
    # True when the collectivité comes from a public form (a claim), not from the organisers.
    collectivite_claimed: bool = False


def possible_duplicates(data: PersonData, person: Person | None = None) -> list[Person]:
    """People with the same email, or the same names (accents and case ignored) in the same country."""
    conditions = [sa.and_(Person.search_key.contains(search_key(data.family_name), autoescape=True),
                          Person.search_key.contains(search_key(data.given_name), autoescape=True),
                          Person.country == data.country)]
    if data.email:
        conditions.append(Person.email == normalise_email(data.email))
    statement = sa.select(Person).where(sa.or_(*conditions))
    if person is not None and person.id is not None:
        statement = statement.where(Person.id != person.id)
    return list(db.session.scalars(statement.limit(10)))


def save_person(data: PersonData, person: Person | None = None, allow_similar_name: bool = False) -> Person:
    """Create or update a person. The same email is always refused; a similar name needs ``allow_similar_name``."""
    duplicates = possible_duplicates(data, person)
    same_email = [other for other in duplicates if data.email and other.email == normalise_email(data.email)]
    if same_email or (duplicates and not allow_similar_name):
        raise DuplicatePersonError(same_email or duplicates)
    person = person or Person(preferred_language=data.preferred_language or "fr")
    for name, value in vars(data).items():
        if name not in ("phone", "preferred_language") or value is not None:
            setattr(person, name, value)
    person.email = normalise_email(data.email) or None
    db.session.add(person)
    db.session.flush()
    return person


def save_collectivite(name: str, type: CollectiviteType, country: str, cuf_member: bool = False,
                      name_latin: str | None = None, collectivite: Collectivite | None = None) -> Collectivite:
    existing = db.session.scalar(sa.select(Collectivite).where(
        sa.or_(Collectivite.search_key == search_key(name, name_latin)[:500], Collectivite.name == name),
        Collectivite.country == country))
    if existing is not None and existing is not collectivite:
        raise DuplicateCollectiviteError(existing)
    collectivite = collectivite or Collectivite()
    collectivite.name, collectivite.name_latin, collectivite.type = name, name_latin, type
    collectivite.country, collectivite.cuf_member = country, cuf_member
    db.session.add(collectivite)
    db.session.flush()
    return collectivite


def edit_person(data: PersonData, person: Person | None = None, allow_similar_name: bool = False, *,
                actor: str | None = None) -> Person:
    """``save_person`` from the organisers' directory, with the audit line ``person.create`` or ``person.edit``
    (``actor`` None: the logged-in staff member, else ``system``)."""
    action = "person.create" if person is None else "person.edit"
    saved = save_person(data, person, allow_similar_name=allow_similar_name)
    record_audit(action, target=saved, actor=actor)
    return saved


def add_collectivite(name: str, type: CollectiviteType, country: str, cuf_member: bool = False,
                     name_latin: str | None = None, *, actor: str | None = None) -> Collectivite:
    """``save_collectivite`` (a new one) from the directory, with the audit line ``collectivite.create``."""
    saved = save_collectivite(name, type, country, cuf_member, name_latin)
    record_audit("collectivite.create", target=saved, actor=actor, details={"name": saved.name})
    return saved


def protocol_ranks() -> list[ProtocolRank]:
    return list(db.session.scalars(sa.select(ProtocolRank).order_by(ProtocolRank.precedence, ProtocolRank.id)))


def save_protocol_rank(name_fr: str, name_en: str, precedence: int, rank: ProtocolRank | None = None) -> ProtocolRank:
    rank = rank or ProtocolRank()
    rank.name_fr, rank.name_en, rank.precedence = name_fr, name_en, precedence
    db.session.add(rank)
    db.session.flush()
    return rank


DEFAULT_PROTOCOL_RANKS = [
    (10, "Ministre", "Minister"),
    (20, "Ambassadeur ou ambassadrice", "Ambassador"),
    (30, "Parlementaire", "Member of parliament"),
    (40, "Président·e de région", "President of a region"),
    (50, "Président·e de département", "President of a département"),
    (60, "Maire ou président·e d'intercommunalité", "Mayor or president of an intercommunalité"),
    (70, "Adjoint·e au maire, vice-président·e", "Deputy mayor, vice-president"),
    (80, "Conseiller ou conseillère", "Councillor"),
    (90, "Haut·e fonctionnaire, directeur ou directrice", "Senior official, director"),
    (100, "Expert·e, chercheur ou chercheuse", "Expert, researcher"),
]


def edit_protocol_rank(name_fr: str, name_en: str, precedence: int, rank: ProtocolRank | None = None, *,
                       actor: str | None = None) -> ProtocolRank:
    """``save_protocol_rank`` by an organiser, with the audit line ``protocol_rank.create`` or ``protocol_rank.edit``."""
    action = "protocol_rank.create" if rank is None else "protocol_rank.edit"
    saved = save_protocol_rank(name_fr, name_en, precedence, rank)
    record_audit(action, target=saved, actor=actor, details={"name": saved.name_fr, "precedence": saved.precedence})
    return saved


def ensure_default_protocol_ranks() -> list[ProtocolRank]:
    """Create the usual precedence ranks if none exist yet (organisers can edit them)."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(ProtocolRank)):
        return protocol_ranks()
    for precedence, name_fr, name_en in DEFAULT_PROTOCOL_RANKS:
        save_protocol_rank(name_fr, name_en, precedence)
    return protocol_ranks()
