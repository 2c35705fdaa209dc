"""In a real browser: the organiser's certificate runs (one PDF, a zip) show their progress and save the file,
through the script the badge run uses too (static/js/streamed-run.js)."""
from __future__ import annotations

import zipfile

from app.auth.models import Role
from tests.badges.helpers import registration_in
from tests.certificates.helpers import check_in, recent_event, with_signer
from tests.factories import make_user, sign_in_browser
from tests.pdf_support import normalised, page_count, pdf_text, require_pdf_tools
from tests.security.csp import watch_csp


def test_browser_certificate_runs_show_progress_and_save_the_pdf_and_the_zip(live_server, page, db, tmp_path):
    require_pdf_tools()
    event = recent_event(slug="raict-2031")
    with_signer(event)
    scripts = ["vietnamese", "cyrillic", "arabic", "greek", "hangul"] * 6  # 30 attendees: progress in steps of 25
    for script in scripts:
        check_in(registration_in(event, script), event.days[0])
    user = make_user(Role.ORGANISER)
    db.session.commit()
    csp = watch_csp(page)

    sign_in_browser(page, live_server, user)
    page.goto(f"{live_server}/organiser/events/{event.slug}/certificates/")
    assert page.locator("#certificate-run-pdf").get_attribute("href").endswith("/certificates.pdf")  # without JS

    saved = _download(page, "#certificate-run-pdf", tmp_path)
    assert saved.name == f"{event.slug}-certificates.pdf"
    status = page.locator("#certificate-run-progress")
    page.wait_for_selector("#certificate-run-progress:not([hidden])")
    assert "30" in status.inner_text()
    assert status.locator("progress").get_attribute("value") == "30"
    body = saved.read_bytes()
    assert page_count(body) == 30 and "Claire Dupont" in normalised(pdf_text(body, "-f", "1", "-l", "1"))

    page.wait_for_selector("#certificate-run-zip:not([aria-disabled])")
    archive = _download(page, "#certificate-run-zip", tmp_path)
    assert archive.name == f"{event.slug}-certificates.zip"
    names = zipfile.ZipFile(archive).namelist()
    assert len(names) == 30 and all(name.endswith(".pdf") for name in names)
    assert csp.violations() == []  # the stream read by fetch and the files saved from a blob: under the CSP


def _download(page, selector: str, folder):
    """Click the link and save the file the page offers, under the name it suggests."""
    with page.expect_download() as download_info:
        page.click(selector)
    download = download_info.value
    saved = folder / download.suggested_filename
    download.save_as(saved)
    return saved
