"""AuditEntry: one recorded action (an organiser's change, a registration change, a check-in, a login lockout)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime, utcnow
from app.core.extensions import Model


class AuditEntry(Model):
    __tablename__ = "audit_entry"
    __table_args__ = (sa.Index("ix_audit_entry_event_id_at", "event_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # The staff account that acted, when there is one; ``actor`` names every actor:
    # ``user:<id>``, ``delegate`` (a private link), ``desk:<desk>`` (a desk link), ``system`` (CLI, workers).
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    actor: Mapped[str] = mapped_column(sa.String(80))
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    target_type: Mapped[str | None] = mapped_column(sa.String(40))
    target_id: Mapped[int | None] = mapped_column(sa.BigInteger())
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("event.id", ondelete="SET NULL"))
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON(), default=dict)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.target_type}:{self.target_id} by {self.actor}>"
