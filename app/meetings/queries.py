"""What the meeting pages read: the directory of profiles, suggestions, and a registrant's requests and meetings.

**Suggestions** rank the profiles a registrant may meet by theme overlap and complementarity:
``score = 2 × shared themes + complementarity``, where complementarity counts the other's themes named in what
this side looks for, and this side's themes named in what the other looks for (case-insensitive), plus one when
they share a spoken language. Existing partners (either side names the other in its partners) are shown as such
and never suggested.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.core.extensions import db
from app.core.text import search_key
from app.events.models import Event
from app.meetings import access
from app.meetings.models import CooperationProfile, Meeting, MeetingRequest, MeetingStatus, MeetingTheme, RequestStatus
from app.people.models import Collectivite, CollectiviteType, Person
from app.registration.models import ACTIVE_STATUSES, Registration

SUGGESTIONS = 5


def themes_of(event: Event, *, removed: bool = False) -> list[MeetingTheme]:
    """The event's themes in the organisers' order (those in use; with the removed ones too if ``removed``)."""
    query = sa.select(MeetingTheme).where(MeetingTheme.event_id == event.id)
    if not removed:
        query = query.where(MeetingTheme.active)
    return list(db.session.scalars(query.order_by(MeetingTheme.position, MeetingTheme.id)))


@dataclass(frozen=True)
class DirectoryFilters:
    country: str | None = None
    theme_id: int | None = None
    type: CollectiviteType | None = None


@dataclass
class Entry:
    """One collectivité of the directory: its profile, its registered people, and how it relates to the reader."""

    profile: CooperationProfile
    people: list[Registration] = field(default_factory=list)
    score: int = 0
    shared_themes: list[MeetingTheme] = field(default_factory=list)
    existing_partner: bool = False

    @property
    def collectivite(self) -> Collectivite:
        return self.profile.collectivite


def _names(text: str | None) -> str:
    return search_key(text or "")


def is_partner(profile: CooperationProfile, other: CooperationProfile | None) -> bool:
    """Either side names the other among its existing partners."""
    if other is None:
        return False
    mine, theirs = _names(profile.existing_partners), _names(other.existing_partners)
    return bool((mine and search_key(other.collectivite.name) in mine)
                or (theirs and search_key(profile.collectivite.name) in theirs))


def score(mine: CooperationProfile | None, other: CooperationProfile) -> tuple[int, list[MeetingTheme]]:
    if mine is None:
        return 0, []
    my_themes = {theme.id: theme for theme in mine.themes}
    shared = [theme for theme in other.themes if theme.id in my_themes]
    wants, offers = _names(mine.looking_for), _names(other.looking_for)
    complement = sum(1 for theme in other.themes if wants and _mentions(wants, theme))
    complement += sum(1 for theme in mine.themes if offers and _mentions(offers, theme))
    complement += 1 if set(mine.language_codes) & set(other.language_codes) else 0
    return 2 * len(shared) + complement, shared


def _mentions(text: str, theme: MeetingTheme) -> bool:
    return any(name and search_key(name) in text for name in (theme.name_fr, theme.name_en))


def directory(registration: Registration, filters: DirectoryFilters = DirectoryFilters()) -> list[Entry]:
    """The profiles the registrant may meet (the other side's on a bilateral event, all others else), filtered,
    best suggestions first, then by name."""
    event = registration.event
    own = {collectivite.id for collectivite in access.collectivites_of(registration)}
    side = access.registration_side(registration)
    query = (sa.select(CooperationProfile).join(Collectivite)
             .where(CooperationProfile.event_id == event.id)
             .options(selectinload(CooperationProfile.themes), selectinload(CooperationProfile.collectivite)))
    if filters.country:
        query = query.where(Collectivite.country == filters.country.upper())
    if filters.type is not None:
        query = query.where(Collectivite.type == filters.type)
    if filters.theme_id is not None:
        query = query.where(CooperationProfile.themes.any(MeetingTheme.id == filters.theme_id))
    profiles = [profile for profile in db.session.scalars(query)
                if profile.collectivite_id not in own
                and access.may_meet(event, side, access.collectivite_side(event, profile.collectivite))]
    mine = my_profiles(registration)
    people = _people_by_collectivite(event, [profile.collectivite_id for profile in profiles])
    entries = []
    for profile in profiles:
        best = max((score(item, profile) for item in mine), default=(0, []), key=lambda found: found[0])
        entries.append(Entry(profile=profile, people=people.get(profile.collectivite_id, []), score=best[0],
                             shared_themes=best[1], existing_partner=any(is_partner(item, profile) for item in mine)))
    entries.sort(key=lambda entry: (-entry.score, entry.collectivite.name))
    return entries


def suggestions(entries: list[Entry]) -> list[Entry]:
    return [entry for entry in entries if entry.score > 0 and not entry.existing_partner][:SUGGESTIONS]


def my_profiles(registration: Registration) -> list[CooperationProfile]:
    ids = [collectivite.id for collectivite in access.collectivites_of(registration)]
    return list(db.session.scalars(sa.select(CooperationProfile).where(
        CooperationProfile.event_id == registration.event_id, CooperationProfile.collectivite_id.in_(ids or [0]))
        .options(selectinload(CooperationProfile.themes))))


def _people_by_collectivite(event: Event, collectivite_ids: list[int]) -> dict[int, list[Registration]]:
    found: dict[int, list[Registration]] = {}
    for registration in db.session.scalars(sa.select(Registration).join(Person).where(
            Registration.event_id == event.id, Registration.status.in_(ACTIVE_STATUSES),
            Person.collectivite_id.in_(collectivite_ids or [0])).order_by(Person.family_name, Person.given_name)):
        found.setdefault(registration.person.collectivite_id or 0, []).append(registration)
    return found


@dataclass
class MyMeetings:
    sent: list[MeetingRequest]
    received: list[MeetingRequest]
    meetings: list[Meeting]


def requests_of(registration: Registration) -> MyMeetings:
    """The requests sent by or for the registrant (and those they represent), those addressed to them (by name
    or through their collectivité), and the meetings they will attend."""
    mine = [item.id for item in access.represented(registration)]
    collectivites = [item.id for item in access.collectivites_of(registration)]
    base = sa.select(MeetingRequest).where(MeetingRequest.event_id == registration.event_id).order_by(
        MeetingRequest.created_at.desc(), MeetingRequest.id.desc())
    sent = list(db.session.scalars(base.where(MeetingRequest.from_registration_id.in_(mine))))
    received = list(db.session.scalars(base.where(
        MeetingRequest.from_registration_id.not_in(mine),
        sa.or_(MeetingRequest.to_registration_id.in_(mine),
               MeetingRequest.to_collectivite_id.in_(collectivites or [0])))))
    meetings = list(db.session.scalars(sa.select(Meeting).where(
        Meeting.status != MeetingStatus.CANCELLED,
        sa.or_(Meeting.side_a_registration_id.in_(mine), Meeting.side_b_registration_id.in_(mine)))
        .order_by(Meeting.starts_at.is_(None), Meeting.starts_at, Meeting.id)))
    return MyMeetings(sent=sent, received=received, meetings=meetings)


def waiting(requests: list[MeetingRequest]) -> list[MeetingRequest]:
    return [request for request in requests if request.status == RequestStatus.REQUESTED]
