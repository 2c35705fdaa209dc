"""A session's synthesis: its rapporteur (a registrant of the event), their private link, the text and
whether organisers published it."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime
from app.core.extensions import Model
from app.events.models import Event
from app.programme.models import Session
from app.registration.models import Registration, new_token

MAX_SYNTHESIS_LENGTH = 60_000


class Synthesis(TimestampMixin, Model):
    """One per session (UNIQUE). ``body`` is Markdown as the rapporteur typed it: it is rendered and sanitised
    on display (``app.syntheses.markdown``), never stored as HTML."""

    __tablename__ = "synthesis"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("programme_session.id", ondelete="CASCADE"), unique=True)
    rapporteur_id: Mapped[int | None] = mapped_column(sa.ForeignKey("registration.id", ondelete="SET NULL"),
                                                      index=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    body: Mapped[str] = mapped_column(sa.Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()
    session: Mapped[Session] = relationship()
    rapporteur: Mapped[Registration | None] = relationship()

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
