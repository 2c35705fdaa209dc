"""Bilateral meetings: cooperation themes and profiles, meeting requests, meetings, and what the
scheduler places them on (blocks, slot length, tables, interpreters).

The invariants live in the database: one meeting per request (``meeting.request_id`` unique), a table
and an interpreter serve at most one live meeting per slot (unique partial indexes), one open request per
pair, statuses are CHECKed, and a pinned or published meeting has its slot and table.
"""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime, enum_column
from app.core.extensions import Model, db
from app.events.models import Event
from app.people.models import Collectivite, Person
from app.registration.models import Registration


class RequestStatus(enum.StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"


# A request still standing: no second one for the same pair while one of these exists.
OPEN_REQUEST_STATUSES = (RequestStatus.REQUESTED, RequestStatus.ACCEPTED)


class MeetingStatus(enum.StrEnum):
    UNSCHEDULED = "unscheduled"  # accepted, not (yet) given a slot and a table
    SCHEDULED = "scheduled"  # has a slot and a table
    CANCELLED = "cancelled"


class MeetingTheme(TimestampMixin, Model):
    """A cooperation theme of one event (water and sanitation, heritage and tourism…), a list the organisers keep."""

    __tablename__ = "meeting_theme"
    __table_args__ = (sa.UniqueConstraint("event_id", "name_fr"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name_fr: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str | None] = mapped_column(sa.String(120))
    position: Mapped[int] = mapped_column(default=0)
    # A removed theme is no longer offered; profiles that chose it keep it until it is restored or changed.
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    event: Mapped[Event] = relationship()

    def name(self, language: str) -> str:
        return (self.name_en or self.name_fr) if language == "en" else self.name_fr


cooperation_profile_theme = sa.Table(
    "cooperation_profile_theme",
    db.metadata,
    sa.Column("profile_id", sa.ForeignKey("cooperation_profile.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("theme_id", sa.ForeignKey("meeting_theme.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class CooperationProfile(TimestampMixin, Model):
    """What one participating collectivité brings to one event's meetings: its themes, its existing partners,
    what it looks for and the languages its people speak (ISO 639-1 codes, space-separated)."""

    __tablename__ = "cooperation_profile"
    __table_args__ = (sa.UniqueConstraint("event_id", "collectivite_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    collectivite_id: Mapped[int] = mapped_column(sa.ForeignKey("collectivite.id", ondelete="CASCADE"), index=True)
    existing_partners: Mapped[str | None] = mapped_column(sa.Text)
    looking_for: Mapped[str | None] = mapped_column(sa.Text)
    languages: Mapped[str] = mapped_column(sa.String(100), default="")
    # Who last saved it (a person of the collectivité or its head of delegation).
    updated_by_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()
    collectivite: Mapped[Collectivite] = relationship()
    themes: Mapped[list[MeetingTheme]] = relationship(secondary=cooperation_profile_theme,
                                                      order_by=MeetingTheme.position)

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split() if code]


_open_request = sa.text("status IN ('requested', 'accepted')")


class MeetingRequest(TimestampMixin, Model):
    """A wish to meet: from a registration (asked by the person or by their head of delegation on their behalf,
    or created by organisers for a protocol meeting) to a collectivité or to a named registration.

    ``to_registration_id`` is the named person; for a request to a collectivité it is filled on acceptance with
    the person of that collectivité who will attend. ``mutual``: both sides asked for each other.
    """

    __tablename__ = "meeting_request"
    __table_args__ = (
        sa.CheckConstraint("to_collectivite_id IS NOT NULL OR to_registration_id IS NOT NULL", name="has_target"),
        sa.CheckConstraint("to_registration_id IS NULL OR to_registration_id <> from_registration_id",
                           name="not_to_self"),
        sa.CheckConstraint("status <> 'accepted' OR to_registration_id IS NOT NULL", name="accepted_has_attendee"),
        sa.Index("uq_meeting_request_open_to_person", "from_registration_id", "to_registration_id", unique=True,
                 sqlite_where=sa.text("status IN ('requested', 'accepted') AND to_collectivite_id IS NULL"),
                 postgresql_where=sa.text("status IN ('requested', 'accepted') AND to_collectivite_id IS NULL")),
        sa.Index("uq_meeting_request_open_to_collectivite", "from_registration_id", "to_collectivite_id",
                 unique=True, sqlite_where=_open_request, postgresql_where=_open_request),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    from_registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    # Who typed it: the registrant, or their head of delegation; None when organisers created it.
    asked_by_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"))
    to_collectivite_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("collectivite.id", ondelete="CASCADE"), index=True)
    to_registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    message: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[RequestStatus] = mapped_column(
        enum_column(RequestStatus, "meeting_request_status"), default=RequestStatus.REQUESTED)
    # Why it was declined or cancelled (optional, shown to the other side).
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    mutual: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Created by organisers (protocol meeting between heads): accepted at once, placed first.
    protocol: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    answered_by_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()
    from_registration: Mapped[Registration] = relationship(foreign_keys=[from_registration_id])
    to_registration: Mapped[Registration | None] = relationship(foreign_keys=[to_registration_id])
    to_collectivite: Mapped[Collectivite | None] = relationship()
    asked_by: Mapped[Person | None] = relationship(foreign_keys=[asked_by_person_id])
    meeting: Mapped[Meeting | None] = relationship(back_populates="request", uselist=False)


class MeetingSettings(Model):
    """One event's meeting settings: the slot length and the maximum of meetings per person (None: no maximum)."""

    __tablename__ = "meeting_settings"
    __table_args__ = (
        sa.CheckConstraint("slot_minutes BETWEEN 5 AND 240", name="slot_minutes_range"),
        sa.CheckConstraint("max_meetings_per_person IS NULL OR max_meetings_per_person >= 0",
                           name="max_meetings_not_negative"),
    )

    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    slot_minutes: Mapped[int] = mapped_column(default=30, server_default="30")
    max_meetings_per_person: Mapped[int | None]
    # Requests open (participants may ask and answer); organisers close them before scheduling if they wish.
    requests_open: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    event: Mapped[Event] = relationship()


class MeetingBlock(Model):
    """A time window on one of the event's days when meetings take place; cut into slots of the event's length."""

    __tablename__ = "meeting_block"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # A removed block gives no slot to the scheduler; restoring it gives them back.
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    event: Mapped[Event] = relationship()


class MeetingTable(Model):
    """A numbered meeting table in a room."""

    __tablename__ = "meeting_table"
    __table_args__ = (sa.UniqueConstraint("event_id", "number"),
                      sa.CheckConstraint("number > 0", name="number_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    room: Mapped[str] = mapped_column(sa.String(120), default="")
    # A removed table keeps its past meetings; the scheduler no longer uses it.
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    event: Mapped[Event] = relationship()


class Interpreter(TimestampMixin, Model):
    """An interpreter of one event: the language pairs they cover ("fr-vi fr-en", unordered pairs of
    ISO 639-1 codes) and the windows when they are available (``InterpreterAvailability``)."""

    __tablename__ = "interpreter"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    language_pairs: Mapped[str] = mapped_column(sa.String(200), default="")
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    event: Mapped[Event] = relationship()
    availability: Mapped[list[InterpreterAvailability]] = relationship(
        back_populates="interpreter", cascade="all, delete-orphan", order_by="InterpreterAvailability.starts_at")

    @property
    def pairs(self) -> set[frozenset[str]]:
        """The pairs as sets of two codes: ``frozenset({"fr", "vi"}) in interpreter.pairs``."""
        found = set()
        for pair in self.language_pairs.split():
            codes = [code for code in pair.lower().split("-") if code]
            if len(codes) == 2 and codes[0] != codes[1]:
                found.add(frozenset(codes))
        return found


class InterpreterAvailability(Model):
    """A window when an interpreter can work (an interpreter with no window is available in every block)."""

    __tablename__ = "interpreter_availability"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interpreter_id: Mapped[int] = mapped_column(sa.ForeignKey("interpreter.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())

    interpreter: Mapped[Interpreter] = relationship(back_populates="availability")


_live_placed = sa.text("status = 'scheduled'")
_live_interpreted = sa.text("status = 'scheduled' AND interpreter_id IS NOT NULL")


class Meeting(TimestampMixin, Model):
    """An accepted request's scheduled form: side A (the requester) meets side B (the attendee of the other side)
    at ``starts_at`` (a slot start) at a table, with an interpreter when they share no language.

    ``pinned``: organisers placed it; the scheduler leaves it. ``published``: participants see it (and its
    mail went out); ``sequence`` is bumped on every move of a published meeting (calendar SEQUENCE).
    ``unplaced_reason``: why the scheduler could not place it (None when placed).
    """

    __tablename__ = "meeting"
    __table_args__ = (
        sa.UniqueConstraint("request_id"),
        sa.Index("uq_meeting_table_slot", "table_id", "starts_at", unique=True,
                 sqlite_where=_live_placed, postgresql_where=_live_placed),
        sa.Index("uq_meeting_interpreter_slot", "interpreter_id", "starts_at", unique=True,
                 sqlite_where=_live_interpreted, postgresql_where=_live_interpreted),
        sa.CheckConstraint("side_a_registration_id <> side_b_registration_id", name="two_sides"),
        sa.CheckConstraint("status <> 'scheduled' OR (starts_at IS NOT NULL AND table_id IS NOT NULL)",
                           name="scheduled_is_placed"),
        sa.CheckConstraint("NOT pinned OR status = 'scheduled'", name="pinned_is_scheduled"),
        sa.CheckConstraint("NOT published OR status <> 'unscheduled'", name="published_is_placed"),
        sa.CheckConstraint("sequence >= 0", name="sequence_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting_request.id", ondelete="CASCADE"))
    side_a_registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    side_b_registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.UNSCHEDULED)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    table_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting_table.id", ondelete="RESTRICT"), index=True)
    interpreter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("interpreter.id", ondelete="SET NULL"), index=True)
    pinned: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    published: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unplaced_reason: Mapped[str | None] = mapped_column(sa.String(300))

    event: Mapped[Event] = relationship()
    request: Mapped[MeetingRequest] = relationship(back_populates="meeting")
    side_a: Mapped[Registration] = relationship(foreign_keys=[side_a_registration_id])
    side_b: Mapped[Registration] = relationship(foreign_keys=[side_b_registration_id])
    table: Mapped[MeetingTable | None] = relationship()
    interpreter: Mapped[Interpreter | None] = relationship()

    @property
    def held(self) -> bool:
        return self.held_at is not None
