"""The certificate's section of the registrant's private page: the download link once the event has ended and the
person attended; nothing at all for someone who did not attend (or before the end)."""
from __future__ import annotations

from flask_babel import gettext as _

from app.certificates import operations
from app.registration.models import Registration
from app.registration.private_page import PrivateSection, register_section


def certificate_section(registration: Registration) -> PrivateSection | None:
    days, reason = operations.eligibility(registration)
    if reason is not None:
        return None
    certificate = operations.find_certificate(registration)
    state = ("revoked" if certificate is not None and certificate.revoked_at is not None
             else "waiting" if operations.signer_row(registration.event) is None else "ready")
    return PrivateSection(_("Certificate of attendance"), "certificates/private_section.html",
                          {"state": state, "days": days}, order=40)


def register_hooks() -> None:
    register_section("certificate", certificate_section)
