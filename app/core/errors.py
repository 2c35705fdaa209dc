"""Error pages (FR/EN) for 400, 403, 404, 405, 413, 429, 500 and 503; JSON errors under ``/api/``.

The 500 and 503 pages are rendered without touching the database (``errors/plain.html`` does not
read ``current_user``): they must work when the database is what failed. A database that refuses
writes (read-only file, disk full, server in recovery) or cannot be reached answers 503 with a
clear message instead of a 500.
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Flask, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from app.core.extensions import db, login_manager

logger = logging.getLogger("rencontres.errors")

DATABASE_UNAVAILABLE = 503
# Pages whose template does not read the database (no current_user, no query).
PLAIN_CODES = {500, 503}
RETRYABLE_CODES = {429, 503}


def error_title(code: int) -> str:
    return {
        400: _("Bad request"), 401: _("Login required"), 403: _("Access denied"), 404: _("Page not found"),
        405: _("Method not allowed"), 413: _("File too large"), 429: _("Too many requests"),
        503: _("Not available right now"),
    }.get(code, _("Something went wrong"))


def error_message(code: int, database: bool = False) -> str:
    if database:
        return _("The database cannot record anything right now. Nothing was saved: please try again in a few "
                 "minutes. The organisers have been alerted.")
    return {
        400: _("The request could not be understood. Please go back, reload the page and try again."),
        403: _("Your account does not give access to this page."),
        404: _("This page does not exist or is not published."),
        405: _("This address does not accept this kind of request."),
        413: _("The file or form sent is too large."),
        429: _("Please wait a moment and try again."),
        503: _("This document cannot be produced at the moment; the organisers have been told how to fix it."),
    }.get(code, _("Please go back and try again."))


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(code: int, database: bool = False, headers: dict[str, str] | None = None) -> ResponseReturnValue:
    title, message = error_title(code), error_message(code, database)
    if wants_json():
        # A scanning device needs to know whether to send the same request again (same nonce): it may, and
        # should, after a 429 or a 503 — nothing was recorded.
        body = {"error": title, "message": message, "status": code, "retryable": code in RETRYABLE_CODES}
        return jsonify(body), code, headers or {}
    template = "errors/plain.html" if code in PLAIN_CODES or database else "errors/error.html"
    if template == "errors/plain.html" and "_login_user" not in g:
        g._login_user = login_manager.anonymous_user()  # Flask-Login's template context would load the user
    return render_template(template, code=code, title=title, message=message), code, headers or {}


def http_error(error: HTTPException) -> ResponseReturnValue:
    return error_response(error.code or 500)


def server_error(error: Exception) -> ResponseReturnValue:
    original = getattr(error, "original_exception", None) or error
    if isinstance(original, sa.exc.OperationalError | sa.exc.InternalError):
        return database_error(original)
    return error_response(500)


def database_error(error: Exception) -> ResponseReturnValue:
    """The database refused the work (unreachable, read-only, full): roll back and answer 503."""
    logger.error("database unavailable on %s %s: %s", request.method, request.endpoint,
                 str(getattr(error, "orig", error)).splitlines()[0] if str(error) else type(error).__name__)
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection may be gone too
        logger.warning("rollback failed after a database error")
    retry_after = "5" if wants_json() else "60"  # devices retry soon; people are told to come back later
    return error_response(DATABASE_UNAVAILABLE, database=True, headers={"Retry-After": retry_after})


def register(app: Flask) -> None:
    for code in (400, 401, 403, 404, 405, 413, 429, 503):
        app.register_error_handler(code, http_error)
    app.register_error_handler(500, server_error)
    app.register_error_handler(sa.exc.OperationalError, database_error)
    app.register_error_handler(sa.exc.InternalError, database_error)
