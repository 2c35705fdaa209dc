"""The demo's ended RAICT 2023 has a signer (with signature and logo), every attendee's certificate issued, one
revoked: certificates and verification pages to look at."""
from __future__ import annotations

import sqlalchemy as sa

from app.certificates import operations
from app.certificates.models import Certificate
from app.demo.data import RAICT_2023
from app.events.queries import find_event_by_slug
from tests.badges.helpers import decode_qr_codes, require_zbar
from tests.pdf_support import normalised, pdf_text, require_pdf_tools


def test_demo_raict_2023_has_a_signer_and_certificates(demo_app, demo_client):
    require_pdf_tools()
    require_zbar()
    from app.core.extensions import db

    event = find_event_by_slug(RAICT_2023)
    signer = operations.signer_row(event)
    assert signer is not None and signer.signature_png and signer.logo_png
    attendees = operations.attendees(event)
    assert len(attendees) > 400 and all(item.certificate is not None for item in attendees)
    revoked = db.session.scalars(sa.select(Certificate).where(Certificate.event_id == event.id,
                                                              Certificate.revoked_at.is_not(None))).all()
    assert len(revoked) == 1
    first = attendees[0]
    body = operations.single_certificate(first.registration)
    assert first.registration.person.name_latin in normalised(pdf_text(body))
    [url] = decode_qr_codes(body, resolution=200)
    assert url.endswith(f"/v/{first.certificate.code}")
    assert 'data-status="valid"' in demo_client.get(f"/v/{first.certificate.code}").get_data(as_text=True)
    assert 'data-status="revoked"' in demo_client.get(f"/v/{revoked[0].code}").get_data(as_text=True)
