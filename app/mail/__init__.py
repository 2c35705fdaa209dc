"""Transactional mail: an outbox table written in the caller's transaction, and a worker that sends it.

Callers ``enqueue`` a message in the same transaction as the change it reports (a registration…);
``flask --app wsgi mail send`` (cron, systemd timer or ``--loop``) delivers what is due, with retries
and back-off. ``init_app`` adds the optional development hook ``MAIL_SEND_AFTER_REQUEST``.
"""
from __future__ import annotations

import logging

from flask import Flask, current_app, g

logger = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Register the development hook that sends queued mail right after a request that enqueued some."""
    app.config.setdefault("MAIL_SEND_AFTER_REQUEST", False)
    app.teardown_request(_send_after_request)


def _send_after_request(error: BaseException | None) -> None:
    if error is not None or not g.pop("outbox_enqueued", False):
        return
    if not current_app.config.get("MAIL_SEND_AFTER_REQUEST"):
        return
    from app.core.extensions import db
    from app.mail.outbox import send_due

    # The response is already built: whatever the view did not commit is discarded anyway.
    db.session.rollback()
    try:
        report = send_due()
    except Exception:  # never let a mail problem reach the visitor: the mail stays queued
        logger.exception("sending queued mail after the request failed; it stays in the outbox")
        db.session.rollback()
        return
    logger.info("mail after request: %s", report)
