"""Flask-Login wiring and the role check used by every staff page."""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import Flask, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.models import Role, User
from app.extensions import db, login_manager


def configure_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        if not user_id.isdigit():
            return None
        return db.session.get(User, int(user_id))


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
