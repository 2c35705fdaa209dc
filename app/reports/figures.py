"""The activity figures of an event, a series or a year, aggregated in SQL: a fixed number of queries.

What each number counts (docs/figures.md says the same for organisers):

- ``participants``: confirmed registrations. For a series or a year, the sum over its events
  (someone at two events counts twice, as the activity report counts attendances).
- ``checked_in``: distinct registrations with at least one check-in (any day) at the desk.
- ``from_abroad`` / ``from_abroad_share``: confirmed registrations of people whose country is not
  France, and their share of ``participants`` (0–1; 0 when nobody is confirmed).
- ``countries``: foreign countries represented among confirmed registrations (France not counted);
  ``countries_represented`` gives the number of confirmed registrations per foreign country.
- ``french_collectivites`` / ``foreign_collectivites``: distinct collectivités (organisations
  people register with) of confirmed registrations, located in France / elsewhere.
- ``by_category``: confirmed registrations per category; ``registrations_by_status``: every
  registration per status (pending, waiting list, refused and cancelled ones included).
- ``by_collectivite_type``: distinct collectivités of confirmed registrations per type.
- ``sessions_by_type``: programme sessions per type, cancelled ones left out (hidden ones count:
  they take place, only off the public programme); ``conferences`` leaves breaks and ceremonies out.
- ``delegations``: delegation name → confirmed registrations in it (empty delegations show 0).
- ``meetings_held``, ``collectivites_paired``, ``new_pairs``: bilateral meetings marked held at the desk, the
  distinct collectivités in them, and the pairs of collectivités without a previous partnership
  (``app.meetings.figures`` says exactly how).
- Series and years: ``chronicles`` = chronicles held (past, not draft); ``avg_collectivites_per_chronicle``
  = distinct collectivités present per held chronicle, averaged (``chronicle_presence`` says who
  counts as present).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.checkin.models import CheckIn
from app.core.db import utcnow
from app.core.extensions import db
from app.events.models import Event, EventSeries, EventStatus
from app.meetings.figures import meeting_figures
from app.people.models import Collectivite, Person
from app.programme.models import Session, SessionStatus, SessionType
from app.registration.models import Delegation, Registration, RegistrationStatus

HOME_COUNTRY = "FR"
# Sessions that are not "conferences" in the activity report's sense.
NOT_CONFERENCES = (SessionType.BREAK, SessionType.CEREMONY)


@dataclass(frozen=True)
class Scope:
    """What the figures are about: one event, the events of a series, or the events of a year."""

    kind: str  # "event", "series" or "year"
    key: str  # the event or series slug, or the year
    title_fr: str
    title_en: str | None
    events: tuple[Event, ...]

    @property
    def event_ids(self) -> list[int]:
        return [event.id for event in self.events]


def event_scope(slug: str) -> Scope | None:
    """One event, drafts included (organisers prepare them): one query."""
    event = db.session.scalar(sa.select(Event).where(Event.slug == slug))
    if event is None:
        return None
    return Scope("event", event.slug, event.title_fr, event.title_en, (event,))


def series_scope(slug: str) -> Scope | None:
    """The events of a series that are not drafts: two queries."""
    series = db.session.scalar(sa.select(EventSeries).where(EventSeries.slug == slug))
    if series is None:
        return None
    events = db.session.scalars(sa.select(Event).where(Event.series_id == series.id, Event.status != EventStatus.DRAFT)
                                .order_by(Event.starts_at, Event.id)).all()
    return Scope("series", series.slug, series.title_fr, series.title_en, tuple(events))


def year_scope(year: int) -> Scope:
    """Every event that is not a draft and starts in this year, in its own time zone: one query."""
    around = (datetime(year, 1, 1, tzinfo=UTC) - timedelta(days=1),
              datetime(year + 1, 1, 1, tzinfo=UTC) + timedelta(days=1))
    candidates = db.session.scalars(
        sa.select(Event).where(Event.status != EventStatus.DRAFT, Event.starts_at >= around[0],
                               Event.starts_at < around[1]).order_by(Event.starts_at, Event.id)).all()
    events = tuple(event for event in candidates if event.local_start.year == year)
    return Scope("year", str(year), str(year), str(year), events)


def find_scope(slug: str) -> Scope | None:
    """An event by its slug, else a series by its slug."""
    return event_scope(slug) or series_scope(slug)


@dataclass
class Figures:
    scope: Scope
    participants: int = 0
    checked_in: int = 0
    from_abroad: int = 0
    countries_represented: dict[str, int] = field(default_factory=dict)  # foreign country → confirmed registrations
    french_collectivites: int = 0
    foreign_collectivites: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_collectivite_type: dict[str, int] = field(default_factory=dict)
    registrations_by_status: dict[str, int] = field(default_factory=dict)
    sessions_by_type: dict[str, int] = field(default_factory=dict)
    delegations: dict[str, int] = field(default_factory=dict)
    meetings_held: int = 0
    collectivites_paired: int = 0
    new_pairs: int = 0
    # Series and years only (None for one event).
    chronicles: int | None = None
    collectivites_per_chronicle: dict[str, int] | None = None

    @property
    def from_abroad_share(self) -> float:
        return self.from_abroad / self.participants if self.participants else 0.0

    @property
    def countries(self) -> int:
        return len(self.countries_represented)

    @property
    def conferences(self) -> int:
        return sum(count for kind, count in self.sessions_by_type.items() if kind not in NOT_CONFERENCES)

    @property
    def avg_collectivites_per_chronicle(self) -> float | None:
        if self.collectivites_per_chronicle is None:
            return None
        counts = self.collectivites_per_chronicle.values()
        return sum(counts) / len(counts) if counts else 0.0

    @property
    def has_chronicles(self) -> bool:
        return self.chronicles is not None


def compute_figures(scope: Scope, now: datetime | None = None) -> Figures:
    """Every figure of the scope: seven aggregate queries (eight with chronicles), whatever the data's size."""
    figures = Figures(scope)
    with_chronicles = scope.kind != "event"
    if with_chronicles:
        figures.chronicles, figures.collectivites_per_chronicle = 0, {}
    ids = scope.event_ids
    if not ids:
        return figures
    confirmed = (Registration.event_id.in_(ids), Registration.status == RegistrationStatus.CONFIRMED)

    figures.registrations_by_status = _counts(
        sa.select(Registration.status, sa.func.count()).where(Registration.event_id.in_(ids))
        .group_by(Registration.status))
    by_country = _counts(
        sa.select(Person.country, sa.func.count()).join(Registration, Registration.person_id == Person.id)
        .where(*confirmed).group_by(Person.country))
    figures.participants = sum(by_country.values())
    foreign = {country: count for country, count in by_country.items() if country != HOME_COUNTRY}
    figures.from_abroad = sum(foreign.values())
    figures.countries_represented = dict(sorted(foreign.items(), key=lambda item: (-item[1], item[0])))
    figures.by_category = _counts(
        sa.select(Registration.category, sa.func.count()).where(*confirmed).group_by(Registration.category))
    _collectivite_figures(figures, confirmed)
    figures.checked_in = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(CheckIn.registration_id))).where(CheckIn.event_id.in_(ids))) or 0
    figures.sessions_by_type = _counts(
        sa.select(Session.type, sa.func.count())
        .where(Session.event_id.in_(ids), Session.status != SessionStatus.CANCELLED).group_by(Session.type))
    figures.delegations = _delegation_sizes(scope)
    meetings = meeting_figures([event.id for event in scope.events if event.profile.has_meetings])
    figures.meetings_held, figures.collectivites_paired, figures.new_pairs = (
        meetings.meetings_held, meetings.collectivites_paired, meetings.new_pairs)
    if with_chronicles:
        held = [event for event in scope.events if is_held_chronicle(event, now or utcnow())]
        figures.chronicles = len(held)
        figures.collectivites_per_chronicle = _collectivites_per_chronicle(held)
    return figures


