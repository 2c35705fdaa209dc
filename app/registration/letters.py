"""Visa invitation letters: the delegate's request, the organisers' decision, the PDF and its mail.

A delegate whose country is not the event's (and who comes in person) asks for a letter from the
self-service page with their travel-document details; organisers approve or refuse it. Approving
queues a mail in the delegate's language with the PDF attached and the self-service link, where the
PDF can be downloaded again. The passport number is shown to organisers only: public pages show it
masked (:func:`mask_passport_number`).

Plain functions that flush; the caller commits. The PDF is rendered by ``app.core.pdf``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table
from sqlalchemy.orm import joinedload

from app.audit.operations import record_audit
from app.core.countries import country_name
from app.core.dates import format_day, format_local_date
from app.core.extensions import db
from app.core.i18n import localized
from app.core.pdf import PageDecoration, ensure_printable, paragraph_markup, paragraph_style, render_document, table_style
from app.events.models import Event
from app.mail.outbox import MailAttachment, enqueue
from app.registration.mails import manage_url
from app.registration.models import ACTIVE_STATUSES, InvitationLetterStatus, Registration

ORGANISATION = "Cités Unies France"
ORGANISATION_ADDRESS = "9, rue Christiani · 75018 Paris · France"
ORGANISATION_CITY = "Paris"
GREY = colors.HexColor("#555555")
LETTER_LANGUAGES = ("fr", "en")


class LetterError(ValueError):
    """A letter that cannot be requested, approved or refused in the registration's state."""


@dataclass(frozen=True)
class LetterRequest:
    passport_number: str
    passport_expires_on: date
    nationality: str
    date_of_birth: date


# --- reading ---------------------------------------------------------------------

def letter_offered(registration: Registration) -> bool:
    """Foreign delegates coming in person to an active registration may ask for a letter."""
    event = registration.event
    return (registration.status in ACTIVE_STATUSES and not event.is_online
            and registration.person.country != (event.venue_country or "FR"))


def letter_downloadable(registration: Registration) -> bool:
    """Approved, and only while the registration stands (a cancelled delegate's letter is void)."""
    return (registration.invitation_letter == InvitationLetterStatus.APPROVED
            and registration.status in ACTIVE_STATUSES)


def mask_passport_number(number: str | None) -> str:
    """Only the last 3 characters: ``•••••123``."""
    if not number:
        return ""
    return "•" * max(len(number) - 3, 2) + number[-3:]


def letter_requests(event: Event) -> list[Registration]:
    """Registrations of the event with a letter asked for (requested first, then approved, refused)."""
    order = sa.case({InvitationLetterStatus.REQUESTED.value: 0, InvitationLetterStatus.APPROVED.value: 1},
                    value=Registration.invitation_letter, else_=2)
    return list(db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event.id,
                                      Registration.invitation_letter != InvitationLetterStatus.NONE)
        .order_by(order, Registration.created_at, Registration.id)
        .options(joinedload(Registration.person))))


# --- changing --------------------------------------------------------------------

def request_letter(registration: Registration, data: LetterRequest) -> Registration:
    """Record (or replace) the request; an approved letter cannot be asked for again."""
    if not letter_offered(registration) or letter_downloadable(registration):
        raise LetterError("this registration cannot ask for an invitation letter")
    registration.passport_number = data.passport_number
    registration.passport_expires_on = data.passport_expires_on
    registration.nationality = data.nationality
    registration.date_of_birth = data.date_of_birth
    registration.invitation_letter = InvitationLetterStatus.REQUESTED
    registration.invitation_letter_approved_at = None
    db.session.flush()
    return registration


def approve_letter(registration: Registration, now: datetime, *, actor: str | None = None) -> Registration:
    """Approve a requested letter and queue its mail (PDF attached) in the same transaction; audit line
    ``letter.approve`` (``actor`` None: the logged-in staff member, else ``system``)."""
    if registration.invitation_letter != InvitationLetterStatus.REQUESTED:
        raise LetterError("only a requested letter can be approved")
    registration.invitation_letter = InvitationLetterStatus.APPROVED
    registration.invitation_letter_approved_at = now
    db.session.flush()
    queue_letter_mail(registration)
    record_audit("letter.approve", target=registration, actor=actor)
    return registration


def refuse_letter(registration: Registration, *, actor: str | None = None) -> Registration:
    """Refuse a requested letter; audit line ``letter.refuse``."""
    if registration.invitation_letter != InvitationLetterStatus.REQUESTED:
        raise LetterError("only a requested letter can be refused")
    registration.invitation_letter = InvitationLetterStatus.REFUSED
    registration.invitation_letter_approved_at = None
    db.session.flush()
    record_audit("letter.refuse", target=registration, actor=actor)
    return registration


def letter_language(registration: Registration) -> str:
    language = registration.language or registration.person.preferred_language or "fr"
    return language if language in LETTER_LANGUAGES else "en"


def letter_filename(registration: Registration) -> str:
    return f"{registration.event.slug}-invitation-letter-{registration.id}.pdf"


