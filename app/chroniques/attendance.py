"""Attendance figures of chronicles and series: registered vs attended, collectivités reached.

"Registered" counts confirmed registrations; "attended" those marked present (imported from the video
platform's participants list, or by hand). Collectivités are counted through each person's collectivité.
A series' figures come from one grouped query, whatever the number of chronicles. The average number
of collectivités per chronicle is taken over the chronicles *held* (already over): with the attendees'
collectivités where attendance was recorded, else with the registered people's.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.core.db import utcnow
from app.core.extensions import db
from app.events.models import Event, EventSeries
from app.people.models import Person
from app.registration.models import Registration, RegistrationStatus


@dataclass(frozen=True)
class ChronicleFigures:
    event: Event
    registered: int
    attended: int
    registered_collectivites: int
    attended_collectivites: int

    @property
    def held(self) -> bool:
        return self.event.ends_at < utcnow()

    @property
    def collectivites(self) -> int:
        """Collectivités reached: the attendees' once attendance is recorded, else the registered people's."""
        return self.attended_collectivites if self.attended else self.registered_collectivites


@dataclass(frozen=True)
class SeriesFigures:
    series: EventSeries
    chronicles: list[ChronicleFigures]
    registered: int
    attended: int
    collectivites: int  # distinct over the whole series (registered people's)

    @property
    def held(self) -> list[ChronicleFigures]:
        return [figures for figures in self.chronicles if figures.held]

    @property
    def avg_collectivites_per_chronicle(self) -> float:
        held = self.held
        return round(sum(figures.collectivites for figures in held) / len(held), 1) if held else 0.0

    @property
    def avg_attended_per_chronicle(self) -> float:
        held = self.held
        return round(sum(figures.attended for figures in held) / len(held), 1) if held else 0.0


def _figures_by_event(event_ids: list[int]) -> dict[int, tuple[int, int, int, int]]:
    if not event_ids:
        return {}
    attended = Registration.attended_at.is_not(None)
    rows = db.session.execute(
        sa.select(Registration.event_id, sa.func.count(Registration.id),
                  sa.func.count(sa.case((attended, Registration.id))),
                  sa.func.count(sa.distinct(Person.collectivite_id)),
                  sa.func.count(sa.distinct(sa.case((attended, Person.collectivite_id)))))
        .join(Person, Person.id == Registration.person_id)
        .where(Registration.event_id.in_(event_ids), Registration.status == RegistrationStatus.CONFIRMED)
        .group_by(Registration.event_id))
    return {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}


def chronicle_figures(event: Event) -> ChronicleFigures:
    return ChronicleFigures(event, *_figures_by_event([event.id]).get(event.id, (0, 0, 0, 0)))


def series_figures(series: EventSeries, events: list[Event] | None = None) -> SeriesFigures:
    """Per-chronicle figures and the series' totals (``events``: the chronicles, in date order, if already read)."""
    if events is None:
        events = list(db.session.scalars(
            sa.select(Event).where(Event.series_id == series.id).order_by(Event.starts_at)))
    by_event = _figures_by_event([event.id for event in events])
    chronicles = [ChronicleFigures(event, *by_event.get(event.id, (0, 0, 0, 0))) for event in events]
    distinct = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Person.collectivite_id)))
        .select_from(Registration).join(Person, Person.id == Registration.person_id)
        .where(Registration.event_id.in_([event.id for event in events]),
               Registration.status == RegistrationStatus.CONFIRMED)) if events else 0
    return SeriesFigures(series, chronicles, registered=sum(item.registered for item in chronicles),
                         attended=sum(item.attended for item in chronicles), collectivites=distinct or 0)
