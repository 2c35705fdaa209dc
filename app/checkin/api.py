"""The check-in API, used by the desk page itself and by any scanning device.

| URL | |
| --- | --- |
| ``POST /api/checkin/<slug>/scan`` | ``{"code", "desk", "nonce", "scanned_at"?}`` → the verdict |
| ``POST /api/checkin/<slug>/manual`` | ``{"registration_id", "desk", "nonce"}`` → the verdict (forgotten badge) |
| ``POST /api/checkin/<slug>/undo`` | ``{"nonce"}`` → undone / not_found / nothing_to_undo |

Authenticated by a desk token (``Authorization: Bearer …``, no CSRF: nothing a browser sends by itself)
or by the session of a desk, organiser or admin user (then the CSRF token is required, in ``X-CSRFToken``).
A token is valid for its own event only, and its desk is the one recorded.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from app.auth.models import Role
from app.checkin import operations
from app.events.models import Event
from app.events.queries import find_event_by_slug
from app.extensions import csrf, db

bp = Blueprint("checkin_api", __name__, url_prefix="/api/checkin")
csrf.exempt(bp)  # token calls need no CSRF token; session calls are checked in _authenticate

DESK_ROLES = (Role.DESK, Role.ORGANISER, Role.ADMIN)


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@bp.errorhandler(ApiError)
def api_error(error: ApiError) -> ResponseReturnValue:
    response = jsonify({"error": str(error)})
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="checkin"'
    return response, error.status


@dataclass(frozen=True)
class Caller:
    desk: str | None  # the token's desk (wins over the request's), None for a session
    user_id: int | None

    @property
    def actor(self) -> str | None:
        """The audit log's actor: the staff member of a session; None for a token (then ``desk:<desk>``)."""
        return f"user:{self.user_id}" if self.user_id is not None else None


def _authenticate(slug: str) -> tuple[Event, Caller]:
    """The event and the caller: a desk token of this event (one query for both), or a staff session."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _space, token = header.partition(" ")
        row = operations.find_desk_token(token.strip()) if scheme.lower() == "bearer" else None
        if row is None:
            raise ApiError(401, _("Unknown or revoked desk token."))
        if row.event.slug != slug:
            if find_event_by_slug(slug) is None:
                raise ApiError(404, _("No such event."))
            raise ApiError(403, _("This desk token belongs to another event."))
        operations.touch_desk_token(row)
        return row.event, Caller(desk=row.desk, user_id=None)
    event = find_event_by_slug(slug)
    if event is None:
        raise ApiError(404, _("No such event."))
    if not current_user.is_authenticated:
        raise ApiError(401, _("A desk token or a staff login is required."))
    if not current_user.has_role(*DESK_ROLES):
        raise ApiError(403, _("Your account may not check people in."))
    try:
        csrf.protect()
    except CSRFError:
        raise ApiError(400, _("The CSRF token is missing or invalid (X-CSRFToken header).")) from None
    return event, Caller(desk=None, user_id=current_user.id)


def _prepare(slug: str) -> tuple[Event, Caller, dict]:
    event, caller = _authenticate(slug)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, _("Send a JSON object."))
    return event, caller, body


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _scan_request(event: Event, caller: Caller, body: dict, offline: bool = True) -> operations.ScanRequest:
    try:
        return operations.validated_request(
            caller.desk or _text(body.get("desk")), _text(body.get("nonce")),
            _text(body.get("scanned_at")) if offline else None, None if offline else caller.user_id,
            actor=caller.actor, actor_user_id=caller.user_id, event=event)
    except operations.CheckInError as error:
        raise ApiError(400, str(error)) from None


@bp.post("/<slug>/scan")
def scan(slug: str) -> ResponseReturnValue:
    event, caller, body = _prepare(slug)
    result = operations.scan_badge(event, _text(body.get("code")) or "", _scan_request(event, caller, body))
    db.session.commit()
    return jsonify(result)


@bp.post("/<slug>/manual")
def manual(slug: str) -> ResponseReturnValue:
    event, caller, body = _prepare(slug)
    registration_id = body.get("registration_id")
    if type(registration_id) is not int or not 0 < registration_id < 2**31:
        raise ApiError(400, _("Give the registration_id (a number)."))
    result = operations.check_in_by_hand(event, registration_id, _scan_request(event, caller, body, offline=False))
    db.session.commit()
    return jsonify(result)


@bp.post("/<slug>/undo")
def undo(slug: str) -> ResponseReturnValue:
    event, caller, body = _prepare(slug)
    nonce = (_text(body.get("nonce")) or "").strip()
    if not nonce or len(nonce) > operations.MAX_NONCE_LENGTH or not nonce.isprintable():  # e.g. NUL: PostgreSQL
        raise ApiError(400, _("Give the nonce of the scan to undo."))
    result = operations.undo(event, nonce, actor=caller.actor or (f"desk:{caller.desk}" if caller.desk else None),
                             actor_user_id=caller.user_id, only_desk=caller.desk)
    db.session.commit()
    return jsonify(result), (404 if result["status"] == operations.NOT_FOUND else 200)


@bp.errorhandler(405)
def method_not_allowed(error) -> ResponseReturnValue:
    return jsonify({"error": _("Use POST.")}), 405
