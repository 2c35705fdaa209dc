"""The badge travels with the confirmation mail, and only once the registration is confirmed."""
from __future__ import annotations

import base64

import sqlalchemy as sa

from app.badges.tokens import badge_code_for
from app.mail.models import OutboxMessage
from app.registration import operations
from app.registration.models import RegistrationStatus
from tests.badges.helpers import decode_qr_codes, require_zbar
from tests.pdf_support import normalised, pdf_text, require_pdf_tools
from tests.registration.helpers import open_event, register_someone


def _mails(db) -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def _badge(message: OutboxMessage) -> bytes | None:
    found = [item for item in message.attachments if item["content_type"] == "application/pdf"]
    return base64.b64decode(found[0]["data_base64"]) if found else None


def test_confirmation_mail_carries_the_badge(app, db):
    require_pdf_tools()
    require_zbar()
    event = open_event()
    registration = register_someone(event, "lan@example.org", language="en")
    db.session.commit()
    assert registration.status == RegistrationStatus.CONFIRMED
    [mail] = _mails(db)
    names = [item["filename"] for item in mail.attachments]
    assert names == [f"{event.slug}-agenda.ics", f"{event.slug}-badge-{registration.id}.pdf"]
    badge = _badge(mail)
    assert "Alex lan" in normalised(pdf_text(badge))
    assert decode_qr_codes(badge) == [badge_code_for(registration)]


def test_pending_mail_has_no_badge_and_approval_mail_has_it(app, db):
    require_pdf_tools()
    event = open_event(requires_approval=True)
    registration = register_someone(event, "pending@example.org")
    db.session.commit()
    [pending_mail] = _mails(db)
    assert registration.status == RegistrationStatus.PENDING and _badge(pending_mail) is None
    operations.approve(registration)
    db.session.commit()
    approved_mail = _mails(db)[-1]
    assert registration.status == RegistrationStatus.CONFIRMED and _badge(approved_mail) is not None


def test_confirmation_mail_with_badge_delivered_over_smtp(app, db, smtp_server):
    require_pdf_tools()
    from app.mail.outbox import send_due

    event = open_event()
    registration = register_someone(event, "smtp@example.org")
    db.session.commit()
    report = send_due()
    assert report.sent == 1
    [delivered] = smtp_server.messages
    attachments = {part.get_filename(): part for part in delivered.iter_attachments()}
    badge = attachments[f"{event.slug}-badge-{registration.id}.pdf"]
    assert badge.get_content_type() == "application/pdf"
    assert badge.get_payload(decode=True).startswith(b"%PDF")
