"""RegistrantMessage (a message written to some of an event's registrants, kept with its recipients)
and ReminderRule (when an event's automatic reminders go, and what they carry)."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime, enum_column
from app.core.extensions import Model
from app.events.models import Event
from app.registration.models import Delegation, Registration


class MessageKind(enum.StrEnum):
    """GENERAL is bulk (an opted-out address gets nothing); SESSION_CHANGE is transactional (a change to the
    person's own session: opt-out does not apply) and is only allowed for a workshop's registrants."""

    GENERAL = "general"
    SESSION_CHANGE = "session_change"


class MessageSender(enum.StrEnum):
    ORGANISER = "organiser"
    HEAD_OF_DELEGATION = "head_of_delegation"


class RegistrantMessage(TimestampMixin, Model):
    """A message sent to a filtered set of an event's registrations: who wrote it, when, the filter, the text."""

    __tablename__ = "registrant_message"
    __table_args__ = (
        # A head of delegation's message always names the delegation it was limited to.
        sa.CheckConstraint("sender <> 'head_of_delegation' OR delegation_id IS NOT NULL",
                           name="head_message_has_delegation"),
        sa.CheckConstraint("recipients_count >= 0", name="recipients_count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MessageKind] = mapped_column(enum_column(MessageKind, "registrant_message_kind"))
    sender: Mapped[MessageSender] = mapped_column(enum_column(MessageSender, "registrant_message_sender"))
    # The organiser who sent it (None for a head of delegation, or once the account is deleted).
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    delegation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("delegation.id", ondelete="CASCADE"), index=True)
    # Who sent it, as shown in the list (the organiser's address, or the head's name).
    sent_by: Mapped[str] = mapped_column(sa.String(254))
    # The filter as chosen (app.communications.messages_filters.RecipientFilter.as_dict()).
    filters: Mapped[dict[str, Any]] = mapped_column(sa.JSON(), default=dict)
    # Why each recipient gets it, in both languages ("vous êtes inscrit à l'atelier 4").
    reason_fr: Mapped[str] = mapped_column(sa.String(500))
    reason_en: Mapped[str] = mapped_column(sa.String(500))
    subject_fr: Mapped[str] = mapped_column(sa.String(300))
    body_fr: Mapped[str] = mapped_column(sa.Text())
    subject_en: Mapped[str] = mapped_column(sa.String(300), default="")
    body_en: Mapped[str] = mapped_column(sa.Text(), default="")
    recipients_count: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()
    delegation: Mapped[Delegation | None] = relationship()
    recipients: Mapped[list[RegistrantMessageRecipient]] = relationship(
        back_populates="message", cascade="all, delete-orphan")

    @property
    def stream(self) -> str:
        """The outbox stream of its mails (progress, pause)."""
        return f"message-{self.id}"


class RegistrantMessageRecipient(Model):
    """One registration a message went to, and its mail in the outbox."""

    __tablename__ = "registrant_message_recipient"

    message_id: Mapped[int] = mapped_column(sa.ForeignKey("registrant_message.id", ondelete="CASCADE"),
                                            primary_key=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registration.id", ondelete="CASCADE"),
                                                 primary_key=True, index=True)
    address: Mapped[str] = mapped_column(sa.String(254))
    outbox_message_id: Mapped[int | None] = mapped_column(sa.ForeignKey("outbox_message.id", ondelete="SET NULL"))

    message: Mapped[RegistrantMessage] = relationship(back_populates="recipients")
    registration: Mapped[Registration] = relationship()


MAX_MINUTES_BEFORE = 60 * 24 * 60  # 60 days


class ReminderRule(TimestampMixin, Model):
    """One automatic reminder of an event: so many minutes before it starts, to its confirmed registrants.

    An event without any rule uses its kind's defaults (app.communications.reminders.default_rules); a rule
    switched off is kept, so that "no reminder at all" can be said.
    """

    __tablename__ = "reminder_rule"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "minutes_before", name="uq_reminder_rule_event_minutes"),
        sa.CheckConstraint(f"minutes_before > 0 AND minutes_before <= {MAX_MINUTES_BEFORE}",
                           name="reminder_minutes_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    minutes_before: Mapped[int]
    enabled: Mapped[bool] = mapped_column(default=True)
    # The person's own agenda: listed in the text and attached as .ics.
    with_agenda: Mapped[bool] = mapped_column(default=True)
    # The join link of an online event (to confirmed registrants only, who may have it).
    with_join_link: Mapped[bool] = mapped_column(default=False)
    practical_fr: Mapped[str] = mapped_column(sa.Text(), default="")
    practical_en: Mapped[str] = mapped_column(sa.Text(), default="")

    event: Mapped[Event] = relationship()
