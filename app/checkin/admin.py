"""Organisers' desk-token page of one event (``checkin_admin``, under /organiser/events/<slug>/desk-tokens):
issue a token for a desk (shown once, only its hash is kept; valid until a day after the event unless told),
revoke tokens, and tie desk accounts to the event (a tied desk account works at its events only)."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.login import organiser_required
from app.auth.models import Role, User
from app.auth.services import find_user
from app.checkin import operations
from app.checkin.forms import DeskAccountForm, DeskTokenForm
from app.checkin.models import DeskAssignment, DeskToken
from app.core.db import utcnow
from app.core.extensions import db
from app.core.forms import EmptyForm, required
from app.core.lookups import get_in_event_or_404
from app.events.models import Event
from app.events.queries import get_event_or_404

bp = Blueprint("checkin_admin", __name__)


@bp.before_request
@organiser_required
def require_organiser():
    return None


def _page(event: Event, form: DeskTokenForm, issued: tuple[DeskToken, str] | None = None, status: int = 200,
          account_form: DeskAccountForm | None = None):
    if not form.valid_until.data and not form.is_submitted():
        form.valid_until.data = (operations.default_token_expiry(event) - timedelta(seconds=1)) \
            .astimezone(event.zone).date()
    accounts = db.session.scalars(sa.select(User).join(DeskAssignment, DeskAssignment.user_id == User.id)
                                  .where(DeskAssignment.event_id == event.id).order_by(User.email)).all()
    return render_template("checkin/admin/tokens.html", event=event, form=form, tokens=operations.desk_tokens(event),
                           issued=issued, revoke_form=EmptyForm(), now=utcnow(), accounts=accounts,
                           account_form=account_form or DeskAccountForm(formdata=None)), status


def _end_of_day(event: Event, day) -> datetime:
    """The end of ``day`` in the event's zone (midnight after it), in UTC."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=event.zone)


@bp.get("")
def tokens(slug: str) -> ResponseReturnValue:
    return _page(get_event_or_404(slug), DeskTokenForm(formdata=None))


@bp.post("")
def issue(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    form = DeskTokenForm()
    if not form.validate_on_submit():
        return _page(event, form, status=400)
    expires_at = _end_of_day(event, form.valid_until.data) if form.valid_until.data else None
    try:
        issued = operations.issue_desk_token(event, required(form.desk.data), created_by_id=current_user.id,
                                             expires_at=expires_at)
    except operations.CheckInError as error:
        form.valid_until.errors = [str(error)]
        return _page(event, form, status=400)
    db.session.commit()
    form = DeskTokenForm(formdata=None)
    return _page(event, form, issued=issued)  # the token is shown on this answer only, never stored


@bp.post("/accounts")
def accounts(slug: str) -> ResponseReturnValue:
    """Tie a desk account to this event (by email), or untie one (``untie`` = its id)."""
    event = get_event_or_404(slug)
    form = DeskAccountForm()
    if not form.validate_on_submit():
        return _page(event, DeskTokenForm(formdata=None), account_form=form, status=400)
    if form.untie.data:
        user = db.session.get(User, int(form.untie.data)) if form.untie.data.isdigit() \
            and int(form.untie.data) < 2**31 else None
        if user is None or not operations.unassign_desk_user(user, event):
            abort(404)
        db.session.commit()
        flash(_("%(email)s no longer works at this event's desk.", email=user.email), "info")
        return redirect(url_for(".tokens", slug=slug), code=303)
    user = find_user(form.email.data or "")
    if user is None or user.role != Role.DESK:
        form.email.errors = [_("No desk account has this email.")]
        return _page(event, DeskTokenForm(formdata=None), account_form=form, status=400)
    if operations.assign_desk_user(user, event):
        db.session.commit()
    flash(_("%(email)s works at this event's desk (and only at the events it is tied to).", email=user.email), "info")
    return redirect(url_for(".tokens", slug=slug), code=303)


@bp.post("/<int(max=2147483647):token_id>/revoke")
def revoke(slug: str, token_id: int) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    row = get_in_event_or_404(DeskToken, token_id, event)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if operations.revoke_desk_token(row):
        db.session.commit()
        flash(_("The token of desk %(desk)s is revoked.", desk=row.desk), "info")
    return redirect(url_for(".tokens", slug=slug), code=303)
