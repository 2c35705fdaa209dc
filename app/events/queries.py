"""Read-side queries on events, for public pages."""
from __future__ import annotations

from dataclasses import dataclass

import click
import sqlalchemy as sa
from flask import abort

from app.core.db import utcnow
from app.core.extensions import db
from app.events.models import PUBLIC_STATUSES, Event, EventKind, EventSeries


@dataclass
class EventListing:
    upcoming: list[Event]
    past: list[Event]


def public_events(kind: EventKind | None = None) -> EventListing:
    """Published events, upcoming ones soonest first, past ones latest first."""
    query = sa.select(Event).where(Event.status.in_(PUBLIC_STATUSES))
    if kind is not None:
        query = query.where(Event.kind == kind)
    events = db.session.scalars(query.order_by(Event.starts_at)).all()
    now = utcnow()
    upcoming = [event for event in events if event.ends_at >= now]
    past = [event for event in reversed(events) if event.ends_at < now]
    return EventListing(upcoming=upcoming, past=past)


def get_public_event_or_404(kind: EventKind, slug: str) -> Event:
    event = find_public_event(kind, slug)
    if event is None:
        abort(404)
    return event


def find_public_event(kind: EventKind, slug: str) -> Event | None:
    return db.session.scalar(
        sa.select(Event).where(Event.slug == slug, Event.kind == kind, Event.status.in_(PUBLIC_STATUSES)))


def find_series(slug: str) -> EventSeries | None:
    return db.session.scalar(sa.select(EventSeries).where(EventSeries.slug == slug))


def public_events_of_series(series: EventSeries) -> list[Event]:
    return list(db.session.scalars(
        sa.select(Event)
        .where(Event.series_id == series.id, Event.status.in_(PUBLIC_STATUSES))
        .order_by(Event.starts_at)))


def public_series(kind: EventKind) -> list[EventSeries]:
    """Series of this kind that have at least one public event, newest first."""
    has_public_event = sa.exists().where(Event.series_id == EventSeries.id, Event.status.in_(PUBLIC_STATUSES))
    return list(db.session.scalars(
        sa.select(EventSeries).where(EventSeries.kind == kind, has_public_event)
        .order_by(EventSeries.year.desc(), EventSeries.slug)))


def get_event_or_404(slug: str) -> Event:
    """Any event, drafts included: for staff pages."""
    event = find_event_by_slug(slug)
    if event is None:
        abort(404)
    return event


def get_event_or_exit(slug: str) -> Event:
    """Any event, drafts included, for a CLI command; else the command stops (exit code 1) saying so."""
    event = find_event_by_slug(slug)
    if event is None:
        raise click.ClickException(f"no event with the short name {slug!r}")
    return event


def find_public_event_by_slug(slug: str) -> Event | None:
    """A published event of any kind (slugs are unique across kinds): for the JSON API."""
    return db.session.scalar(sa.select(Event).where(Event.slug == slug, Event.status.in_(PUBLIC_STATUSES)))


def find_event_by_slug(slug: str) -> Event | None:
    """Any event, drafts included: for staff tools such as the CLI."""
    return db.session.scalar(sa.select(Event).where(Event.slug == slug))


def all_series() -> list[EventSeries]:
    return list(db.session.scalars(sa.select(EventSeries).order_by(EventSeries.year.desc(), EventSeries.slug)))
