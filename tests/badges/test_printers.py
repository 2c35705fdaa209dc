"""Badges for real printers: A7, CR80 cards, label sheets of any dimensions, the printer offset and its
calibration page — read back with pdftotext, pypdf's page boxes, pdftoppm + zbarimg."""
from __future__ import annotations

import io
import re
import unicodedata

import pytest
from flask_babel import force_locale
from pypdf import PdfReader
from reportlab.lib.units import mm

from app.auth.models import Role
from app.badges.layouts import LabelSheet, LayoutError, parse_labels
from app.badges.operations import BadgeFilters, badge_registrations, prepare_run
from app.badges.rendering import (
    BadgeFormat,
    badge_header,
    render_badges,
    render_calibration,
)
from app.badges.tokens import badge_code_for
from tests.backoffice.helpers import login_as
from tests.badges.helpers import (
    NAMES_BY_SCRIPT,
    decode_qr_codes,
    registration_in,
    require_zbar,
)
from tests.factories import make_event, make_registration
from tests.pdf_support import normalised, page_count, pdf_text, require_pdf_tools

SCRIPTS = ("vietnamese", "han_simplified", "kana", "hangul", "arabic", "hebrew", "armenian", "cyrillic", "greek",
           "han_traditional", "mixed")


def _event(db, scripts=SCRIPTS):
    event = make_event()
    for script in scripts:
        registration_in(event, script)
    db.session.commit()
    return event


def _sizes_mm(body: bytes) -> set[tuple[float, float]]:
    return {(round(float(page.mediabox.width) / mm, 1), round(float(page.mediabox.height) / mm, 1))
            for page in PdfReader(io.BytesIO(body)).pages}


def _names(event) -> list[str]:
    return [unicodedata.normalize("NFC", registration.person.name) for registration in badge_registrations(event)]


def _codes(event) -> list[str]:
    return [badge_code_for(registration) for registration in badge_registrations(event)]


