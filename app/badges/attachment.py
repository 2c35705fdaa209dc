"""The badge attached to the registrant's mails: registered with ``app.registration.mails`` as the
``"badge"`` attachment, which decides which mails carry it (a seat just confirmed, at an event on site)."""
from __future__ import annotations

from app.badges.operations import badge_filename, single_badge_pdf
from app.core.pdf import UnprintableTextError
from app.mail.outbox import MailAttachment
from app.registration import mails
from app.registration.models import Registration


def badge_attachment(registration: Registration, language: str) -> list[MailAttachment]:
    """The badge (PDF), once confirmed; none when a text of it cannot print (the organisers' badge page says why)."""
    try:
        body = single_badge_pdf(registration, language if language in ("fr", "en") else "fr")
    except UnprintableTextError:
        return []
    return [MailAttachment(badge_filename(registration.event, registration), "application/pdf", body)]


def register_hooks() -> None:
    """Called by the application factory."""
    mails.register_attachment("badge", badge_attachment)
