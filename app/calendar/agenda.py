"""The personal agenda attached to the registrant's mails (``agenda_ics``): registered with
``app.registration.mails`` as the ``"agenda"`` attachment, which decides which mails carry it."""
from __future__ import annotations

from app.calendar import feeds
from app.calendar.extra import extra_entries
from app.core.urls import external_url, public_host
from app.events.models import Event
from app.mail.outbox import MailAttachment
from app.programme.models import Session
from app.registration import mails
from app.registration.agenda import personal_agenda
from app.registration.models import Registration


def agenda_ics(registration: Registration, language: str) -> bytes:
    """The same personal agenda as ``/agenda/<token>.ics`` (plenaries and chosen sessions)."""
    context = feeds.FeedContext(host=public_host(), language=language,
                                page_url=lambda page_event, session: _page_url(page_event, session, language))
    return feeds.agenda_feed(personal_agenda(registration), context, extra_entries(registration, language)).to_ical()


def _page_url(event: Event, session: Session | None, language: str) -> str:
    if session is None:
        return external_url(f"{event.kind.url_prefix}.event_page", slug=event.slug, lang=language)
    page = external_url(f"{event.kind.url_prefix}.programme", slug=event.slug, lang=language)
    return f"{page}#session-{session.id}"


def agenda_attachment(registration: Registration, language: str) -> list[MailAttachment]:
    return [MailAttachment(f"{registration.event.slug}-agenda.ics", "text/calendar", agenda_ics(registration, language))]


def register_hooks() -> None:
    """Called by the application factory."""
    mails.register_attachment("agenda", agenda_attachment)
