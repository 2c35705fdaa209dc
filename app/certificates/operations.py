"""Attendance certificates: who gets one, issuing (get or create the row with its random code), revoking and
restoring, the signer, the runs (one PDF, or a zip of one PDF per person) and mailing them. Plain functions that
flush and write the audit line; the caller commits."""
from __future__ import annotations

import base64
import io
import re
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.audit.operations import record_audit
from app.badges.operations import BadgeFilters, badge_registrations, find_delegation
from app.certificates.models import CODE_LENGTH, Certificate, CertificateSigner
from app.certificates.rendering import (
    CertificateData,
    CertificateProblem,
    Signer,
    certificate_data,
    certificate_language,
    certificate_problem,
    render_certificates,
)
from app.checkin.attendance import attended_days
from app.core.db import utcnow
from app.core.extensions import db
from app.core.i18n import localized
from app.core.urls import external_url
from app.events.models import Event
from app.mail.models import OutboxMessage
from app.mail.outbox import MailAttachment, OutboxError, enqueue
from app.registration.models import Registration, RegistrationStatus

_CODE = re.compile(rf"^[A-Z2-7]{{{CODE_LENGTH}}}$")
MAX_REASON_LENGTH = 300

__all__ = ["find_delegation"]


class CertificateError(ValueError):
    """A certificate that cannot be issued, revoked or restored (the message says why)."""


def new_code() -> str:
    """120 random bits in base32 (upper-case letters and digits 2–7): unguessable, no personal data."""
    return base64.b32encode(secrets.token_bytes(15)).decode("ascii")


def normalised_code(code: str | None) -> str | None:
    """The code as stored, or None for anything that cannot be one (looked up no further)."""
    code = (code or "").strip().upper()
    return code if _CODE.match(code) else None


def event_has_ended(event: Event) -> bool:
    return event.ends_at <= utcnow()


def verify_url(code: str) -> str:
    return external_url("certificates.verify", code=code)


# --- the signer -------------------------------------------------------------------------

def signer_row(event: Event) -> CertificateSigner | None:
    return db.session.scalar(sa.select(CertificateSigner).where(CertificateSigner.event_id == event.id))


def signer_of(event: Event) -> Signer | None:
    row = signer_row(event)
    if row is None:
        return None
    return Signer(row.name, row.function, row.signature_png, row.logo_png)


def save_signer(event: Event, name: str, function: str, *, signature_png: bytes | None = None,
                logo_png: bytes | None = None, remove_logo: bool = False, actor: str | None = None) -> CertificateSigner:
    """Name the signer (images: already checked PNG, see app/certificates/images.py; None keeps the current one)."""
    name, function = name.strip(), function.strip()
    if not name or not function:
        raise CertificateError(_("Give the signer's name and function."))
    row = signer_row(event)
    if row is None:
        row = CertificateSigner(event_id=event.id, name=name, function=function)
        db.session.add(row)
    row.name, row.function = name, function
    if signature_png is not None:
        row.signature_png = signature_png
    if logo_png is not None:
        row.logo_png = logo_png
    elif remove_logo:
        row.logo_png = None
    db.session.flush()
    record_audit("certificates.signer", target=row, actor=actor,
                 details={"name": name, "function": function, "signature": signature_png is not None,
                          "logo": "new" if logo_png is not None else "removed" if remove_logo else "kept"})
    return row


# --- who gets a certificate ----------------------------------------------------------------

@dataclass
class Attendee:
    registration: Registration
    days: list[date]
    certificate: Certificate | None = None


def attendees(event: Event, delegation_id: int | None = None) -> list[Attendee]:
    """Confirmed registrations with at least one day attended, by Latin family name, with their certificate if
    one was issued. A few queries whatever the number."""
    registrations = badge_registrations(event, BadgeFilters(delegation_id))
    days = attended_days(event, None if delegation_id is None else [item.id for item in registrations])
    found = [Attendee(item, days[item.id]) for item in registrations if days.get(item.id)]
    certificates = certificates_by_registration(event)
    for attendee in found:
        attendee.certificate = certificates.get(attendee.registration.id)
    return found


def certificates_by_registration(event: Event) -> dict[int, Certificate]:
    return {certificate.registration_id: certificate for certificate in
            db.session.scalars(sa.select(Certificate).where(Certificate.event_id == event.id))}


def find_certificate(registration: Registration) -> Certificate | None:
    return db.session.scalar(sa.select(Certificate).where(Certificate.registration_id == registration.id))


def eligibility(registration: Registration) -> tuple[list[date], str | None]:
    """The days attended, and why no certificate can be had (None when one can)."""
    event = registration.event
    if not event_has_ended(event):
        return [], "not_ended"
    if registration.status != RegistrationStatus.CONFIRMED:
        return [], "not_confirmed"
    days = attended_days(event, [registration.id]).get(registration.id, [])
    if not days:
        return [], "absent"
    return days, None


