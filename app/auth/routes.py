"""Staff login and logout."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth import throttle
from app.auth.forms import LoginForm
from app.auth.models import Role
from app.auth.services import authenticate
from app.core.extensions import db
from app.core.urls import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        email, address = form.email.data, request.remote_addr or "unknown"
        lockout = throttle.current_lockout(email, address)
        user = authenticate(email, form.password.data) if lockout is None else None
        if user is not None:
            throttle.clear_failures(email, address)
            db.session.commit()
            login_user(user)
            home = url_for("checkin_desk.index") if user.role == Role.DESK else url_for("backoffice.dashboard")
            return redirect(safe_next(request.args.get("next"), home))
        lockout = lockout or throttle.record_failure(email, address)
        db.session.commit()
        if lockout is not None:
            flash(_("Too many failed attempts for this account from your connection. Try again in %(minutes)s "
                    "minute(s).", minutes=lockout.minutes_left()), "error")
            return render_template("auth/login.html", form=form), 429, {"Retry-After": str(60 * lockout.minutes_left())}
        flash(_("Wrong email or password."), "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        current_user.end_sessions()  # a copy of this session's cookie must not outlive the logout
        db.session.commit()
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("events.home"))