@pytest.mark.parametrize(("badge_format", "labels", "size", "per_page"), [
    (BadgeFormat.A7, None, (74.0, 105.0), 1),
    (BadgeFormat.CR80, None, (85.6, 54.0), 1),
    (BadgeFormat.LABELS, LabelSheet(2, 5, 90, 54), (210.0, 297.0), 10),
    (BadgeFormat.LABELS, parse_labels("cols=3,rows=8,w=70,h=36,page=a4,left=0,top=4.5"), (210.0, 297.0), 24),
])
def test_each_layout_has_its_page_size_badges_per_page_names_and_codes(app, db, badge_format, labels, size,
                                                                       per_page):
    require_pdf_tools()
    require_zbar()
    event = _event(db)
    badges, problems = prepare_run(event, BadgeFilters(), "fr")
    body = render_badges(badges, badge_header(event, "fr"), badge_format, labels=labels)
    assert problems == [] and len(badges) == len(SCRIPTS)
    pages = -(-len(badges) // per_page)
    assert page_count(body) == pages and _sizes_mm(body) == {size}
    text = normalised(pdf_text(body))
    for name in _names(event):
        assert name in text, (badge_format, name)
    codes = _codes(event)
    for page in range(pages):
        expected = sorted(codes[page * per_page:(page + 1) * per_page])
        assert decode_qr_codes(body, page=page + 1, resolution=300) == expected, (badge_format, page)


def _word_box(body: bytes, word: str) -> tuple[float, float]:
    """(xMin, yMin) of a word in points from the page's top-left corner, as pdftotext -bbox reads it."""
    html = pdf_text(body, "-bbox", "-f", "1", "-l", "1")
    match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>' + re.escape(word) + "</word>", html)
    assert match, (word, html[:2000])
    return float(match.group(1)), float(match.group(2))


@pytest.mark.parametrize("badge_format", [BadgeFormat.A6, BadgeFormat.CR80, BadgeFormat.LABELS])
def test_the_printer_offset_moves_everything_on_the_page(app, db, badge_format):
    require_pdf_tools()
    event = _event(db, ("armenian",))
    badges, _problems = prepare_run(event, BadgeFilters(), "fr")
    header = badge_header(event, "fr")
    family = NAMES_BY_SCRIPT["armenian"][0]
    plain = _word_box(render_badges(badges, header, badge_format), family)
    moved = _word_box(render_badges(badges, header, badge_format, offset=(4.0, -2.5)), family)
    assert moved[0] - plain[0] == pytest.approx(4 * mm, abs=0.2)  # to the right
    assert moved[1] - plain[1] == pytest.approx(-2.5 * mm, abs=0.2)  # upwards (y counts downwards)


@pytest.mark.parametrize(("spec", "message"), [
    ("cols=3,rows=5,w=90,h=54", "do not fit the page"),
    ("cols=2,rows=6,w=90,h=54,top=10", "do not fit the page"),
    ("cols=2,rows=5,w=90,h=54,pitch_x=80", "overlap"),
    ("cols=2,rows=5,w=20,h=54", "at least"),
    ("cols=2,rows=5,w=ninety,h=54", "must be a number"),
    ("cols=2,rows=5,w=90,h=54,depth=3", "Unknown label sheet setting depth"),
    ("cols=0,rows=5,w=90,h=54", "labels per sheet"),
])
def test_impossible_label_sheets_are_refused_with_the_reason(app, spec, message):
    with app.test_request_context(), force_locale("en"), pytest.raises(LayoutError, match=message):
        parse_labels(spec)


def test_the_reason_is_given_in_french_too(app):
    with app.test_request_context(), force_locale("fr"), pytest.raises(LayoutError) as refused:
        parse_labels("cols=3,rows=5,w=90,h=54")
    assert str(refused.value) == ("Les étiquettes ne tiennent pas sur la page : 3 × 5 étiquettes de 90 × 54 mm "
                                  "demandent 270 × 283.5 mm avec les marges, la page mesure 210 × 297 mm.")


def test_a_label_sheet_that_fits_exactly_is_accepted(app):
    sheet = parse_labels("cols=2,rows=5,w=105,h=59.4,page=a4,left=0,top=0")
    assert sheet.grid_width == pytest.approx(210) and sheet.grid_height == pytest.approx(297)
    assert parse_labels(sheet.spec()) == sheet


def test_calibration_page_has_the_outlines_rulers_and_offset(app, db):
    require_pdf_tools()
    event = _event(db, ("greek",))
    header = badge_header(event, "fr")
    body = render_calibration(header, BadgeFormat.LABELS, labels=LabelSheet(2, 5, 90, 54), offset=(1.5, -2.0))
    assert page_count(body) == 1 and _sizes_mm(body) == {(210.0, 297.0)}
    text = normalised(pdf_text(body))
    assert "offset x = 1.5 mm, y = -2 mm" in text
    assert all(str(n) in text.split() for n in (10, 100, 200, 290))  # the rulers' numbers
    plain = _word_box(render_calibration(header, BadgeFormat.LABELS, labels=LabelSheet(2, 5, 90, 54)), "offset")
    moved = _word_box(body, "offset")
    assert moved[0] - plain[0] == pytest.approx(1.5 * mm, abs=0.2)
    assert moved[1] - plain[1] == pytest.approx(-2 * mm, abs=0.2)


# --- the organisers' page and the CLI -------------------------------------------------------

def test_badge_page_prints_labels_with_the_forms_dimensions_without_javascript(app, client, db):
    require_pdf_tools()
    require_zbar()
    event = _event(db, SCRIPTS[:3])
    login_as(client, db, Role.ORGANISER)
    args = "format=labels&cols=2&rows=4&label_w=99&label_h=67&page_w=210&page_h=297&offset_x=1&offset_y=-1"
    page = client.get(f"/organiser/events/{event.slug}/badges/?{args}").get_data(as_text=True)
    link = re.search(r'id="badge-run" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "label_w=99" in link and "offset_x=1" in link
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert page_count(response.data) == 1 and _sizes_mm(response.data) == {(210.0, 297.0)}
    assert decode_qr_codes(response.data, resolution=300) == sorted(_codes(event))
    calibration = re.search(r'href="([^"]+)" id="calibration"', page).group(1).replace("&amp;", "&")
    response = client.get(calibration)
    assert response.status_code == 200 and "offset x = 1 mm, y = -1 mm" in normalised(pdf_text(response.data))


def test_badge_page_refuses_labels_that_do_not_fit_with_a_clear_message(app, client, db):
    event = _event(db, SCRIPTS[:1])
    login_as(client, db, Role.ORGANISER)
    args = "format=labels&cols=3&rows=5&label_w=90&label_h=54&page_w=210&page_h=297"
    page = client.get(f"/organiser/events/{event.slug}/badges/?{args}").get_data(as_text=True)
    assert "Les étiquettes ne tiennent pas sur la page" in page and 'id="badge-run"' not in page
    for path in ("badges.pdf", "badges.stream", "calibration.pdf"):
        response = client.get(f"/organiser/events/{event.slug}/badges/{path}?{args}")
        assert response.status_code == 400 and "ne tiennent pas sur la page" in response.get_data(as_text=True)
    for offset in ("offset_x=50", "offset_y=nan", "offset_x=-inf"):
        response = client.get(f"/organiser/events/{event.slug}/badges/badges.pdf?format=a6&{offset}")
        assert response.status_code == 400 and "entre -20 et 20 mm" in response.get_data(as_text=True)


def test_cli_prints_cr80_and_label_sheets_with_offsets_and_a_calibration_page(cli, db, tmp_path):
    require_pdf_tools()
    event = _event(db, SCRIPTS[:3])
    output = tmp_path / "cards.pdf"
    result = cli.invoke(args=["badges", "pdf", event.slug, "-o", str(output), "--format", "cr80"])
    assert result.exit_code == 0, result.output
    assert page_count(output.read_bytes()) == 3 and _sizes_mm(output.read_bytes()) == {(85.6, 54.0)}
    result = cli.invoke(args=["badges", "pdf", event.slug, "-o", str(output), "--format", "labels",
                              "--labels", "cols=2,rows=5,w=90,h=54,page=a4,left=15,top=13.5",
                              "--offset-x", "1.5", "--offset-y", "-0.5"])
    assert result.exit_code == 0, result.output
    body = output.read_bytes()
    assert page_count(body) == 1 and all(name in normalised(pdf_text(body)) for name in _names(event))
    result = cli.invoke(args=["badges", "pdf", event.slug, "-o", str(output), "--format", "labels",
                              "--labels", "cols=2,rows=5,w=90,h=54", "--offset-x", "2", "--calibration"])
    assert result.exit_code == 0, result.output
    assert "offset x = 2 mm, y = 0 mm" in normalised(pdf_text(output.read_bytes()))
    result = cli.invoke(args=["badges", "pdf", event.slug, "-o", str(output), "--format", "labels",
                              "--labels", "cols=3,rows=5,w=90,h=54"])
    assert result.exit_code != 0 and "ne tiennent pas sur la page" in result.output


def test_a7_badge_is_the_a6_badge_scaled(app, db):
    require_pdf_tools()
    event = make_event()
    make_registration(event)
    badges, _problems = prepare_run(event, BadgeFilters(), "fr")
    header = badge_header(event, "fr")
    a6 = _word_box(render_badges(badges, header, BadgeFormat.A6), badges[0].name.split()[0])
    a7 = _word_box(render_badges(badges, header, BadgeFormat.A7), badges[0].name.split()[0])
    assert a7[0] == pytest.approx(a6[0] * 74 / 105, abs=1) and a7[1] == pytest.approx(a6[1] * 74 / 105, abs=1)