def _counts(query: sa.Select) -> dict[str, int]:
    """``{key: count}`` from a two-column GROUP BY, largest first (enumeration members as their values)."""
    rows = [(getattr(key, "value", key), count) for key, count in db.session.execute(query)]
    return dict(sorted(rows, key=lambda row: (-row[1], str(row[0]))))


def _collectivite_figures(figures: Figures, confirmed: tuple) -> None:
    rows = db.session.execute(
        sa.select(Collectivite.type, Collectivite.country, sa.func.count(sa.distinct(Collectivite.id)))
        .join(Person, Person.collectivite_id == Collectivite.id)
        .join(Registration, Registration.person_id == Person.id)
        .where(*confirmed).group_by(Collectivite.type, Collectivite.country)).all()
    by_type: Counter[str] = Counter()
    for kind, country, count in rows:
        by_type[kind.value] += count
        if country == HOME_COUNTRY:
            figures.french_collectivites += count
        else:
            figures.foreign_collectivites += count
    figures.by_collectivite_type = dict(sorted(by_type.items(), key=lambda item: (-item[1], item[0])))


def _delegation_sizes(scope: Scope) -> dict[str, int]:
    """Delegation name → confirmed members; with several events the event's slug tells namesakes apart."""
    members = sa.and_(Registration.delegation_id == Delegation.id, Registration.status == RegistrationStatus.CONFIRMED)
    rows = db.session.execute(
        sa.select(Delegation.name, Event.slug, sa.func.count(Registration.id))
        .join(Event, Event.id == Delegation.event_id).outerjoin(Registration, members)
        .where(Delegation.event_id.in_(scope.event_ids))
        .group_by(Delegation.id, Delegation.name, Event.slug)).all()
    several = len(scope.events) > 1
    sizes = {(f"{name} ({slug})" if several else name): count for name, slug, count in rows}
    return dict(sorted(sizes.items(), key=lambda item: (-item[1], item[0])))


