"""CertificateSigner (who signs an event's certificates, with the logo) and Certificate (one per registration)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime
from app.core.extensions import Model
from app.events.models import Event
from app.registration.models import Registration

CODE_LENGTH = 24  # base32 letters and digits: 120 random bits


class CertificateSigner(TimestampMixin, Model):
    """The organiser who signs an event's attendance certificates: name, function, signature image, and the
    organisation's logo printed at the top. Images are stored as re-encoded PNG (see app/certificates/images.py)."""

    __tablename__ = "certificate_signer"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    function: Mapped[str] = mapped_column(sa.String(300))
    signature_png: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    logo_png: Mapped[bytes | None] = mapped_column(sa.LargeBinary)

    event: Mapped[Event] = relationship()


class Certificate(Model):
    """An attendance certificate issued to one registration. The code (random, unguessable, no personal data)
    is printed as a QR code and a short URL ``/v/<code>``; revoking keeps the row and says so on that page."""

    __tablename__ = "certificate"
    __table_args__ = (
        sa.CheckConstraint("reason IS NULL OR revoked_at IS NOT NULL", name="reason_only_when_revoked"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registration.id", ondelete="CASCADE"), unique=True)
    code: Mapped[str] = mapped_column(sa.String(CODE_LENGTH), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(sa.String(300))

    event: Mapped[Event] = relationship()
    registration: Mapped[Registration] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
