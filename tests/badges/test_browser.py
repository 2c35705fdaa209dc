"""In a real browser: the organiser's badge run shows its progress and saves the PDF."""
from __future__ import annotations

from app.auth.models import Role
from app.badges.tokens import badge_code_for
from tests.badges.helpers import decode_qr_codes, registration_in, require_zbar
from tests.factories import make_event, make_user, sign_in_browser
from tests.pdf_support import page_count, require_pdf_tools
from tests.security.csp import watch_csp


def test_browser_badge_run_shows_progress_and_saves_the_pdf(live_server, page, db, tmp_path):
    require_pdf_tools()
    require_zbar()
    event = make_event(slug="assises-2030", title_fr="Assises 2030")
    scripts = ["vietnamese", "hangul", "arabic", "greek", "kana"] * 6
    registrations = [registration_in(event, script) for script in scripts]  # 30 badges: progress in steps of 25
    user = make_user(Role.ORGANISER)
    db.session.commit()
    csp = watch_csp(page)

    sign_in_browser(page, live_server, user)
    page.goto(f"{live_server}/organiser/events/{event.slug}/badges/?format=a4x4")
    assert page.locator(".badge-count").get_attribute("data-count") == "30"

    with page.expect_download() as download_info:
        page.click("#badge-run")
    download = download_info.value
    assert download.suggested_filename == f"{event.slug}-badges.pdf"
    saved = tmp_path / "badges.pdf"
    download.save_as(saved)
    page.wait_for_selector("#badge-run-progress:not([hidden])")
    assert "30 / 30" in page.locator("#badge-run-progress").inner_text() or \
        "30 badges" in page.locator("#badge-run-progress").inner_text()
    assert page.locator("#badge-run-progress progress").get_attribute("value") == "30"
    assert csp.violations() == []  # the stream read by fetch and the PDF saved from a blob: under the CSP
    body = saved.read_bytes()
    assert page_count(body) == 8  # 30 badges, 4 a sheet
    first_sheet = sorted(registrations, key=lambda item: (item.person.family_name_latin.lower(),
                                                          item.person.given_name_latin.lower(), item.id))[:4]
    assert decode_qr_codes(body, page=1) == sorted(badge_code_for(item) for item in first_sheet)
