"""The opt-out page, ``/unsubscribe/<token>``: the link and the RFC 8058 one-click target of every bulk mail.

GET only shows what the button will do (a mail scanner that opens links must not unsubscribe anyone).
POST from the page (CSRF-checked) opts out or back in. The one-click POST of RFC 8058 — body
``List-Unsubscribe=One-Click``, sent by the mailbox provider without cookies, hence without a CSRF
token — opts out at once and answers 200 (the RFC forbids a redirect). The token is the only proof:
a signed token naming the address, never a database id.
"""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from app.core.extensions import csrf, db
from app.mail.suppression import address_from_unsubscribe_token, find_suppression, opt_in, opt_out

bp = Blueprint("mail_public", __name__)
ONE_CLICK = "One-Click"


def _address(token: str) -> str:
    return address_from_unsubscribe_token(token) or abort(404)


def _opted_out(address: str) -> bool:
    row = find_suppression(address)
    return row is not None and row.opted_out_at is not None


@bp.get("/unsubscribe/<token>")
def unsubscribe_page(token: str):
    address = _address(token)
    return render_template("mail/unsubscribe.html", address=address, token=token, opted_out=_opted_out(address),
                           done=None)


@bp.post("/unsubscribe/<token>")
@csrf.exempt  # exactly the RFC 8058 one-click POST goes without a CSRF token: checked below for every other
def unsubscribe(token: str):
    address = _address(token)
    if request.form.get("List-Unsubscribe") == ONE_CLICK:
        opt_out(address, actor="recipient", how="one-click")
        db.session.commit()
        return _("You will no longer receive the network's campaigns and general messages."), 200, {
            "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
    csrf.protect()
    action = request.form.get("action")
    if action == "unsubscribe":
        opt_out(address, actor="recipient", how="page")
    elif action == "resubscribe":
        opt_in(address, actor="recipient")
    else:
        abort(400)
    db.session.commit()
    return render_template("mail/unsubscribe.html", address=address, token=token, opted_out=_opted_out(address),
                           done=action)
