"""Certificate PDFs: every script of the badges printed and extractable, the days attended, the person's language,
the QR code decoded by a real decoder and followed to the verification page."""
from __future__ import annotations

import unicodedata
from datetime import date
from urllib.parse import urlsplit

import pytest

from app.certificates import operations
from app.certificates.models import Certificate
from app.core.extensions import db as _db
from tests.badges.helpers import NAMES_BY_SCRIPT, decode_qr_codes, registration_in, require_zbar
from tests.certificates.helpers import check_in, ended_event, with_signer
from tests.pdf_support import embedded_font_files, normalised, page_count, pdf_text, require_pdf_tools

DAY_1, DAY_2, DAY_3 = date(2023, 11, 14), date(2023, 11, 15), date(2023, 11, 16)


def _attendee(script: str = "vietnamese", language: str = "fr", days=(DAY_1,), event=None):
    event = event or ended_event()
    with_signer(event)
    registration = registration_in(event, script, language=language)
    check_in(registration, *days)
    return registration


@pytest.mark.parametrize("script", sorted(NAMES_BY_SCRIPT))
def test_certificate_prints_name_in_each_script_with_latin_form(app, db, script):
    require_pdf_tools()
    registration = _attendee(script)
    body = operations.single_certificate(registration, actor="test")
    text = normalised(pdf_text(body))
    person = registration.person
    for part in (person.family_name, person.given_name):
        assert unicodedata.normalize("NFC", part) in text, (script, part, text)
    assert person.name_latin in text
    assert "Maire adjoint" in text and person.collectivite.name in text
    assert "Rencontres" in text and "Cité des Sciences, Paris, France" in text
    assert "Claire Dupont" in text and "Déléguée générale" in text
    assert all(embedded_font_files(body)) and page_count(body) == 1


def test_certificate_arabic_is_shaped_and_right_to_left(app, db):
    require_pdf_tools()
    raw = pdf_text(operations.single_certificate(_attendee("arabic"), actor="test"))
    assert any("\ufe70" <= char <= "\ufeff" for char in raw)
    assert "محمد بن علي" in normalised(raw)


def test_certificate_is_in_the_persons_language(app, db):
    require_pdf_tools()
    event = ended_event()
    french = normalised(pdf_text(operations.single_certificate(_attendee(event=event), actor="test")))
    english = normalised(pdf_text(operations.single_certificate(_attendee("greek", "en", event=event), actor="test")))
    assert "ATTESTATION DE PRÉSENCE" in french and "mardi 14 novembre 2023" in french and "Fait le " in french
    assert "CERTIFICATE OF ATTENDANCE" in english and "Tuesday 14 November 2023" in english and "Issued on " in english
    assert "Meetings" in english  # the event's English title


def test_certificate_lists_only_the_days_checked_in(app, db):
    require_pdf_tools()
    registration = _attendee(days=(DAY_1, DAY_3), event=ended_event(days=3))
    text = normalised(pdf_text(operations.single_certificate(registration, actor="test")))
    assert "mardi 14 novembre 2023" in text and "jeudi 16 novembre 2023" in text
    assert "mercredi 15 novembre 2023" not in text


def test_certificate_qr_decodes_to_the_verification_page_which_confirms_name_event_and_days(app, db, client):
    require_pdf_tools()
    require_zbar()
    registration = _attendee("han_traditional", days=(DAY_1, DAY_2))
    body = operations.single_certificate(registration, actor="test")
    _db.session.commit()
    [url] = decode_qr_codes(body, resolution=200)
    certificate = _db.session.scalar(_db.select(Certificate))
    assert url == f"http://localhost/v/{certificate.code}"
    assert url in normalised(pdf_text(body))  # the short URL in words, for those without a phone
    assert registration.person.family_name_latin.upper() not in certificate.code  # no personal data in the code
    page = client.get(urlsplit(url).path, headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'data-status="valid"' in page
    assert registration.person.name in page and registration.person.name_latin in page and "Rencontres" in page
    assert "14 novembre 2023" in page and "15 novembre 2023" in page
    person = registration.person
    for private in (person.email, "Maire adjoint", person.collectivite.name):  # nothing else
        assert private not in page


def test_certificate_code_is_random_and_stable(app, db):
    first = _attendee()
    second = _attendee(event=first.event)
    codes = operations.issue_certificates(first.event, [first, second], actor="test")
    again = operations.issue_certificates(first.event, [first, second], actor="test")
    assert {item.code for item in codes.values()} == {item.code for item in again.values()}
    assert codes[first.id].code != codes[second.id].code
    assert all(len(item.code) == 24 and operations.normalised_code(item.code) == item.code for item in codes.values())


def test_unprintable_name_gives_no_certificate_with_empty_boxes(app, db):
    registration = _attendee()
    registration.person.family_name = "Zed\ue000"
    _db.session.flush()
    with pytest.raises(operations.CertificateError):
        operations.single_certificate(registration, actor="test")
    run = operations.prepare_run(registration.event, actor="test")
    assert run.pages == [] and [problem.registration_id for problem in run.problems] == [registration.id]


def test_certificate_draws_logo_and_signature_once_per_document(app, db):
    """The logo and the signature are RGB images (one object each per document, whatever the pages), the QR a
    1-bit image per page."""
    import subprocess
    import tempfile
    from pathlib import Path

    require_pdf_tools()
    event = ended_event()
    with_signer(event, logo=True)
    for script in ("greek", "kana", "hebrew"):
        _attendee(script, event=event)
    body = operations.render_run(operations.prepare_run(event, actor="test"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "certificates.pdf")
        path.write_bytes(body)
        lines = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True,
                               text=True).stdout.splitlines()[2:]
    kinds = sorted((line.split()[0], line.split()[5]) for line in lines)  # (page, colour) of each image drawn
    assert kinds == sorted([(page, colour) for page in "123" for colour in ("rgb", "rgb", "gray")])
    assert len({line.split()[10] for line in lines if line.split()[5] == "rgb"}) == 2  # the same two objects
