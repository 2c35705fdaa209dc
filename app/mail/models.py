"""OutboxMessage: one mail waiting to be sent (or sent, or given up on)."""
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


class OutboxMessage(Model):
    """A transactional mail, written in the same transaction as the change it tells about."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        sa.Index("ix_outbox_message_status_next_attempt_at", "status", "next_attempt_at"),
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

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} to={self.to_address} {self.status} attempts={self.attempts}>"
