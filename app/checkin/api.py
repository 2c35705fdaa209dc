"""The check-in API, used by the desk page itself and by any scanning device.

| URL | |
| --- | --- |
| ``POST /api/checkin/<slug>/scan`` | ``{"code", "desk", "nonce", "scanned_at"?, "override_event_days"?}`` → the verdict |
| ``POST /api/checkin/<slug>/manual`` | ``{"registration_id", "desk", "nonce", "override_event_days"?}`` → the verdict |
| ``POST /api/checkin/<slug>/undo`` | ``{"nonce", "desk"?}`` → undone / not_found / nothing_to_undo |

Authenticated by a desk token (``Authorization: Bearer …``, no CSRF: nothing a browser sends by itself)
or by the session of a desk, organiser or admin user (then the CSRF token is required, in ``X-CSRFToken``).
A token is valid for its own event only, until it expires, and its desk is the one recorded; a desk account
tied to events works at those only. A scan with a desk token this worker knows takes the hot path: the token
and its event come from a per-worker cache, re-checked by the scan's own statement, and on PostgreSQL the scan runs
in a transaction of its own on the thread's held connection (docs/performance.md); when nothing about the request
is unusual it is even answered before Flask's per-request work, with the same answer (app/checkin/fast_path.py).
``override_event_days: true`` (organiser and admin sessions only) welcomes someone on a day that is not one
of the event's days (answered ``not_event_day`` otherwise).
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
from app.core.extensions import csrf, db
from app.events.models import Event
from app.events.queries import find_event_by_slug

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
            raise ApiError(401, _("Unknown, expired or revoked desk token."))
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
    if not operations.may_work_at(current_user, event):
        raise ApiError(403, _("Your desk account is not tied to this event."))
    try:
        csrf.protect()
    except CSRFError:
        raise ApiError(400, _("The CSRF token is missing or invalid (X-CSRFToken header).")) from None
    return event, Caller(desk=None, user_id=current_user.id)


def _prepare(slug: str) -> tuple[Event, Caller, dict]:
    event, caller = _authenticate(slug)
    return event, caller, _body()


def _body() -> dict:
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested deeper than the parser goes: a bad request, not a crash
        body = None
    if not isinstance(body, dict):
        raise ApiError(400, _("Send a JSON object."))
    return body


def _override(caller: Caller, body: dict) -> bool:
    """``override_event_days``: an organiser's (or admin's) explicit decision, never a desk's."""
    value = body.get("override_event_days", False)
    if value is False or value is None:
        return False
    if value is not True:
        raise ApiError(400, _("override_event_days must be true or false."))
    if caller.user_id is None or not current_user.has_role(Role.ORGANISER, Role.ADMIN):
        raise ApiError(403, _("Only an organiser may check someone in outside the event's days."))
    return True


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _scan_request(event: Event | operations.EventFacts, caller: Caller, body: dict,
                  offline: bool = True) -> operations.ScanRequest:
    try:
        return operations.validated_request(
            caller.desk or _text(body.get("desk")), _text(body.get("nonce")),
            body.get("scanned_at") if offline else None, None if offline else caller.user_id,
            actor=caller.actor, actor_user_id=caller.user_id, event=event,
            override_event_days=_override(caller, body))
    except operations.CheckInError as error:
        raise ApiError(400, str(error)) from None


def _verdict(decide) -> ResponseReturnValue:
    """Run a scan and commit; a nonce this desk already used for another question is a 409."""
    try:
        result = decide()
    except operations.NonceConflict as error:
        db.session.rollback()
        raise ApiError(409, str(error)) from None
    db.session.commit()
    return jsonify(result)


@bp.post("/<slug>/scan")
def scan(slug: str) -> ResponseReturnValue:
    cached = _cached_token(slug)
    if cached is not None:  # the hot path: a desk token this worker knows, checked again by the scan's statement
        token, entry = cached
        touched = operations.touch_cached_desk_token(entry)
        body = _body()
        scan_request = _scan_request(entry.event, Caller(desk=entry.desk, user_id=None), body)
        try:  # on PostgreSQL in a transaction of its own, on this thread's held connection
            result = operations.scan_badge_on_held_connection(entry.event, _text(body.get("code")) or "",
                                                              scan_request, entry)
        except operations.NonceConflict as error:
            db.session.rollback()
            raise ApiError(409, str(error)) from None
        except (operations.DeskTokenRefused, operations.EventChanged):
            db.session.rollback()
            operations.forget_desk_token(token)  # then the whole way, from the database
        else:
            if touched:  # the token's last_used_at (at most once a minute); else the session has nothing to commit
                db.session.commit()
            return jsonify(result)
    event, caller, body = _prepare(slug)
    scan_request = _scan_request(event, caller, body)
    return _verdict(lambda: operations.scan_badge(event, _text(body.get("code")) or "", scan_request))


def _cached_token(slug: str) -> tuple[str, operations.CachedDeskToken] | None:
    """(token, this worker's cached desk token) for a Bearer token of this event; None otherwise (the caller
    then takes the whole way, which answers every error)."""
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    entry = operations.cached_desk_token(token.strip())
    if entry is None or entry.event.slug != slug:
        return None
    return token.strip(), entry


@bp.post("/<slug>/manual")
def manual(slug: str) -> ResponseReturnValue:
    event, caller, body = _prepare(slug)
    registration_id = body.get("registration_id")
    if type(registration_id) is not int or not 0 < registration_id < 2**31:
        raise ApiError(400, _("Give the registration_id (a number)."))
    scan_request = _scan_request(event, caller, body, offline=False)
    return _verdict(lambda: operations.check_in_by_hand(event, registration_id, scan_request))


@bp.post("/<slug>/undo")
def undo(slug: str) -> ResponseReturnValue:
    event, caller, body = _prepare(slug)
    nonce = (_text(body.get("nonce")) or "").strip()
    if not nonce or len(nonce) > operations.MAX_NONCE_LENGTH or not nonce.isprintable():  # e.g. NUL: PostgreSQL
        raise ApiError(400, _("Give the nonce of the scan to undo."))
    desk = caller.desk or (_text(body.get("desk")) or "").strip() or None  # nonces are unique per desk
    result = operations.undo(event, nonce, actor=caller.actor or (f"desk:{caller.desk}" if caller.desk else None),
                             actor_user_id=caller.user_id, only_desk=desk)
    db.session.commit()
    return jsonify(result), (404 if result["status"] == operations.NOT_FOUND else 200)


@bp.errorhandler(405)
def method_not_allowed(error) -> ResponseReturnValue:
    return jsonify({"error": _("Use POST.")}), 405
