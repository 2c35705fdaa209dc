"""Event and EventSeries."""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from app.core.extensions import Model

if TYPE_CHECKING:
    from app.events.kinds import KindProfile


class EventKind(enum.StrEnum):
    RAICT = "raict"
    ASSISES = "assises"
    CHRONIQUE = "chronique"

    @property
    def profile(self) -> KindProfile:
        """What this kind offers (``app.events.kinds``)."""
        from app.events.kinds import profile_of

        return profile_of(self)

    @property
    def url_prefix(self) -> str:
        """The first segment of the kind's public URLs (``/raict``, ``/assises``, ``/chroniques``)."""
        return self.profile.url_prefix


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    REGISTRATION_OPEN = "registration_open"
    REGISTRATION_CLOSED = "registration_closed"
    ARCHIVED = "archived"


PUBLIC_STATUSES = (
    EventStatus.PUBLISHED,
    EventStatus.REGISTRATION_OPEN,
    EventStatus.REGISTRATION_CLOSED,
    EventStatus.ARCHIVED,
)


class EventSeries(TimestampMixin, Model):
    """A run of events published together, e.g. "Chroniques géopolitiques 2023"."""

    __tablename__ = "event_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "event_series_kind"))
    title_fr: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200))
    description_fr: Mapped[str | None] = mapped_column(sa.Text)
    description_en: Mapped[str | None] = mapped_column(sa.Text)
    year: Mapped[int | None]

    events: Mapped[list[Event]] = relationship(back_populates="series", order_by="Event.starts_at")

    @property
    def profile(self) -> KindProfile:
        """What the series' kind offers (``app.events.kinds``)."""
        return self.kind.profile


class Event(TimestampMixin, Model):
    """One RAICT edition, one bilateral Assises, or one chronicle."""

    __tablename__ = "event"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "event_kind"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("event_series.id"), index=True)
    edition: Mapped[int | None]
    title_fr: Mapped[str] = mapped_column(sa.String(300))
    title_en: Mapped[str | None] = mapped_column(sa.String(300))  # optional: pages fall back to French
    theme_fr: Mapped[str | None] = mapped_column(sa.Text)
    theme_en: Mapped[str | None] = mapped_column(sa.Text)
    description_fr: Mapped[str | None] = mapped_column(sa.Text)
    description_en: Mapped[str | None] = mapped_column(sa.Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Paris")
    is_online: Mapped[bool] = mapped_column(default=False)
    venue_name: Mapped[str | None] = mapped_column(sa.String(200))
    venue_address: Mapped[str | None] = mapped_column(sa.String(300))
    venue_city: Mapped[str | None] = mapped_column(sa.String(120))
    venue_country: Mapped[str | None] = mapped_column(sa.String(2))
    co_organisers: Mapped[str | None] = mapped_column(sa.Text)
    partner_country: Mapped[str | None] = mapped_column(sa.String(2))
    status: Mapped[EventStatus] = mapped_column(
        enum_column(EventStatus, "event_status"), default=EventStatus.DRAFT, index=True)
    capacity: Mapped[int | None]
    # Members-only events: each registration waits for an organiser's approval (pending → confirmed / refused).
    requires_approval: Mapped[bool] = mapped_column(default=False)
    # Video meeting link for online events: shown only to registered, confirmed people.
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    # The organisers' summary written after the event (the chronicles' recueil prints it).
    summary_fr: Mapped[str | None] = mapped_column(sa.Text)
    summary_en: Mapped[str | None] = mapped_column(sa.Text)
    # Bumped whenever its time or place changes (iCalendar SEQUENCE of an event shown as one entry).
    sequence: Mapped[int] = mapped_column(default=0)
    # Bumped (with ``version_at``) by every change to what the public pages show: the event, its sessions,
    # rooms, tracks, speakers (app/events/version.py). Cached public pages are keyed on it.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    version_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=utcnow)

    series: Mapped[EventSeries | None] = relationship(back_populates="events")

    @property
    def profile(self) -> KindProfile:
        """What the event's kind offers (``app.events.kinds``)."""
        return self.kind.profile

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def registration_is_open(self) -> bool:
        return self.status == EventStatus.REGISTRATION_OPEN

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def days(self) -> list[date]:
        """The calendar days of the event, in its own time zone."""
        first, last = self.local_start.date(), self.local_end.date()
        return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"
