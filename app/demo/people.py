"""The people of the demo: the report's named people, made-up speakers, and generated people.

A generated person is known by (country, organisation, index): the index-th person the
demo draws from that collectivité or organisation. The same reference always gives the same
person (names, function, email), whatever the event, so people naturally come back from one
event to the next. Nothing here touches the database.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from itertools import count
from typing import overload

from app.core.text import clean_text, search_key
from app.demo.collectivites import COLLECTIVITES, FRENCH_ORGANISATIONS
from app.demo.data import NAMED_PEOPLE, SEED
from app.demo.names import FOREIGN_FUNCTIONS, FRENCH_SPEAKING, FUNCTIONS, NAME_POOLS
from app.demo.specs import CollectiviteSpec, NamedPerson, PersonRef
from app.people.models import CollectiviteType

GENERATED_DOMAIN = "example.org"
NAMED_DOMAIN = "example.fr"


@dataclass(frozen=True)
class PersonSpec:
    email: str
    given_name: str
    family_name: str
    given_name_latin: str | None
    family_name_latin: str | None
    honorific: str
    function: str
    country: str
    preferred_language: str
    collectivite: tuple[str, str] | None  # (name, country)
    role: str | None = None  # "staff", "vip", "press" (named people only)


@overload
def _nfc(value: str) -> str: ...
@overload
def _nfc(value: None) -> None: ...
@overload
def _nfc(value: str | None) -> str | None: ...
def _nfc(value: str | None) -> str | None:
    return clean_text(value) if value is not None else None


def email_part(name: str) -> str:
    """An e-mail-safe, lower-case ASCII form of a Latin name: "Jean-Claude" -> "jean-claude"."""
    return re.sub(r"[^a-z0-9-]", "", search_key(name).replace(" ", "-").replace("'", ""))


def language_of(country: str) -> str:
    return "fr" if country in FRENCH_SPEAKING else "en"


def named_person(named: NamedPerson) -> PersonSpec:
    given_latin, family_latin = named.given_name_latin, named.family_name_latin
    local_part = f"{email_part(given_latin or named.given_name)}.{email_part(family_latin or named.family_name)}"
    collectivite = (_nfc(named.collectivite), named.country) if named.collectivite else None
    return PersonSpec(
        email=f"{local_part}@{NAMED_DOMAIN}", given_name=_nfc(named.given_name), family_name=_nfc(named.family_name),
        given_name_latin=_nfc(given_latin), family_name_latin=_nfc(family_latin), honorific=named.honorific,
        function=_nfc(named.function), country=named.country, preferred_language=named.language,
        collectivite=collectivite, role=named.role)


class Directory:
    """Every person and organisation the demo knows, resolved from references and remembered in order."""

    def __init__(self) -> None:
        self.collectivites = {(spec.name, spec.country): spec for spec in COLLECTIVITES}
        self._numbers = _organisation_numbers()
        self.people: dict[PersonRef, PersonSpec] = {}

    def person(self, ref: PersonRef) -> PersonSpec:
        if ref not in self.people:
            self.people[ref] = self._resolve(ref)
        return self.people[ref]

    def _resolve(self, ref: PersonRef) -> PersonSpec:
        if isinstance(ref, str):
            return named_person(NAMED_PEOPLE[ref])
        country, organisation, index = ref
        collectivite = self.collectivites.get((clean_text(organisation), country))
        if collectivite is None and organisation not in FRENCH_ORGANISATIONS:
            raise KeyError(f"unknown organisation {organisation!r} ({country})")
        return generated_person(ref, collectivite, self._numbers[(country, organisation)])

    def organisations(self, country: str) -> list[str]:
        """The collectivités and organisations of a country, in the order of the data."""
        return [name for other, name in self._numbers if other == country]


def _organisation_numbers() -> dict[tuple[str, str], int]:
    """A distinct number for each organisation: part of its generated people's e-mail addresses."""
    keys = [(spec.country, spec.name) for spec in COLLECTIVITES] + [("FR", name) for name in FRENCH_ORGANISATIONS]
    return {key: number for number, key in enumerate(keys, start=1)}


def generated_person(ref: tuple[str, str, int], collectivite: CollectiviteSpec | None, number: int) -> PersonSpec:
    country, organisation, index = ref
    rng = random.Random(f"{SEED}/{country}/{organisation}/{index}")
    gender = rng.choice("mf")
    pool = NAME_POOLS[country]
    given, given_latin = rng.choice(pool[gender])
    family, family_latin = rng.choice(pool["family"])
    function = _function(country, collectivite, organisation, gender, index, rng)
    local_part = f"{email_part(given_latin or given)}.{email_part(family_latin or family)}.{number * 100 + index}"
    return PersonSpec(
        email=f"{local_part}@{GENERATED_DOMAIN}", given_name=_nfc(given), family_name=_nfc(family),
        given_name_latin=_nfc(given_latin), family_name_latin=_nfc(family_latin),
        honorific="M." if gender == "m" else "Mme", function=_nfc(function), country=country,
        preferred_language=language_of(country),
        collectivite=(collectivite.name, collectivite.country) if collectivite else None)


def _function(country: str, collectivite: CollectiviteSpec | None, organisation: str, gender: str, index: int,
              rng: random.Random) -> str:
    kind = collectivite.type.value if collectivite else FRENCH_ORGANISATIONS[organisation]
    pool = FUNCTIONS[kind]
    if kind == CollectiviteType.FOREIGN_AUTHORITY.value:
        pool = FOREIGN_FUNCTIONS.get(country, pool)
    masculine, feminine = pool[index] if index < len(pool) else rng.choice(pool[1:])
    function = masculine if gender == "m" else feminine
    if collectivite is None:
        return f"{function}, {organisation}"
    return function.format(place=of_place(collectivite))


def of_place(collectivite: CollectiviteSpec) -> str:
    """The place a function belongs to: "de la province de Lao Cai", "de Hô Chi Minh-Ville"."""
    name = collectivite.name_latin or collectivite.name
    if name.startswith(("Province ", "Ville ")):
        return f"de la {name[0].lower()}{name[1:]}"
    return f"de {name}"


def generated_refs(country: str, organisations: list[str]):
    """Generated people of these organisations, round-robin: index 0 of each, then index 1…"""
    for index in count():
        for organisation in organisations:
            yield (country, organisation, index)
