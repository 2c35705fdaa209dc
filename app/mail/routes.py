"""The outbox page, for development: organisers read the mails the app queued (``flask start`` turns it on).

There is no SMTP server on a laptop: with ``MAIL_OUTBOX_PAGE`` on, ``/organiser/outbox/`` lists every
queued mail (subject, recipient, time, status) and shows each one's text. Off (the default, and in
production), both pages answer 404: the mails of real people are read in their mailboxes only.
"""
from __future__ import annotations

import base64

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, render_template
from flask_babel import lazy_gettext as _l

from app.auth.login import organiser_required
from app.core.extensions import db
from app.mail.models import OutboxMessage, OutboxStatus

bp = Blueprint("mail_outbox", __name__)

PAGE_SIZE = 200
STATUS_LABELS = {OutboxStatus.PENDING: _l("Waiting to be sent"), OutboxStatus.SENDING: _l("Sending"),
                 OutboxStatus.SENT: _l("Sent"), OutboxStatus.FAILED: _l("Failed"),
                 OutboxStatus.SUPPRESSED: _l("Not sent: opted out or bounced")}


def outbox_page_enabled() -> bool:
    return bool(current_app.config.get("MAIL_OUTBOX_PAGE"))


def _require_enabled() -> None:
    if not outbox_page_enabled():
        abort(404)


@bp.get("/")
@organiser_required
def outbox():
    _require_enabled()
    messages = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.created_at.desc(),
                                                                     OutboxMessage.id.desc()).limit(PAGE_SIZE)).all()
    return render_template("mail/outbox.html", messages=messages, page_size=PAGE_SIZE, statuses=STATUS_LABELS)


@bp.get("/<int:message_id>")
@organiser_required
def message(message_id: int):
    _require_enabled()
    found = db.session.get(OutboxMessage, message_id) or abort(404)
    attachments = [(item["filename"], item["content_type"], len(base64.b64decode(item["data_base64"])))
                   for item in found.attachments or []]
    return render_template("mail/message.html", message=found, attachments=attachments, statuses=STATUS_LABELS)
