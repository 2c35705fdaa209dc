"""AccessRequest: someone outside the member collectivités asks to join a chronicle."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime, enum_column
from app.core.extensions import Model
from app.events.models import Event
from app.people.models import Collectivite, Person


class AccessRequestStatus(enum.StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


_pending = sa.text("status = 'pending'")


class AccessRequest(TimestampMixin, Model):
    """A request to attend a members-only chronicle (or all the coming chronicles of its series)."""

    __tablename__ = "access_request"
    __table_args__ = (
        # One request waiting per person and chronicle: asking twice finds the first one.
        sa.Index("uq_access_request_pending_person", "event_id", "person_id", unique=True,
                 sqlite_where=_pending, postgresql_where=_pending),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    status: Mapped[AccessRequestStatus] = mapped_column(
        enum_column(AccessRequestStatus, "access_request_status"), default=AccessRequestStatus.PENDING)
    # Granting registers the person to this chronicle and, if asked, to the series' later ones.
    whole_series: Mapped[bool] = mapped_column(default=False)
    message: Mapped[str | None] = mapped_column(sa.String(1000))
    # The collectivité the requester picked on the form: a claim for the organisers to check, never put on the person.
    collectivite_id: Mapped[int | None] = mapped_column(sa.ForeignKey("collectivite.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(sa.String(8), default="fr")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()
    person: Mapped[Person] = relationship()
    collectivite: Mapped[Collectivite | None] = relationship()

    def __repr__(self) -> str:
        return f"<AccessRequest {self.id} event={self.event_id} person={self.person_id} {self.status}>"
