"""The shapes of the demo's static facts: plain frozen records, no database access."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from app.people.models import CollectiviteType
from app.programme.models import SessionType, SpeakerRole, TrackKind
from app.registration.models import DelegationSide, RegistrationCategory, RegistrationStatus

# Who someone is in the demo: the key of a named person (``"rebsamen"``), or a generated
# person given as (country, organisation name, index within that organisation).
PersonRef = str | tuple[str, str, int]


class ParticipantPlan(TypedDict):
    """Who registered for an event: French collectivités in turn, foreign ones, a delegation, other statuses."""

    french: list[str]
    french_count: int
    foreign: list[tuple[str, int]]
    delegation: tuple[str, str, str]  # country, name, head (a person's key)
    other_statuses: dict[str, int]


class Languages(TypedDict):
    """The languages of a session, spread into a SessionSpec (``**FR_EN``)."""

    languages: tuple[str, ...]
    interpretation: tuple[str, ...]


@dataclass(frozen=True)
class CollectiviteSpec:
    name: str
    type: CollectiviteType
    country: str
    name_latin: str | None = None
    cuf_member: bool = False


@dataclass(frozen=True)
class NamedPerson:
    """Someone the demo names: a person of the activity report, or a made-up speaker."""

    given_name: str
    family_name: str
    honorific: str
    function: str
    country: str = "FR"
    collectivite: str | None = None  # a collectivité name in the same country
    given_name_latin: str | None = None
    family_name_latin: str | None = None
    language: str = "fr"
    role: str | None = None  # "staff", "vip" or "press": drives the registration category


@dataclass(frozen=True)
class SessionSpec:
    type: SessionType
    when: tuple[str, str]  # local "YYYY-MM-DD HH:MM" start and end, in the event's zone
    title_fr: str
    title_en: str
    room: str | None = None
    track: str | None = None  # a track slug of the same event
    capacity: int | None = None
    languages: tuple[str, ...] = ("fr",)
    interpretation: tuple[str, ...] = ()
    speakers: tuple[tuple[SpeakerRole, PersonRef], ...] = ()
    description_fr: str | None = None
    description_en: str | None = None
    countries: tuple[str, ...] = ()  # registrants from these countries are drawn to the session
    online_url: str | None = None


@dataclass(frozen=True)
class Programme:
    event: str  # event slug
    rooms: tuple[tuple[str, int], ...] = ()
    tracks: tuple[tuple[str, TrackKind, str, str], ...] = ()
    sessions: tuple[SessionSpec, ...] = ()


@dataclass(frozen=True)
class DelegationPlan:
    """One side of a bilateral event: who leads it and where its members come from."""

    name: str
    country: str
    head: PersonRef
    named: tuple[str, ...] = ()  # named people travelling with it
    members: tuple[tuple[str, int], ...] = ()  # (organisation, number of people)


@dataclass(frozen=True)
class AssisesPlan:
    event: str
    french: DelegationPlan
    partner: DelegationPlan
    cancelled: int = 0  # a few registrations withdrawn before the event
    more: tuple[tuple[str, DelegationPlan], ...] = ()  # further delegations: ("french" | "partner", plan)


@dataclass(frozen=True)
class Chronique:
    month: int
    day: int
    slug_suffix: str
    title_fr: str
    title_en: str
    description_fr: str
    description_en: str
    session_type: SessionType
    expert: str  # named person key
    moderator: str


@dataclass
class Registrant:
    """One registration the demo makes (or finds)."""

    person: PersonRef
    category: RegistrationCategory
    status: RegistrationStatus
    delegation: str | None = None


@dataclass
class Roster:
    event: str
    registrants: list[Registrant] = field(default_factory=list)
    # (name, country, side, head) of each delegation
    delegations: list[tuple[str, str, DelegationSide | None, PersonRef]] = field(default_factory=list)
