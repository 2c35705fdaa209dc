"""Certificate pages: the verification page (valid, revoked, cancelled, unknown), the private page's section and
download (attended only, one's own only), the organisers' page (signer upload, runs, progress stream, revoke and
restore, mail), reached from the event's admin pages."""
from __future__ import annotations

import io
import zipfile

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.audit.models import AuditEntry
from app.auth.models import Role
from app.certificates import operations
from app.certificates.models import Certificate, CertificateSigner
from app.mail.models import OutboxMessage
from app.registration.models import RegistrationStatus
from tests.backoffice.helpers import login_as, post_form
from tests.badges.helpers import delegation, registration_in
from tests.certificates.helpers import check_in, image_bytes, recent_event, with_signer
from tests.factories import make_event, make_person, make_registration
from tests.pdf_support import normalised, page_count, pdf_text, require_pdf_tools


def _issued(db, script="cyrillic", **fields):
    event = recent_event()
    with_signer(event)
    registration = registration_in(event, script, **fields)
    check_in(registration, registration.event.days[0])
    certificate = operations.issue_certificates(event, [registration], actor="test")[registration.id]
    db.session.commit()
    return registration, certificate


# --- the public verification page -----------------------------------------------------------------

def test_verification_of_a_revoked_certificate_says_so(app, db, client):
    registration, certificate = _issued(db)
    operations.revoke_certificate(certificate, "Duplicate of another certificate", actor="test")
    db.session.commit()
    page = client.get(f"/v/{certificate.code}").get_data(as_text=True)
    assert 'data-status="revoked"' in page and registration.person.name in page
    assert "Duplicate" not in page  # the reason is for the organisers only


def test_verification_of_a_cancelled_registration_says_so(app, db, client):
    registration, certificate = _issued(db)
    registration.status = RegistrationStatus.CANCELLED
    db.session.commit()
    assert 'data-status="cancelled"' in client.get(f"/v/{certificate.code}").get_data(as_text=True)


def test_verification_of_an_unknown_code_is_a_plain_not_found(app, db, client):
    _registration, certificate = _issued(db)
    lower = client.get(f"/v/{certificate.code.lower()}")  # codes are read case-insensitively
    assert 'data-status="valid"' in lower.get_data(as_text=True)
    altered = certificate.code[:-1] + ("2" if certificate.code[-1] != "2" else "3")
    answers = [client.get(f"/v/{code}") for code in ("A" * 24, altered, "x", "9" * 500)]
    assert {answer.status_code for answer in answers} == {404}
    for answer in answers:
        page = answer.get_data(as_text=True)
        assert 'data-status="not_found"' in page and "<dl" not in page, answer.request.path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.text(max_size=80))
def test_verification_page_fuzz_never_fails(app, client, code):
    from urllib.parse import quote

    response = client.get(f"/v/{quote(code, safe='')}")
    assert response.status_code in (404, 308, 200)


# --- the private page ---------------------------------------------------------------------------------

def test_private_page_offers_the_certificate_once_ended_and_attended(app, db, client):
    require_pdf_tools()
    event = recent_event()
    with_signer(event)
    attended = registration_in(event, "hangul")
    check_in(attended, *event.days)
    absent = registration_in(event, "greek")
    db.session.commit()
    page = client.get(f"/registration/{attended.manage_token}").get_data(as_text=True)
    assert f"/registration/{attended.manage_token}/certificate.pdf" in page
    body = client.get(f"/registration/{attended.manage_token}/certificate.pdf")
    assert body.status_code == 200 and attended.person.name in normalised(pdf_text(body.data))
    # Someone who did not attend gets nothing: no section, no PDF, no certificate row.
    page = client.get(f"/registration/{absent.manage_token}").get_data(as_text=True)
    assert "certificate.pdf" not in page
    refused = client.get(f"/registration/{absent.manage_token}/certificate.pdf")
    assert refused.status_code == 303 and refused.location.endswith(f"/registration/{absent.manage_token}")
    assert db.session.scalars(sa.select(Certificate.registration_id)).all() == [attended.id]


