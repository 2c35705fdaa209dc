"""Flask-Login wiring and the role check used by every staff page."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.models import Role, User
from app.core.extensions import db, login_manager
from app.core.urls import parse_id


def configure_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        """The user of a session cookie ``<id>.<session version>``; None once that version has ended."""
        user_id, _, version = session_id.partition(".")
        number, version_number = parse_id(user_id), parse_id(version)
        if number is None or version_number is None:
            return None
        user = db.session.get(User, number)
        return user if user is not None and user.session_version == version_number else None


def roles_required(*roles: Role) -> Callable:
    """Anonymous users are sent to the login page; logged-in users without the role get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


organiser_required = roles_required(Role.ORGANISER, Role.ADMIN)
