"""Contacts (the network's directory), saved audiences, invitation campaigns and the invitations they sent."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime, enum_column
from app.core.extensions import Model

if TYPE_CHECKING:
    from app.events.models import Event
    from app.people.models import Collectivite, Person
    from app.registration.models import Registration


class Contact(TimestampMixin, Model):
    """Someone the network writes to: one row per normalised address (``app.core.text.normalise_email``).

    ``person_id`` links the contact to a known person (same address), ``collectivite_id`` to a known
    collectivité (same name); both only fill empty links, never replace what organisers set.
    ``collectivite_name`` keeps the name as imported when no collectivité matched. ``deleted_at``: deleted by an
    organiser (set aside, restorable): out of the list, the audiences and the campaigns' recipients; the row keeps
    the address, so the invitations it received stay in the campaigns' history."""

    __tablename__ = "contact"
    __table_args__ = (
        sa.CheckConstraint("language IN ('fr', 'en')", name="language"),
        sa.CheckConstraint("email <> ''", name="email_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    given_name: Mapped[str] = mapped_column(sa.String(120), default="")
    family_name: Mapped[str] = mapped_column(sa.String(120), default="")
    honorific: Mapped[str | None] = mapped_column(sa.String(40))
    function: Mapped[str | None] = mapped_column(sa.String(300))
    collectivite_id: Mapped[int | None] = mapped_column(sa.ForeignKey("collectivite.id", ondelete="SET NULL"),
                                                        index=True)
    collectivite_name: Mapped[str | None] = mapped_column(sa.String(200))
    country: Mapped[str | None] = mapped_column(sa.String(2), index=True)
    language: Mapped[str] = mapped_column(sa.String(2), default="fr")
    is_member: Mapped[bool] = mapped_column(default=False)
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"), index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    collectivite: Mapped[Collectivite | None] = relationship()
    person: Mapped[Person | None] = relationship()

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def collectivite_label(self) -> str:
        if self.collectivite is not None:
            return self.collectivite.name
        return self.collectivite_name or ""

    def __repr__(self) -> str:
        return f"<Contact {self.id} {self.email}>"


class SavedAudience(TimestampMixin, Model):
    """A named audience: a definition (``app.communications.audiences``) evaluated when it is used.
    ``deleted_at``: deleted by an organiser (restorable); it keeps its name."""

    __tablename__ = "saved_audience"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    definition: Mapped[dict[str, Any]] = mapped_column(sa.JSON())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CampaignStatus(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"  # queued by ``flask campaigns queue-due`` once scheduled_at has passed
    QUEUED = "queued"  # its mails are in the outbox (stream ``campaign-<id>``)


class Campaign(TimestampMixin, Model):
    """An invitation to an event, written in French and English, sent to an audience of contacts."""

    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    audience: Mapped[dict[str, Any]] = mapped_column(sa.JSON())
    audience_label: Mapped[str] = mapped_column(sa.String(300), default="")
    subject_fr: Mapped[str] = mapped_column(sa.String(300), default="")
    body_fr: Mapped[str] = mapped_column(sa.Text(), default="")
    subject_en: Mapped[str] = mapped_column(sa.String(300), default="")
    body_en: Mapped[str] = mapped_column(sa.Text(), default="")
    status: Mapped[CampaignStatus] = mapped_column(enum_column(CampaignStatus, "campaign_status"),
                                                   default=CampaignStatus.DRAFT)
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()

    @property
    def stream(self) -> str:
        """The outbox stream of its mails (progress, pause, resume)."""
        return f"campaign-{self.id}"


class Invitation(Model):
    """One contact invited by one campaign; ``registration_id`` once they registered to the event (through
    their personal link, ``via="link"``, or with the same address, ``via="address"``)."""

    __tablename__ = "invitation"
    __table_args__ = (
        sa.UniqueConstraint("campaign_id", "contact_id"),
        sa.CheckConstraint("via IS NULL OR via IN ('link', 'address')", name="via"),
        sa.CheckConstraint("(registration_id IS NULL) = (via IS NULL)", name="registration_via"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("campaign.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(sa.ForeignKey("contact.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    language: Mapped[str] = mapped_column(sa.String(2), default="fr")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    outbox_message_id: Mapped[int | None]
    registration_id: Mapped[int | None] = mapped_column(sa.ForeignKey("registration.id", ondelete="SET NULL"),
                                                        index=True)
    via: Mapped[str | None] = mapped_column(sa.String(10))
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    campaign: Mapped[Campaign] = relationship()
    contact: Mapped[Contact] = relationship()
    registration: Mapped[Registration | None] = relationship()