def test_private_link_of_another_person_cannot_fetch_yours(app, db, client):
    require_pdf_tools()
    event = recent_event()
    with_signer(event)
    mine, theirs = registration_in(event, "vietnamese"), registration_in(event, "armenian")
    check_in(mine, event.days[0])
    check_in(theirs, event.days[0])
    db.session.commit()
    text = normalised(pdf_text(client.get(f"/registration/{theirs.manage_token}/certificate.pdf").data))
    assert theirs.person.name_latin in text and mine.person.name_latin not in text
    assert client.get(f"/registration/{mine.manage_token[:-2]}xx/certificate.pdf").status_code == 404


def test_no_certificate_before_the_end_or_when_revoked(app, db, client):
    upcoming = make_event()
    with_signer(upcoming)
    early = make_registration(upcoming)
    check_in(early, upcoming.days[0])
    registration, certificate = _issued(db)
    operations.revoke_certificate(certificate, "", actor="test")
    db.session.commit()
    assert client.get(f"/registration/{early.manage_token}/certificate.pdf").status_code == 303
    assert "certificate.pdf" not in client.get(f"/registration/{early.manage_token}").get_data(as_text=True)
    assert client.get(f"/registration/{registration.manage_token}/certificate.pdf").status_code == 303
    page = client.get(f"/registration/{registration.manage_token}", headers={"Accept-Language": "en"})
    assert "withdrawn" in page.get_data(as_text=True)


# --- the organisers' page -------------------------------------------------------------------------------

def _base(event) -> str:
    return f"/organiser/events/{event.slug}/certificates/"


def test_certificate_page_is_linked_from_the_event_admin_pages_and_lists_attendees(app, db, client):
    event = recent_event()
    attended = make_registration(event)
    make_registration(event)  # registered, never came
    check_in(attended, event.days[0])
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    assert _base(event) in client.get(f"/organiser/events/{event.slug}/edit").get_data(as_text=True)
    page = client.get(_base(event)).get_data(as_text=True)
    assert 'data-count="1"' in page and 'id="signer-missing"' in page
    assert client.get(f"{_base(event)}certificates.pdf").status_code == 409  # no signer yet


def test_signer_upload_accepts_png_and_jpeg_and_refuses_anything_else(app, db, client):
    event = recent_event()
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    url = f"{_base(event)}signer"

    def send(signature: bytes, logo: bytes = b""):
        data = {"name": "Claire Dupont", "function": "Déléguée générale",
                "signature": (io.BytesIO(signature), "signature.png")}
        if logo:
            data["logo"] = (io.BytesIO(logo), "logo.jpg")
        return post_form(client, url, data, page_url=_base(event))

    for refused in (b"%PDF-1.4 not an image", b"GIF89a" + b"\0" * 40, image_bytes("GIF"), b"\x89PNG\r\n\x1a\n" + b"\0" * 30,
                    image_bytes() + b"\0" * (1024 * 1024)):
        response = send(refused)
        assert response.status_code == 422, refused[:10]
        assert db.session.scalar(sa.select(CertificateSigner)) is None
    assert send(image_bytes("PNG"), image_bytes("JPEG")).status_code == 303
    signer = db.session.scalar(sa.select(CertificateSigner))
    assert signer.name == "Claire Dupont" and signer.signature_png.startswith(b"\x89PNG")
    assert signer.logo_png.startswith(b"\x89PNG")  # re-encoded: nothing of the upload but its pixels
    refused = post_form(client, url, {"name": "", "function": "x"}, page_url=_base(event))
    assert refused.status_code == 400 and db.session.scalar(sa.select(CertificateSigner.name)) == "Claire Dupont"


def _delegation_event(db):
    event = recent_event()
    with_signer(event)
    partner = delegation(event, None, "Délégation du Vietnam")
    people = [make_registration(event, make_person(family_name=name, family_name_latin=latin, given_name="A"),
                                delegation=partner if index % 2 else None)
              for index, (name, latin) in enumerate([("Zola", None), ("Иванова", "Ivanova"), ("Abel", None),
                                                     ("Nguyễn", "Nguyen")])]
    for person in people:
        check_in(person, event.days[0])
    make_registration(event, make_person(family_name="Absent"))
    db.session.commit()
    return event, partner, people