# --- issuing, revoking, restoring -----------------------------------------------------------------

def issue_certificates(event: Event, registrations: Iterable[Registration], *,
                       actor: str | None = None) -> dict[int, Certificate]:
    """The certificate of each registration, created (with a fresh code) where none exists yet. Two organisers
    issuing at once: the UNIQUE constraint on the registration decides, the loser reads the winner's row."""
    wanted = {registration.id: registration for registration in registrations}
    existing = {certificate.registration_id: certificate for certificate in db.session.scalars(
        sa.select(Certificate).where(Certificate.event_id == event.id))} if wanted else {}
    missing = [registration_id for registration_id in wanted if registration_id not in existing]
    if missing:
        now = utcnow()
        new = [Certificate(event_id=event.id, registration_id=registration_id, code=new_code(), issued_at=now)
               for registration_id in missing]
        try:
            with db.session.begin_nested():
                db.session.add_all(new)
        except IntegrityError:  # issued meanwhile by another request: one at a time, keeping the winners' rows
            for certificate in new:
                try:
                    with db.session.begin_nested():
                        db.session.add(Certificate(event_id=event.id, registration_id=certificate.registration_id,
                                                   code=new_code(), issued_at=now))
                except IntegrityError:
                    pass
            existing = {certificate.registration_id: certificate for certificate in db.session.scalars(
                sa.select(Certificate).where(Certificate.event_id == event.id))}
        else:
            existing.update({certificate.registration_id: certificate for certificate in new})
        record_audit("certificates.issue", target_type="event", target_id=event.id, event_id=event.id, actor=actor,
                     details={"count": len(missing)})
    return {registration_id: existing[registration_id] for registration_id in wanted if registration_id in existing}


def revoke_certificate(certificate: Certificate, reason: str, *, actor: str | None = None) -> Certificate:
    reason = " ".join((reason or "").split())[:MAX_REASON_LENGTH]
    if certificate.revoked_at is not None:
        raise CertificateError(_("This certificate is already revoked."))
    certificate.revoked_at = utcnow()
    certificate.reason = reason or None
    db.session.flush()
    record_audit("certificates.revoke", target=certificate, actor=actor, details={"reason": reason})
    return certificate


def restore_certificate(certificate: Certificate, *, actor: str | None = None) -> Certificate:
    if certificate.revoked_at is None:
        raise CertificateError(_("This certificate is not revoked."))
    previous = certificate.reason
    certificate.revoked_at = None
    certificate.reason = None
    db.session.flush()
    record_audit("certificates.restore", target=certificate, actor=actor, details={"reason_was": previous})
    return certificate


# --- runs -------------------------------------------------------------------------------------------

@dataclass
class CertificateRun:
    """The pages of a run, in order, and the attendees left out (revoked, or a name that cannot print)."""

    event: Event
    signer: Signer
    pages: list[CertificateData] = field(default_factory=list)
    problems: list[CertificateProblem] = field(default_factory=list)
    revoked: int = 0

    @property
    def title(self) -> str:
        return f"{localized(self.event, 'title')} · " + _("Certificates of attendance")


def prepare_run(event: Event, delegation_id: int | None = None, *, actor: str | None = None) -> CertificateRun:
    """Issue the certificates of everyone who attended (or of one delegation) and turn them into pages.
    CertificateError when the event has not ended or no signer is named."""
    signer = signer_of(event)
    if signer is None:
        raise CertificateError(_("Name the signer of the certificates first."))
    if not event_has_ended(event):
        raise CertificateError(_("Certificates can be issued once the event has ended."))
    found = attendees(event, delegation_id)
    certificates = issue_certificates(event, [item.registration for item in found], actor=actor)
    run = CertificateRun(event, signer)
    for attendee in found:
        certificate = certificates[attendee.registration.id]
        if certificate.revoked_at is not None:
            run.revoked += 1
            continue
        data = certificate_data(attendee.registration, attendee.days, certificate.code, verify_url(certificate.code),
                                certificate.issued_at)
        problem = certificate_problem(data, attendee.registration.person.name_latin)
        if problem is None:
            run.pages.append(data)
        else:
            run.problems.append(problem)
    return run


def render_run(run: CertificateRun) -> bytes:
    return render_certificates(run.pages, run.signer, run.title)


def certificate_filename(event: Event, data: CertificateData | None = None, name_latin: str | None = None) -> str:
    if data is None:
        return f"{event.slug}-certificates.pdf"
    name = re.sub(r"[^A-Za-z0-9]+", "-", name_latin or "").strip("-").lower()[:60]
    return f"{event.slug}-certificate-{data.registration_id}{'-' + name if name else ''}.pdf"


