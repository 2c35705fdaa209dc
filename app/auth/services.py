"""Operations on staff accounts. They flush; the caller commits."""
from __future__ import annotations

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from app.auth.models import Role, User
from app.core.db import utcnow
from app.core.extensions import db
from app.core.text import normalise_email as normalise

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return normalise(email)


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(email: str, password: str, role: Role) -> User:
    email = normalise_email(email)
    if "@" not in email:
        raise AccountError(f"not an email address: {email!r}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password too short: at least {MIN_PASSWORD_LENGTH} characters")
    if find_user(email) is not None:
        raise AccountError(f"an account already exists for {email}")
    user = User(email=email, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    from app.audit.operations import record_audit

    record_audit("user.create", target=user, details={"email": email, "role": role.value})
    return user


def current_hash_method() -> str:
    """Method and parameters of werkzeug's current default scheme, e.g. ``scrypt:32768:8:1``."""
    return generate_password_hash("x").split("$", 1)[0]


def needs_rehash(password_hash: str) -> bool:
    return password_hash.split("$", 1)[0] != current_hash_method()


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Takes the same time whether or not the email exists."""
    user = find_user(email)
    if user is None:
        User(email="", role=Role.DESK).set_password(password)  # equalise timing
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.set_password(password, end_sessions=False)  # an older or weaker scheme: upgrade it now that we have the password
    user.last_login_at = utcnow()
    db.session.flush()
    return user
