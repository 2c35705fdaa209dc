"""Badge PDFs: every script printed and extractable, QR codes that real decoders read, formats, fitting."""
from __future__ import annotations

import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest

from app.badges.categories import BadgeCategory, badge_category
from app.badges.operations import badge_registrations, prepare_run, reprint_badge, single_badge_pdf
from app.badges.rendering import BadgeFormat, badge_header, prepare_badges, render_badges
from app.badges.tokens import badge_code_for, read_badge_code
from app.core.pdf import UnprintableTextError
from app.registration.models import DelegationSide, RegistrationCategory, RegistrationStatus
from tests.badges.helpers import NAMES_BY_SCRIPT, decode_qr_codes, delegation, registration_in, require_zbar
from tests.factories import make_event, make_person, make_registration
from tests.pdf_support import embedded_font_files, normalised, page_count, pdf_text, require_pdf_tools


@pytest.mark.parametrize("script", sorted(NAMES_BY_SCRIPT))
def test_badge_prints_name_in_each_script_with_latin_form(app, db, script):
    require_pdf_tools()
    event = make_event()
    registration = registration_in(event, script)
    body = single_badge_pdf(registration, "fr")
    text = normalised(pdf_text(body))
    person = registration.person
    for part in (person.family_name, person.given_name):
        assert unicodedata.normalize("NFC", part) in text, (script, part, text)
    assert person.name_latin in text
    assert "Maire adjoint" in text and person.collectivite.name in text
    assert all(embedded_font_files(body))


def test_badge_arabic_is_shaped_and_right_to_left(app, db):
    require_pdf_tools()
    registration = registration_in(make_event(), "arabic")
    raw = pdf_text(single_badge_pdf(registration, "fr"))
    assert any("\ufe70" <= char <= "\ufeff" for char in raw)  # presentation forms: the letters are joined
    assert "محمد بن علي" in normalised(raw)  # pdftotext puts the visual order back into logical order


def test_badge_qr_decodes_to_the_badge_code(app, db):
    require_pdf_tools()
    require_zbar()
    registration = registration_in(make_event(), "han_traditional")
    [decoded] = decode_qr_codes(single_badge_pdf(registration, "fr"))
    assert decoded == badge_code_for(registration)
    claim = read_badge_code(decoded)
    assert (claim.registration_id, claim.event_id, claim.version) == (registration.id, registration.event_id, 1)
    assert registration.person.family_name_latin.upper() not in decoded  # no personal data in the code


