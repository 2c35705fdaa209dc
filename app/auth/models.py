"""User: a staff account (admin, organiser or reception desk)."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.db import TimestampMixin, UTCDateTime, enum_column
from app.core.extensions import Model


class Role(enum.StrEnum):
    ADMIN = "admin"
    ORGANISER = "organiser"
    DESK = "desk"


class User(UserMixin, TimestampMixin, Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"))
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Part of the id kept in the session cookie: bumped at logout and password change, it ends every
    # session cookie issued before (a cookie copied before logout no longer logs anyone in).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:  # Flask-Login: what the session cookie remembers
        return f"{self.id}.{self.session_version or 0}"

    def end_sessions(self) -> None:
        """Every session cookie issued so far stops working (logout, password change)."""
        self.session_version = (self.session_version or 0) + 1

    def set_password(self, password: str, *, end_sessions: bool = True) -> None:
        self.password_hash = generate_password_hash(password)
        if end_sessions and self.id is not None:
            self.end_sessions()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class LoginThrottle(Model):
    """Failed logins of one account from one client address (app.auth.throttle).

    Counting per account *and* address means someone guessing a password locks that account from
    their own address only: the owner logging in from elsewhere is never refused, and every lockout
    ends on its own (``locked_until``)."""

    __tablename__ = "login_throttle"
    __table_args__ = (sa.UniqueConstraint("email", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    address: Mapped[str] = mapped_column(sa.String(64))
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