def test_bulk_pdf_has_a_page_per_attendee_by_family_name_and_by_delegation(app, db, client):
    require_pdf_tools()
    event, partner, _people = _delegation_event(db)
    login_as(client, db, Role.ORGANISER)
    body = client.get(f"{_base(event)}certificates.pdf").data
    assert page_count(body) == 4
    firsts = [normalised(pdf_text(body, "-f", str(n), "-l", str(n))) for n in range(1, 5)]
    assert [next(name for name in ("Abel", "Ivanova", "Nguyen", "Zola") if name in text) for text in firsts] == \
        ["Abel", "Ivanova", "Nguyen", "Zola"]
    only = client.get(f"{_base(event)}certificates.pdf?delegation={partner.id}").data
    assert page_count(only) == 2 and "Zola" not in pdf_text(only)
    other = delegation(make_event(), None)
    db.session.commit()
    assert client.get(f"{_base(event)}certificates.pdf?delegation={other.id}").status_code == 404


def test_bulk_zip_has_one_pdf_per_person(app, db, client):
    event, _partner, people = _delegation_event(db)
    login_as(client, db, Role.ORGANISER)
    response = client.get(f"{_base(event)}certificates.zip")
    assert response.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert len(names) == 4 and all(name.endswith(".pdf") for name in names)
    assert any(f"-certificate-{people[0].id}-a-zola.pdf" in name for name in names)


def test_bulk_stream_reports_progress_then_the_file(app, db, client):
    event, _partner, _people = _delegation_event(db)
    login_as(client, db, Role.ORGANISER)
    for kind, magic in (("pdf", b"%PDF"), ("zip", b"PK")):
        data = client.get(f"{_base(event)}certificates.stream?as={kind}").data
        lines = data.split(b"\n")
        assert lines[0] == b"progress 0 4" and lines[1] == b"progress 4 4" and lines[2].startswith(b"file ")
        body = b"\n".join(lines[3:])
        assert len(body) == int(lines[2].split()[1]) and body.startswith(magic)


def test_revoke_asks_for_confirmation_and_restore_undoes_it(app, db, client):
    registration, certificate = _issued(db)
    login_as(client, db, Role.ORGANISER)
    event = registration.event
    page = client.get(_base(event)).get_data(as_text=True)
    assert f'action="{_base(event)}{certificate.id}/revoke"' in page and "data-confirm=" in page
    assert post_form(client, f"{_base(event)}{certificate.id}/revoke", {"reason": "Mistake"},
                     page_url=_base(event)).status_code == 303
    db.session.refresh(certificate)
    assert certificate.revoked_at is not None and certificate.reason == "Mistake"
    assert 'data-status="revoked"' in client.get(f"/v/{certificate.code}").get_data(as_text=True)
    assert post_form(client, f"{_base(event)}{certificate.id}/restore", {}, page_url=_base(event)).status_code == 303
    db.session.refresh(certificate)
    assert certificate.revoked_at is None and certificate.reason is None
    assert 'data-status="valid"' in client.get(f"/v/{certificate.code}").get_data(as_text=True)
    actions = db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.action.like("certificates.%"))).all()
    assert {"certificates.revoke", "certificates.restore", "certificates.issue"} <= set(actions)
    other_event = recent_event()
    db.session.commit()  # a certificate through another event's URL: 404
    assert post_form(client, f"{_base(other_event)}{certificate.id}/revoke", {}, page_url=_base(event)).status_code == 404


def test_mail_queues_each_attendee_their_certificate_once(app, db, client, smtp_server):
    require_pdf_tools()
    from app.mail.outbox import send_due

    event, _partner, people = _delegation_event(db)
    people[0].person.email = None
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    assert post_form(client, f"{_base(event)}mail", {}, page_url=_base(event)).status_code == 303
    messages = db.session.scalars(sa.select(OutboxMessage)).all()
    assert len(messages) == 3 and all(len(message.attachments) == 1 for message in messages)
    post_form(client, f"{_base(event)}mail", {}, page_url=_base(event))  # again: nothing more
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 3
    send_due()
    delivered = smtp_server.messages
    assert len(delivered) == 3
    [attachment] = list(delivered[0].iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    text = normalised(pdf_text(attachment.get_content()))
    assert any(person.person.name_latin in text for person in people[1:])
    assert "/v/" in delivered[0].get_body(("plain",)).get_content()


def test_database_refuses_two_certificates_for_one_registration(app, db):
    import pytest
    from sqlalchemy.exc import IntegrityError

    registration, certificate = _issued(db)
    db.session.add(Certificate(event_id=registration.event_id, registration_id=registration.id,
                               code=operations.new_code(), issued_at=certificate.issued_at))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    certificate = db.session.get(Certificate, certificate.id)
    certificate.reason = "no revocation"
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