def _pdf_images(body: bytes) -> list[dict[str, str]]:
    """``pdfimages -list`` of a PDF: one dict per image (color, bpc, width…)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "badge.pdf")
        path.write_bytes(body)
        lines = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True,
                               text=True).stdout.splitlines()
    header = lines[0].split()
    return [dict(zip(header, line.split(), strict=False)) for line in lines[2:]]


def test_badge_qr_is_a_one_bit_image_that_decodes(app, db):
    """Thermal badge printers print black or nothing: the QR code is a 1-bit grey image (not 8-bit RGB, which
    is 24 times the data and dithered at the modules' edges), and it still decodes to the badge's code."""
    require_pdf_tools()
    require_zbar()
    event = make_event()
    registrations = [registration_in(event, script) for script in ("vietnamese", "greek")]
    badges, _problems = prepare_badges(registrations, "fr")
    body = render_badges(badges, badge_header(event, "fr"), BadgeFormat.A4X4)
    images = _pdf_images(body)
    assert len(images) == 2
    assert {(image["color"], image["comp"], image["bpc"]) for image in images} == {("gray", "1", "1")}
    assert decode_qr_codes(body) == sorted(badge_code_for(registration) for registration in registrations)


def test_badge_reprint_prints_the_new_version_and_the_old_code_is_superseded(app, db):
    require_pdf_tools()
    require_zbar()
    registration = registration_in(make_event(), "greek")
    [old] = decode_qr_codes(single_badge_pdf(registration, "fr"))
    reprint_badge(registration)
    db.session.commit()
    assert registration.badge_version == 2
    [new] = decode_qr_codes(single_badge_pdf(registration, "fr"))
    assert new != old and new == badge_code_for(registration)
    assert read_badge_code(old).version == 1 < read_badge_code(new).version == registration.badge_version


def test_badge_a4x4_has_four_badges_per_page_with_their_codes(app, db):
    require_pdf_tools()
    require_zbar()
    event = make_event()
    registrations = [make_registration(event) for _ in range(6)]
    badges, problems = prepare_run(event, _no_filters(), "fr")
    body = render_badges(badges, badge_header(event, "fr"), BadgeFormat.A4X4)
    assert problems == [] and page_count(body) == 2
    import io

    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(body)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    ordered = badge_registrations(event)
    assert decode_qr_codes(body, page=1) == sorted(badge_code_for(item) for item in ordered[:4])
    assert decode_qr_codes(body, page=2) == sorted(badge_code_for(item) for item in ordered[4:])
    assert len(registrations) == 6


def test_badge_a6_has_one_badge_per_page(app, db):
    require_pdf_tools()
    event = make_event()
    for _ in range(3):
        make_registration(event)
    badges, _problems = prepare_run(event, _no_filters(), "fr")
    body = render_badges(badges, badge_header(event, "fr"), BadgeFormat.A6)
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    assert len(reader.pages) == 3
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (298, 420)  # A6 in points


def test_badge_long_name_shrinks_and_stays_on_the_badge(app, db):
    require_pdf_tools()
    long_family = "de la Tour d'Auvergne-Lauragais-Montmorency-Laval-Rohan-Chabot-Talleyrand-Périgord"
    registration = make_registration(make_event(), make_person(given_name="Marie-Christine Éléonore",
                                                               family_name=long_family))
    body = single_badge_pdf(registration, "fr")
    assert "Talleyrand" in pdf_text(body)
    import subprocess

    # every word of the name lies inside the page (pdftotext -bbox gives each word's box)
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
    import re

    for x_min, x_max in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', boxes):
        assert 0 <= float(x_min) and float(x_max) <= 298


def test_badge_category_from_role_and_delegation_side(app, db):
    event = make_event()
    french, partner, plain = (delegation(event, DelegationSide.FRENCH), delegation(event, DelegationSide.PARTNER),
                              delegation(event, None))
    cases = [
        (dict(category=RegistrationCategory.PARTICIPANT), BadgeCategory.PARTICIPANT),
        (dict(category=RegistrationCategory.SPEAKER, delegation=french), BadgeCategory.SPEAKER),
        (dict(category=RegistrationCategory.ORGANISER), BadgeCategory.ORGANISATION),
        (dict(category=RegistrationCategory.PRESS), BadgeCategory.PRESS),
        (dict(category=RegistrationCategory.VIP, delegation=partner), BadgeCategory.VIP),
        (dict(category=RegistrationCategory.DELEGATION_MEMBER, delegation=french), BadgeCategory.FRENCH_DELEGATION),
        (dict(category=RegistrationCategory.DELEGATION_MEMBER, delegation=partner), BadgeCategory.PARTNER_DELEGATION),
        (dict(category=RegistrationCategory.PARTICIPANT, delegation=partner), BadgeCategory.PARTNER_DELEGATION),
        (dict(category=RegistrationCategory.DELEGATION_MEMBER, delegation=plain), BadgeCategory.PARTICIPANT),
    ]
    for fields, expected in cases:
        assert badge_category(make_registration(event, **fields)) == expected, fields


def test_badge_shows_category_word_in_french_and_english(app, db):
    require_pdf_tools()
    event = make_event()
    registration = make_registration(event, category=RegistrationCategory.DELEGATION_MEMBER,
                                     delegation=delegation(event, DelegationSide.FRENCH))
    text = normalised(pdf_text(single_badge_pdf(registration, "fr")))
    assert "Délégation française · French delegation" in text
    assert event.title_fr in text


def test_badge_unprintable_name_is_reported_not_printed(app, db):
    require_pdf_tools()
    event = make_event()
    good = make_registration(event, make_person(family_name="Aaron"))
    bad = make_registration(event, make_person(family_name="Zed\ue000"))
    badges, problems = prepare_run(event, _no_filters(), "fr")
    assert [badge.registration_id for badge in badges] == [good.id]
    [problem] = problems
    assert problem.registration_id == bad.id and "U+E000" in problem.characters
    with pytest.raises(UnprintableTextError):
        single_badge_pdf(bad, "fr")


def test_badge_only_for_confirmed_registrations(app, db):
    event = make_event()
    confirmed = make_registration(event)
    for status in (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED):
        make_registration(event, status=status)
    assert badge_registrations(event) == [confirmed]


def test_badge_run_query_count_does_not_grow_with_badges(app, db, count_queries):
    event = make_event()
    french = delegation(event, DelegationSide.FRENCH)

    def queries_for_run() -> int:
        db.session.expire_all()
        with count_queries() as counter:
            badges, _problems = prepare_run(event, _no_filters(), "fr")
        return counter.count, len(badges)

    for script in ("vietnamese", "hangul"):
        registration_in(event, script, RegistrationCategory.DELEGATION_MEMBER, delegation=french)
    db.session.commit()
    few, count_few = queries_for_run()
    for n in range(12):
        registration_in(event, sorted(NAMES_BY_SCRIPT)[n % len(NAMES_BY_SCRIPT)], delegation=french)
    db.session.commit()
    many, count_many = queries_for_run()
    assert (count_few, count_many) == (2, 14)
    assert many == few <= 2


def _no_filters():
    from app.badges.operations import BadgeFilters

    return BadgeFilters()


def test_prepare_badges_uses_badge_language_for_country(app, db):
    registration = registration_in(make_event(), "hangul")
    [badge_fr], _ = prepare_badges([registration], "fr")
    [badge_en], _ = prepare_badges([registration], "en")
    assert badge_fr.country == "Corée du Sud" and badge_en.country == "South Korea"