def is_held_chronicle(event: Event, now: datetime) -> bool:
    """A chronicle that took place: over, and not a draft."""
    return event.profile.records_attendance and event.status != EventStatus.DRAFT and event.ends_at <= now


def chronicle_presence(event_ids: list[int]) -> sa.Subquery:
    """Who counts as present at these chronicles: rows (event_id, person_id).

    The one place that decides it, with the rule of ``app.chroniques.attendance``: where attendance was
    recorded for a chronicle (video platform import, or by hand), the confirmed people marked present;
    for a chronicle without any recorded attendance, its confirmed registrations.
    """
    recorded = (sa.select(Registration.event_id)
                .where(Registration.event_id.in_(event_ids), Registration.attended_at.is_not(None),
                       Registration.status == RegistrationStatus.CONFIRMED))
    return (sa.select(Registration.event_id, Registration.person_id)
            .where(Registration.event_id.in_(event_ids), Registration.status == RegistrationStatus.CONFIRMED,
                   sa.or_(Registration.attended_at.is_not(None), Registration.event_id.not_in(recorded)))
            .subquery("presence"))


def _collectivites_per_chronicle(held: list[Event]) -> dict[str, int]:
    """Held chronicle slug → distinct collectivités present, in date order (0 for a chronicle nobody attended)."""
    if not held:
        return {}
    presence = chronicle_presence([event.id for event in held])
    counts: dict[int, int] = dict(db.session.execute(
        sa.select(presence.c.event_id, sa.func.count(sa.distinct(Person.collectivite_id)))
        .join(Person, Person.id == presence.c.person_id).group_by(presence.c.event_id)).all())
    return {event.slug: counts.get(event.id, 0) for event in held}