def zip_run(run: CertificateRun, names: dict[int, str], progress: list[int] | None = None) -> bytes:
    """One PDF per person in a zip (already compressed PDFs: stored, not deflated)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for data in run.pages:
            archive.writestr(certificate_filename(run.event, data, names.get(data.registration_id)),
                             render_certificates([data], run.signer, run.title))
            if progress is not None:
                progress[0] += 1
    return buffer.getvalue()


def single_certificate(registration: Registration, *, actor: str | None = None) -> bytes:
    """The PDF of one registration's certificate (issued if need be); CertificateError when there is none to have:
    the event has not ended, the registration is not confirmed, the person did not attend, the certificate was
    revoked, no signer is named, or the name cannot print."""
    days, reason = eligibility(registration)
    if reason is not None:
        raise CertificateError(reason)
    signer = signer_of(registration.event)
    if signer is None:
        raise CertificateError("no_signer")
    certificate = issue_certificates(registration.event, [registration], actor=actor)[registration.id]
    if certificate.revoked_at is not None:
        raise CertificateError("revoked")
    data = certificate_data(registration, days, certificate.code, verify_url(certificate.code),
                            certificate.issued_at)
    if certificate_problem(data, registration.person.name_latin) is not None:
        raise CertificateError("unprintable")
    return render_certificates([data], signer, localized(registration.event, "title", data.language))


# --- mail ---------------------------------------------------------------------------------------------

def mail_certificates(event: Event, delegation_id: int | None = None, *,
                      actor: str | None = None) -> tuple[int, int, int]:
    """Queue to each attendee with an address a mail with their certificate attached (transactional: it is theirs,
    the consequence of their attendance). Once per certificate: mailing again queues only the new ones.
    Returns (queued now, mailed before, left out: no address, or a name that cannot print)."""
    run = prepare_run(event, delegation_id, actor=actor)
    registrations = {item.id: item for item in badge_registrations(event, BadgeFilters(delegation_id))}
    certificates = certificates_by_registration(event)
    keys = {data.registration_id: f"certificate-{certificates[data.registration_id].id}" for data in run.pages}
    sent_before = set(db.session.scalars(sa.select(OutboxMessage.dedupe_key)
                                         .where(OutboxMessage.dedupe_key.in_(list(keys.values()))))) if keys else set()
    queued = before = skipped = 0
    for data in run.pages:
        registration = registrations[data.registration_id]
        email = registration.person.email
        if keys[data.registration_id] in sent_before:
            before += 1
            continue
        if not email:
            skipped += 1
            continue
        body = render_certificates([data], run.signer, data.event_title)
        subject, text = _mail_text(registration, data)
        attachment = MailAttachment(certificate_filename(event, data, registration.person.name_latin),
                                    "application/pdf", body)
        try:
            enqueue(email, subject, text, language=data.language, dedupe_key=keys[data.registration_id],
                    attachments=[attachment])
        except OutboxError:
            skipped += 1
            continue
        queued += 1
    skipped += len(run.problems)
    record_audit("certificates.mail", target_type="event", target_id=event.id, event_id=event.id, actor=actor,
                 details={"queued": queued, "before": before, "skipped": skipped, "delegation": delegation_id})
    return queued, before, skipped


def _mail_text(registration: Registration, data: CertificateData) -> tuple[str, str]:
    language = certificate_language(registration.language)
    with force_locale(language):
        subject = _("Your certificate of attendance: %(event)s", event=data.event_title)
        lines = [_("Hello %(name)s,", name=registration.person.name_latin), "",
                 _("Please find attached your certificate of attendance at %(event)s.", event=data.event_title),
                 "", _("Anyone can check it at:"), data.verify_url, ""]
    return subject, "\n".join(lines)


# --- public verification ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Verification:
    """What the public verification page shows: the name, the event and the days, and whether the certificate
    still stands (``valid``), was revoked (``revoked``), belongs to a cancelled registration (``cancelled``), or
    no longer matches any attendance (``absent``). Nothing else (no function, collectivité, address…)."""

    status: str
    name: str
    name_latin: str | None
    event: Event
    days: list[date]
    revoked_at: object | None = None


def verify(code: str | None) -> Verification | None:
    """The verification of a code; None for a code that is not one of ours (the page says only "not found")."""
    code = normalised_code(code)
    if code is None:
        return None
    certificate = db.session.scalar(sa.select(Certificate).where(Certificate.code == code))
    if certificate is None:
        return None
    registration = certificate.registration
    person = registration.person
    days = attended_days(certificate.event, [registration.id]).get(registration.id, [])
    if certificate.revoked_at is not None:
        status = "revoked"
    elif registration.status != RegistrationStatus.CONFIRMED:
        status = "cancelled"
    elif not days:
        status = "absent"
    else:
        status = "valid"
    latin = person.name_latin if person.name_latin != person.name else None
    return Verification(status, person.name, latin, certificate.event, days, certificate.revoked_at)