def queue_letter_mail(registration: Registration) -> None:
    """The approval mail, in the delegate's language; one per approval (dedupe key with its time)."""
    person = registration.person
    if not person.email or registration.invitation_letter_approved_at is None:
        return
    language = letter_language(registration)
    with force_locale(language):
        title = localized(registration.event, "title", language)
        subject = _("Your invitation letter: %(event)s", event=title)
        body = "\n".join([
            _("Hello %(name)s,", name=person.name), "",
            _("The organisers have approved your request: your invitation letter is attached to this mail."),
            _("You can also download it from your registration page:"), manage_url(registration), "",
            _("The organisers — Cités Unies France")]) + "\n"
    attachment = MailAttachment(letter_filename(registration), "application/pdf", letter_pdf(registration))
    stamp = int(registration.invitation_letter_approved_at.timestamp())
    enqueue(person.email, subject, body, language=language, attachments=[attachment],
            dedupe_key=f"registration-{registration.id}-letter-{stamp}")


# --- the PDF --------------------------------------------------------------------------

def letter_pdf(registration: Registration) -> bytes:
    """The signed-off letter, A4 on the event's letterhead, in the delegate's language (FR/EN)."""
    if not letter_downloadable(registration):
        raise LetterError("the letter is not approved")
    language = letter_language(registration)
    person, event = registration.person, registration.event
    ensure_printable([person.name, person.name_latin])
    with force_locale(language):
        styles = _styles()
        story = _letterhead(event, language, styles) + _addressee(registration, styles)
        story += [_details_table(registration, language, styles)]
        story += _purpose_and_signature(event, language, styles)
        return render_document(story, title=f"{_('Invitation letter')} — {person.name_latin}", language=language,
                               decoration=PageDecoration(header_left=ORGANISATION,
                                                         header_right=localized(event, "title", language),
                                                         footer_left=ORGANISATION_ADDRESS))


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "organisation": paragraph_style("organisation", 16, "bold", leading=20),
        "letterhead": paragraph_style("letterhead", 9, textColor=GREY),
        "place": paragraph_style("place", 10, alignment=2, spaceBefore=8 * mm, spaceAfter=6 * mm),
        "title": paragraph_style("title", 13, "bold", spaceAfter=4 * mm),
        "body": paragraph_style("body", 10.5, leading=15, spaceAfter=3 * mm),
        "cell": paragraph_style("cell", 10, leading=13),
        "signature": paragraph_style("signature", 10.5, leading=15, leftIndent=95 * mm),
    }


def _para(text: str, style: ParagraphStyle, font: str = "regular") -> Paragraph:
    return Paragraph(paragraph_markup(text, font), style)  # type: ignore[arg-type]


def _when_where(event: Event) -> tuple[str, str, str]:
    start = format_local_date(event.starts_at, event.timezone, "long")
    end = format_local_date(event.ends_at, event.timezone, "long")
    city = ", ".join(part for part in (event.venue_city, country_name(event.venue_country)) if part)
    return start, end, city


def _letterhead(event: Event, language: str, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    start, end, city = _when_where(event)
    venue = ", ".join(part for part in (event.venue_name, event.venue_address, city) if part)
    today = format_day(date.today(), "long")
    return [_para(ORGANISATION, styles["organisation"], "bold"),
            _para(ORGANISATION_ADDRESS, styles["letterhead"]),
            _para(f"{localized(event, 'title', language)} · {start} – {end}", styles["letterhead"]),
            _para(venue, styles["letterhead"]),
            _para(_("%(city)s, %(date)s", city=ORGANISATION_CITY, date=today), styles["place"])]


def _addressee(registration: Registration, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [_para(_("Invitation letter"), styles["title"], "bold"),
            _para(_("To whom it may concern,"), styles["body"]),
            _para(_("Cités Unies France hereby invites the person named below:"), styles["body"])]


def _details_table(registration: Registration, language: str, styles: dict[str, ParagraphStyle]) -> Table:
    person = registration.person
    rows: Iterable[tuple[str, str | None]] = [
        (_("Full name"), person.name),
        (_("Name in Latin script"), person.name_latin),
        (_("Nationality"), country_name(registration.nationality, language)),
        (_("Date of birth"), _long_date(registration.date_of_birth)),
        (_("Passport number"), registration.passport_number),
        (_("Passport valid until"), _long_date(registration.passport_expires_on)),
    ]
    data = [[_para(name, styles["cell"], "bold"), _para(value or "—", styles["cell"])] for name, value in rows]
    table = Table(data, colWidths=[55 * mm, 105 * mm], hAlign="LEFT")
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cccccc"))]))
    return table


def _long_date(value: date | None) -> str:
    return format_day(value, "long") if value else ""


def _purpose_and_signature(event: Event, language: str, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    start, end, city = _when_where(event)
    purpose = _("The purpose of the stay is the participation in %(event)s, from %(start)s to %(end)s in %(city)s.",
                event=localized(event, "title", language), start=start, end=end, city=city or _("France"))
    return [Spacer(1, 5 * mm), _para(purpose, styles["body"]),
            _para(_("We would be grateful for any assistance you can give in granting the visa needed for this "
                    "stay."), styles["body"]),
            Spacer(1, 10 * mm),
            _para(_("For Cités Unies France,"), styles["signature"]),
            _para(_("The organisers of the event"), styles["signature"]),
            Spacer(1, 18 * mm),
            _para(_("Signature and stamp"), styles["signature"])]
