"""Organisers' desk-token page of one event (``checkin_admin``, under /organiser/events/<slug>/desk-tokens):
issue a token for a desk (shown once, only its hash is kept) and revoke tokens."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.operations import record_audit
from app.auth.login import organiser_required
from app.checkin import operations
from app.checkin.forms import DeskTokenForm
from app.checkin.models import DeskToken
from app.events.models import Event
from app.events.queries import get_event_or_404
from app.extensions import db
from app.programme.forms import EmptyForm

bp = Blueprint("checkin_admin", __name__)


@bp.before_request
@organiser_required
def require_organiser():
    return None


def _page(event: Event, form: DeskTokenForm, issued: tuple[DeskToken, str] | None = None, status: int = 200):
    return render_template("checkin/admin/tokens.html", event=event, form=form, tokens=operations.desk_tokens(event),
                           issued=issued, revoke_form=EmptyForm()), status


@bp.get("")
def tokens(slug: str) -> ResponseReturnValue:
    return _page(get_event_or_404(slug), DeskTokenForm())


@bp.post("")
def issue(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    form = DeskTokenForm()
    if not form.validate_on_submit():
        return _page(event, form, status=400)
    issued = operations.issue_desk_token(event, form.desk.data, created_by_id=current_user.id)
    record_audit("desk_token.issue", target=issued[0], details={"desk": issued[0].desk})  # never the token
    db.session.commit()
    form = DeskTokenForm(formdata=None)
    return _page(event, form, issued=issued)  # the token is shown on this answer only, never stored


@bp.post("/<int(max=2147483647):token_id>/revoke")
def revoke(slug: str, token_id: int) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    row = db.session.get(DeskToken, token_id)
    if row is None or row.event_id != event.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if operations.revoke_desk_token(row):
        record_audit("desk_token.revoke", target=row, details={"desk": row.desk})
        db.session.commit()
        flash(_("The token of desk %(desk)s is revoked.", desk=row.desk), "info")
    return redirect(url_for(".tokens", slug=slug), code=303)
