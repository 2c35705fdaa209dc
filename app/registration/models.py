"""Delegation, Registration and SessionChoice."""
from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime, enum_column
from app.core.extensions import Model, db
from app.events.models import Event
from app.people.models import Collectivite, Person
from app.programme.models import Session


def new_token() -> str:
    """An unguessable token (256 random bits) for private links and feeds."""
    return secrets.token_urlsafe(32)


class RegistrationCategory(enum.StrEnum):
    PARTICIPANT = "participant"
    SPEAKER = "speaker"
    ORGANISER = "organiser"
    PRESS = "press"
    VIP = "vip"
    DELEGATION_MEMBER = "delegation_member"


class RegistrationStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    REFUSED = "refused"
    CANCELLED = "cancelled"


# A person holds at most one registration in these statuses per event.
ACTIVE_STATUSES = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


class DelegationSide(enum.StrEnum):
    FRENCH = "french"
    PARTNER = "partner"


class InvitationLetterStatus(enum.StrEnum):
    NONE = "none"
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"


class AttendanceSource(enum.StrEnum):
    """How an attendance was recorded: the video platform's participants list, or by hand."""

    IMPORT = "import"
    MANUAL = "manual"


class ChoiceStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"


delegation_collectivite = sa.Table(
    "delegation_collectivite",
    db.metadata,
    sa.Column("delegation_id", sa.ForeignKey("delegation.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("collectivite_id", sa.ForeignKey("collectivite.id", ondelete="CASCADE"), primary_key=True),
)


class Delegation(TimestampMixin, Model):
    """A group travelling together, led by a head of delegation."""

    __tablename__ = "delegation"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    country: Mapped[str] = mapped_column(sa.String(2))
    side: Mapped[DelegationSide | None] = mapped_column(enum_column(DelegationSide, "delegation_side"))
    head_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    # The head of delegation's private link to manage the members (random, 256 bits).
    manage_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)

    event: Mapped[Event] = relationship()
    head: Mapped[Person | None] = relationship()
    registrations: Mapped[list[Registration]] = relationship(back_populates="delegation")
    collectivites: Mapped[list[Collectivite]] = relationship(secondary=delegation_collectivite)


_active = sa.text("status IN ('pending', 'confirmed', 'waitlisted')")


class Registration(TimestampMixin, Model):
    """One person's registration to one event."""

    __tablename__ = "registration"
    __table_args__ = (
        sa.Index("uq_registration_active_person", "event_id", "person_id", unique=True,
                 sqlite_where=_active, postgresql_where=_active),
        sa.CheckConstraint("attendance_minutes IS NULL OR attendance_minutes >= 0",
                           name="attendance_minutes_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    category: Mapped[RegistrationCategory] = mapped_column(
        enum_column(RegistrationCategory, "registration_category"), default=RegistrationCategory.PARTICIPANT)
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus, "registration_status"), default=RegistrationStatus.PENDING)
    delegation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("delegation.id", ondelete="SET NULL"), index=True)
    # Reaches the personal calendar feed only; a separate secret from any self-service link.
    calendar_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    # The private self-service link (see, edit or cancel the registration).
    manage_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    # The language of the registrant's mail (fr/en), as chosen on the form.
    language: Mapped[str] = mapped_column(sa.String(8), default="fr")
    interpretation_needs: Mapped[str | None] = mapped_column(sa.String(500))
    dietary_needs: Mapped[str | None] = mapped_column(sa.String(500))
    accessibility_needs: Mapped[str | None] = mapped_column(sa.String(500))
    # When the registrant accepted the privacy notice (None for registrations made by organisers).
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the registrant first opened their private link (the proof they own the address); None until then.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # This registration created the person's record (so a head of delegation may correct the names they typed).
    created_person: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Visa invitation letter: travel-document details are seen by organisers only and purged after the event.
    invitation_letter: Mapped[InvitationLetterStatus] = mapped_column(
        enum_column(InvitationLetterStatus, "invitation_letter_status"), default=InvitationLetterStatus.NONE)
    invitation_letter_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    passport_number: Mapped[str | None] = mapped_column(sa.String(40))
    passport_expires_on: Mapped[date | None] = mapped_column(sa.Date)
    nationality: Mapped[str | None] = mapped_column(sa.String(2))
    date_of_birth: Mapped[date | None] = mapped_column(sa.Date)
    # Bumped by every reprint: badges printed before then scan as "superseded".
    badge_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # A note the reception desk must see when the person arrives ("badge to collect", "interpreter needed"…).
    desk_note: Mapped[str | None] = mapped_column(sa.String(300))
    # Online events: when the person joined (first join), how long they stayed, and how we know.
    attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attendance_minutes: Mapped[int | None]
    attendance_source: Mapped[AttendanceSource | None] = mapped_column(
        enum_column(AttendanceSource, "attendance_source"))

    event: Mapped[Event] = relationship()
    person: Mapped[Person] = relationship()
    delegation: Mapped[Delegation | None] = relationship(back_populates="registrations")
    choices: Mapped[list[SessionChoice]] = relationship(
        back_populates="registration", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Registration {self.id} event={self.event_id} person={self.person_id} {self.status}>"


class SessionChoice(TimestampMixin, Model):
    """A session (workshop…) a registrant chose to attend."""

    __tablename__ = "session_choice"

    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_session.id", ondelete="CASCADE"), primary_key=True, index=True)
    status: Mapped[ChoiceStatus] = mapped_column(
        enum_column(ChoiceStatus, "choice_status"), default=ChoiceStatus.CONFIRMED)

    registration: Mapped[Registration] = relationship(back_populates="choices")
    session: Mapped[Session] = relationship()


class ClaimKind(enum.StrEnum):
    REGISTRATION = "registration"
    DELEGATION = "delegation"


class PendingClaim(TimestampMixin, Model):
    """What an anonymous visitor typed on a public form, waiting for proof that they own the address.

    Nothing is registered, no seat held, no person record written until the link mailed to the
    address is opened (``app.registration.claims``); a later submission for the same address and
    event replaces the claim (new token: the earlier mail's link stops working), and an unconfirmed
    claim expires after ``claims.CLAIM_LIFETIME``. Once confirmed, ``token`` becomes the
    registration's private link.
    """

    __tablename__ = "pending_claim"
    __table_args__ = (sa.UniqueConstraint("event_id", "email", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    language: Mapped[str] = mapped_column(sa.String(8), default="fr")
    data: Mapped[dict] = mapped_column(sa.JSON(), default=dict)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()
