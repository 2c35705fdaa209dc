"""DeskToken and CheckIn."""
from __future__ import annotations

import hashlib
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime
from app.core.extensions import Model
from app.events.models import Event
from app.registration.models import Registration


def hash_desk_token(token: str) -> str:
    """Desk tokens are stored as their SHA-256 only; the token itself is shown once, when issued."""
    return hashlib.sha256(token.encode()).hexdigest()


class DeskToken(TimestampMixin, Model):
    """A bearer token that lets one scanning device (desk "B"…) check people in at one event; revocable."""

    __tablename__ = "desk_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    desk: Mapped[str] = mapped_column(sa.String(20))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # No token is valid for ever: by default until a day after the event's end (set when issued).
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()


class DeskAssignment(Model):
    """A desk user account tied to an event: such an account sees and scans only the events it is tied to."""

    __tablename__ = "desk_assignment"
    __table_args__ = (sa.UniqueConstraint("user_id", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)


class CheckIn(TimestampMixin, Model):
    """One person welcomed at one event on one of its days (in the event's zone).

    The unique constraint on (registration, day) is what makes concurrent scans of
    one badge give exactly one welcome: the losers hit it and answer "already checked in".
    Undo deletes the row.
    """

    __tablename__ = "check_in"
    __table_args__ = (sa.UniqueConstraint("registration_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registration.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(sa.Date)
    # When the person was welcomed: the device's scan time for offline scans, else the server's time.
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # When the server recorded it (later than checked_in_at for scans sent after being offline).
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    desk: Mapped[str] = mapped_column(sa.String(20))
    # The scanning client's nonce (for undo and for answering a repeated request the same way).
    nonce: Mapped[str | None] = mapped_column(sa.String(80))
    badge_version: Mapped[int | None]
    # The staff member who checked the person in by hand (search by name), if any.
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    registration: Mapped[Registration] = relationship()


# The verdicts a scan can get (app.checkin.operations names each one); the database refuses any other.
SCAN_STATUSES = ("ok", "already_checked_in", "invalid", "wrong_event", "unknown", "cancelled", "not_confirmed",
                 "superseded", "not_event_day")


class Scan(Model):
    """Every scan a desk sent, with the answer it got: the same nonce twice from one desk gets the first answer
    again (nonces are the desk's own: another desk's nonce is never confused with it)."""

    __tablename__ = "scan"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "desk", "nonce"),
        sa.CheckConstraint(sa.column("status").in_(SCAN_STATUSES), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    nonce: Mapped[str] = mapped_column(sa.String(80))
    desk: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(30))
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registration.id", ondelete="SET NULL"), index=True)
    check_in_id: Mapped[int | None] = mapped_column(sa.ForeignKey("check_in.id", ondelete="SET NULL"))
    # The device's time for scans made offline and sent later; None for live scans.
    scanned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The JSON answer given the first time (replayed for a repeated nonce).
    response: Mapped[str] = mapped_column(sa.Text)
    # SHA-256 of what was asked (code or registration): the same nonce asking something else is a conflict.
    fingerprint: Mapped[str | None] = mapped_column(sa.String(64))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
