"""OutboxMessage: one mail waiting to be sent (or sent, or given up on); streams, suppressions and bounces."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime, enum_column, utcnow
from app.core.extensions import Model


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for next_attempt_at
    SENDING = "sending"  # claimed by a worker until locked_until
    SENT = "sent"
    FAILED = "failed"  # given up: too many attempts, or refused for good by the server
    SUPPRESSED = "suppressed"  # bulk mail to an address that opted out or bounced for good: never sent


class OutboxMessage(Model):
    """A transactional mail, written in the same transaction as the change it tells about."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        sa.Index("ix_outbox_message_status_next_attempt_at", "status", "next_attempt_at"),
        sa.Index("ix_outbox_message_stream_status", "stream", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(500))
    text_body: Mapped[str] = mapped_column(sa.Text())
    html_body: Mapped[str | None] = mapped_column(sa.Text())
    language: Mapped[str] = mapped_column(sa.String(8), default="fr")
    # [{"filename": …, "content_type": …, "data_base64": …}, …]
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON(), default=list)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.Text())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # "registration-42-confirmation": enqueuing the same key twice gives the same message.
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    # RFC 5322 Message-ID, fixed at enqueue and reused on every retry.
    message_id: Mapped[str] = mapped_column(sa.String(255), unique=True)
    # Not transactional (campaigns, general messages): opt-out honoured, List-Unsubscribe headers and footer.
    bulk: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # "campaign-12": groups messages for pause, resume, progress and rate limit (MailStream).
    stream: Mapped[str | None] = mapped_column(sa.String(100))

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} to={self.to_address} {self.status} attempts={self.attempts}>"


class MailStream(Model):
    """Settings of a stream of messages (a campaign…): paused or not, at most so many mails a minute."""

    __tablename__ = "mail_stream"
    __table_args__ = (
        sa.CheckConstraint("rate_per_minute IS NULL OR rate_per_minute > 0", name="rate_positive"),
    )

    name: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    paused: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    rate_per_minute: Mapped[int | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class MailSuppression(Model):
    """What is known of one address: it opted out of bulk mail, it bounced for good. One row per address."""

    __tablename__ = "mail_suppression"

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(sa.String(254), unique=True)  # normalised, lower case
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hard_bounced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    soft_bounces: Mapped[int] = mapped_column(default=0, server_default="0")
    last_bounce_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_bounce_status: Mapped[str | None] = mapped_column(sa.String(16))  # "5.1.1"
    last_bounce_diagnostic: Mapped[str | None] = mapped_column(sa.String(500))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @property
    def suppressed(self) -> bool:
        return self.opted_out_at is not None or self.hard_bounced_at is not None


class MailBounce(Model):
    """One delivery status notification read from the bounce mailbox (its fingerprint makes reading idempotent)."""

    __tablename__ = "mail_bounce"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('hard', 'soft')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(sa.String(64), unique=True)  # sha256 of the returned mail
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    address: Mapped[str] = mapped_column(sa.String(254), index=True)
    outbox_message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("outbox_message.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(4))  # "hard" (5.x.x) or "soft" (4.x.x)
    status: Mapped[str] = mapped_column(sa.String(16))
    diagnostic: Mapped[str | None] = mapped_column(sa.String(500))
