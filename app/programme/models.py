"""Room, Track, Session (a programme item) and SessionSpeaker."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from app.core.extensions import Model
from app.events.models import Event
from app.people.models import Person


class SessionType(enum.StrEnum):
    PLENARY = "plenary"
    WORKSHOP = "workshop"
    GEOGRAPHIC_GROUP = "geographic_group"
    MICRO_WORKSHOP = "micro_workshop"
    ROUND_TABLE = "round_table"
    CEREMONY = "ceremony"
    BREAK = "break"


class SessionStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class TrackKind(enum.StrEnum):
    THEMATIC = "thematic"  # a "dynamique thématique": Climat, Genre, Jeunesses-ECSI, Crises…
    GEOGRAPHIC = "geographic"  # a "pôle géographique": Afrique, Méditerranée, Asie…


class SpeakerRole(enum.StrEnum):
    KEYNOTE = "keynote"  # grand témoin
    MODERATOR = "moderator"
    SPEAKER = "speaker"
    RAPPORTEUR = "rapporteur"


class Room(Model):
    __tablename__ = "room"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "name"),
        sa.UniqueConstraint("id", "event_id"),  # the target of the sessions' (room_id, event_id) key
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    capacity: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)
    # When it was last changed (a rename moves the calendar feeds' Last-Modified).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()


class Track(Model):
    __tablename__ = "track"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "slug"),
        sa.UniqueConstraint("id", "event_id"),  # the target of the sessions' (track_id, event_id) key
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(80))
    kind: Mapped[TrackKind] = mapped_column(enum_column(TrackKind, "track_kind"))
    name_fr: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    # When it was last changed (a rename moves the calendar feeds' Last-Modified).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()


class Session(TimestampMixin, Model):
    """One item of a programme: a plenary, a workshop, a break…"""

    __tablename__ = "programme_session"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        sa.Index("ix_programme_session_event_id_starts_at", "event_id", "starts_at"),
        # A session's room and track are its own event's: the database refuses another event's (the one-column
        # keys below keep ON DELETE SET NULL; a speaker is a person of the directory, shared by every event).
        # Checked at commit (deferred): PostgreSQL runs a deleted room's SET NULL and this check as triggers in
        # an order it does not promise, so an immediate check could refuse deleting a room still in use.
        sa.ForeignKeyConstraint(["room_id", "event_id"], ["room.id", "room.event_id"],
                                name="fk_programme_session_room_id_event_id_room", deferrable=True, initially="DEFERRED"),
        sa.ForeignKeyConstraint(["track_id", "event_id"], ["track.id", "track.event_id"],
                                name="fk_programme_session_track_id_event_id_track", deferrable=True,
                                initially="DEFERRED"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    type: Mapped[SessionType] = mapped_column(enum_column(SessionType, "session_type"))
    title_fr: Mapped[str] = mapped_column(sa.String(300))
    title_en: Mapped[str] = mapped_column(sa.String(300))
    description_fr: Mapped[str | None] = mapped_column(sa.Text)
    description_en: Mapped[str | None] = mapped_column(sa.Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    room_id: Mapped[int | None] = mapped_column(sa.ForeignKey("room.id", ondelete="SET NULL"), index=True)
    track_id: Mapped[int | None] = mapped_column(sa.ForeignKey("track.id", ondelete="SET NULL"), index=True)
    capacity: Mapped[int | None]
    # ISO 639-1 codes: the languages spoken, and those offered by interpretation.
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    interpretation: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    status: Mapped[SessionStatus] = mapped_column(
        enum_column(SessionStatus, "session_status"), default=SessionStatus.SCHEDULED)
    is_hidden: Mapped[bool] = mapped_column(default=False)
    # Join link of an online session: only in personal pages and feeds, never public.
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    # Bumped whenever time, place or status change (iCalendar SEQUENCE).
    sequence: Mapped[int] = mapped_column(default=0)
    # Why an organiser kept this session despite a room or speaker conflict.
    conflict_override_reason: Mapped[str | None] = mapped_column(sa.Text)

    event: Mapped[Event] = relationship()
    room: Mapped[Room | None] = relationship(foreign_keys=[room_id])
    track: Mapped[Track | None] = relationship(foreign_keys=[track_id])
    speakers: Mapped[list[SessionSpeaker]] = relationship(
        back_populates="session", order_by="SessionSpeaker.position", cascade="all, delete-orphan")

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    def __repr__(self) -> str:
        return f"<Session {self.id} {self.title_fr!r}>"


class SessionSpeaker(Model):
    """A person speaking at a session, with a role and an order of appearance."""

    __tablename__ = "session_speaker"
    __table_args__ = (sa.UniqueConstraint("session_id", "person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("programme_session.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    role: Mapped[SpeakerRole] = mapped_column(enum_column(SpeakerRole, "speaker_role"), default=SpeakerRole.SPEAKER)
    position: Mapped[int] = mapped_column(default=0)

    session: Mapped[Session] = relationship(back_populates="speakers")
    person: Mapped[Person] = relationship()


from app.programme import versioning  # noqa: E402,F401  (registers these models with app/events/version.py)
