"""Person and Collectivité."""
from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.core.db import TimestampMixin, enum_column
from app.core.extensions import Model
from app.core.text import search_key, single_line

# Countries whose names are written family name first in their own script.
FAMILY_NAME_FIRST_COUNTRIES = frozenset({"CN", "TW", "HK", "MO", "JP", "KR", "KP", "VN", "HU", "MN"})


class CollectiviteType(enum.StrEnum):
    COMMUNE = "commune"
    INTERCOMMUNALITE = "intercommunalite"
    DEPARTEMENT = "departement"
    REGION = "region"
    FOREIGN_AUTHORITY = "foreign_authority"
    NETWORK = "network"
    STATE_BODY = "state_body"
    OTHER = "other"


class Collectivite(TimestampMixin, Model):
    """A local or regional authority, or another organisation people come from."""

    __tablename__ = "collectivite"
    __table_args__ = (sa.UniqueConstraint("name", "country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    name_latin: Mapped[str | None] = mapped_column(sa.String(200))
    type: Mapped[CollectiviteType] = mapped_column(enum_column(CollectiviteType, "collectivite_type"))
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    cuf_member: Mapped[bool] = mapped_column(default=False)
    # Lower-case, accent-free names, kept up to date on every write (see the listeners at the end of this module).
    search_key: Mapped[str] = mapped_column(sa.String(500), default="")

    people: Mapped[list[Person]] = relationship(back_populates="collectivite")

    @property
    def display_name(self) -> str:
        if self.name_latin and self.name_latin != self.name:
            return f"{self.name} ({self.name_latin})"
        return self.name

    def __repr__(self) -> str:
        return f"<Collectivite {self.id} {self.name!r}>"


class ProtocolRank(Model):
    """A precedence level for speaker lists (minister, ambassador, president of region, mayor…)."""

    __tablename__ = "protocol_rank"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_fr: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    precedence: Mapped[int] = mapped_column(index=True)


class Person(TimestampMixin, Model):
    """Anyone who speaks at or attends an event.

    Names are kept as the person writes them (any script) and in a Latin form,
    which is used for sorting and for people who cannot read the original.
    """

    __tablename__ = "person"
    __table_args__ = (
        sa.Index("uq_person_email", "email", unique=True,
                 sqlite_where=sa.text("email IS NOT NULL"), postgresql_where=sa.text("email IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(sa.String(120))
    family_name: Mapped[str] = mapped_column(sa.String(120))
    given_name_latin: Mapped[str | None] = mapped_column(sa.String(120))
    family_name_latin: Mapped[str | None] = mapped_column(sa.String(120))
    honorific: Mapped[str | None] = mapped_column(sa.String(40))
    function: Mapped[str | None] = mapped_column(sa.String(300))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    preferred_language: Mapped[str] = mapped_column(sa.String(8), default="fr")
    collectivite_id: Mapped[int | None] = mapped_column(sa.ForeignKey("collectivite.id"), index=True)
    # The collectivité was typed on a public form, not set by organisers: a claim, never a proof of membership.
    collectivite_claimed: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    protocol_rank_id: Mapped[int | None] = mapped_column(sa.ForeignKey("protocol_rank.id", ondelete="SET NULL"))
    # Lower-case, accent-free names and email, kept up to date on every write (see the listeners at the end of this module).
    search_key: Mapped[str] = mapped_column(sa.String(800), default="")

    collectivite: Mapped[Collectivite | None] = relationship(back_populates="people")
    protocol_rank: Mapped[ProtocolRank | None] = relationship()

    @property
    def family_name_first(self) -> bool:
        return self.country in FAMILY_NAME_FIRST_COUNTRIES

    @property
    def name(self) -> str:
        """Full name in the person's own script and customary order."""
        if self.family_name_first:
            separator = "" if _is_cjk(self.family_name + self.given_name) else " "
            return f"{self.family_name}{separator}{self.given_name}".strip()
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def name_latin(self) -> str:
        """Full name in Latin script: given name first, family name last."""
        given = self.given_name_latin or self.given_name
        family = self.family_name_latin or self.family_name
        if self.family_name_first:
            return f"{family} {given}".strip()
        return f"{given} {family}".strip()

    @property
    def sort_key(self) -> tuple[str, str]:
        """Alphabetical order by Latin family name, then given name."""
        family = (self.family_name_latin or self.family_name).casefold()
        given = (self.given_name_latin or self.given_name).casefold()
        return (family, given)

    @property
    def has_distinct_latin_name(self) -> bool:
        return self.name_latin != self.name

    @property
    def protocol_key(self) -> tuple[int, str, str]:
        """Protocol order: precedence rank first (unranked people last), then alphabetical."""
        precedence = self.protocol_rank.precedence if self.protocol_rank else 1_000_000
        return (precedence, *self.sort_key)

    @validates("given_name", "family_name", "given_name_latin", "family_name_latin", "honorific", "function", "phone")
    def _single_line(self, key: str, value: str | None) -> str | None:
        """One-line fields are stored on one line, whoever writes them (public forms, imports, back office)."""
        return None if value is None else single_line(value)

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.name_latin!r}>"


def _is_cjk(text: str) -> bool:
    return any(
        "\u3040" <= char <= "\u30ff"  # kana
        or "\u3400" <= char <= "\u9fff"  # han
        or "\uac00" <= char <= "\ud7af"  # hangul
        for char in text
    )


def person_search_key(person: Person) -> str:
    return search_key(person.given_name, person.family_name, person.given_name_latin, person.family_name_latin,
                      person.email, person.function)


@sa.event.listens_for(Person, "before_insert")
@sa.event.listens_for(Person, "before_update")
def _refresh_person_search_key(mapper, connection, person: Person) -> None:
    person.search_key = person_search_key(person)[:800]


@sa.event.listens_for(Collectivite, "before_insert")
@sa.event.listens_for(Collectivite, "before_update")
def _refresh_collectivite_search_key(mapper, connection, collectivite: Collectivite) -> None:
    collectivite.search_key = search_key(collectivite.name, collectivite.name_latin)[:500]
