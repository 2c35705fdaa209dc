"""A head of delegation writes to their own delegation's members, from their private page.

``/delegations/<token>/messages`` (the head's private link is the only proof: the same check as the
delegation's own pages, app.delegations.routes): the filter is fixed to the delegation, only the statuses
may be chosen; the message is news (bulk: opt-outs honoured). The head may preview as one member and send
a test to their own address. Linked from the delegation page (templates/delegations/manage.html).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.communications import messages, messages_queries
from app.communications.messages_admin import composer
from app.communications.messages_filters import MESSAGE_STATUSES, count_recipients
from app.communications.messages_forms import DelegationMessageForm
from app.core.extensions import db
from app.delegations import operations as delegations
from app.registration.links import link_is_valid
from app.registration.models import Delegation

bp = Blueprint("delegation_messages", __name__)


def _delegation_or_404(token: str) -> Delegation:
    found = delegations.find_by_manage_token(token)
    if found is None or not link_is_valid(found.event):
        abort(404)
    return found


@bp.route("/delegations/<token>/messages", methods=["GET", "POST"])
def delegation_message(token: str) -> ResponseReturnValue:
    delegation = _delegation_or_404(token)
    event, form = delegation.event, DelegationMessageForm()
    form.set_status_choices(MESSAGE_STATUSES[:2])  # confirmed, waiting list
    action_url = url_for(".delegation_message", token=token)
    if request.method == "GET" or not form.validate_on_submit():
        return _page(delegation, form, action_url), (400 if form.errors else 200)
    draft, action = form.draft(delegation), request.form.get("action", "preview")
    head = delegation.head
    if action in ("test", "send") and (errors := messages.draft_errors(event, draft, delegation=delegation)):
        flash(" ".join(errors), "error")
        return _page(delegation, form, action_url), 400
    if action == "test" and head is not None and head.email:
        registration = messages_queries.preview_registration(event, draft.chosen, form.preview_as.data)
        if registration is not None:
            messages.send_test(event, draft, registration, head.email, actor="delegate")
            db.session.commit()
            flash(_("A test was sent to %(address)s.", address=head.email), "success")
    elif action == "send":
        if form.shown_count.data != str(count_recipients(event, draft.chosen)):
            flash(_("The number of recipients has changed: check it, then send."), "error")
            return _page(delegation, form, action_url), 409
        sent = messages.send_message(event, draft, actor="delegate", delegation=delegation,
                                     sent_by=head.name if head else delegation.name)
        db.session.commit()
        flash(_("The message is being sent to %(count)s people.", count=sent.recipients_count), "success")
        return redirect(action_url, code=303)
    return _page(delegation, form, action_url)


def _page(delegation: Delegation, form: DelegationMessageForm, action_url: str) -> str:
    return composer(delegation.event, form, form.draft(delegation), delegation=delegation, action_url=action_url,
                    sent=messages_queries.sent_messages(delegation.event, delegation.id))
