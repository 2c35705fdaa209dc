"""The desk page in a real browser: a keyboard-wedge scan, then the camera path end to end."""
from __future__ import annotations

import subprocess
from datetime import UTC

import pytest
import qrcode
import sqlalchemy as sa
from PIL import Image

from app.auth.models import Role
from app.badges.tokens import badge_code_for
from app.checkin.models import CheckIn
from tests.checkin.helpers import event_now
from tests.conftest import CHROMIUM
from tests.factories import TEST_PASSWORD, make_person, make_registration, make_user
from tests.security.csp import watch_csp


def _setting(db):
    event = event_now()
    registration = make_registration(event, make_person(given_name="Thị Lan", family_name="Nguyễn",
                                                        given_name_latin="Thi Lan", family_name_latin="Nguyen",
                                                        country="VN"), desk_note="Badge to collect")
    user = make_user(Role.DESK)
    db.session.commit()
    return event, registration, user


def _log_in(page, live_server, user) -> None:
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/desk/" if user.role == Role.DESK else "**/organiser/**")


def _open_desk(page, live_server, event, desk: str = "B") -> None:
    page.goto(f"{live_server}/desk/{event.slug}/")
    page.fill("#desk-name", desk)
    page.press("#desk-name", "Enter")


def test_desk_page_typed_scan_shows_green_then_amber_then_undo(live_server, page, db):
    event, registration, user = _setting(db)
    csp = watch_csp(page)
    _log_in(page, live_server, user)
    _open_desk(page, live_server, event)
    assert page.evaluate("document.activeElement.id") == "scan-input"
    page.keyboard.type(badge_code_for(registration))  # as a keyboard-wedge scanner does
    page.keyboard.press("Enter")
    page.wait_for_selector("#verdict[data-status=ok]")
    assert page.inner_text("#verdict-name") == "Nguyễn Thị Lan"
    assert page.inner_text("#verdict-latin") == "Nguyen Thi Lan"
    assert "Badge to collect" in page.inner_text("#verdict-attention")
    assert "verdict-ok" in page.get_attribute("#verdict", "class")
    assert page.evaluate("document.activeElement.id") == "scan-input"
    assert page.input_value("#scan-input") == ""

    page.keyboard.type(badge_code_for(registration))
    page.keyboard.press("Enter")
    page.wait_for_selector("#verdict[data-status=already_checked_in]")
    assert "verdict-amber" in page.get_attribute("#verdict", "class")
    assert " B" in page.inner_text("#verdict-when")

    page.keyboard.type("RC1.1.1.1.NOTAREALSIGNATURENOTAREALSIGN")
    page.keyboard.press("Enter")
    page.wait_for_selector("#verdict[data-status=invalid]")
    assert "verdict-red" in page.get_attribute("#verdict", "class")

    db.session.expire_all()
    [check_in] = db.session.scalars(sa.select(CheckIn)).all()
    assert check_in.desk == "B"
    page.click("#undo-button")
    page.wait_for_selector("#verdict[data-status=idle]")
    db.session.expire_all()
    assert db.session.scalars(sa.select(CheckIn)).all() == []
    # The desk name is remembered for the next visit.
    page.reload()
    assert page.input_value("#desk-name") == "B"
    assert csp.violations() == []  # the desk's script, fetches and sounds are all allowed by the CSP


def test_desk_page_search_checks_in_by_hand(live_server, page, db):
    event, registration, user = _setting(db)
    csp = watch_csp(page)
    _log_in(page, live_server, user)
    _open_desk(page, live_server, event, desk="C")
    page.fill("#search-input", "nguyen")
    page.wait_for_selector(f"#search-results li[data-registration='{registration.id}']")
    badge_link = page.get_attribute(f"#search-results li[data-registration='{registration.id}'] a", "href")
    assert badge_link == f"/desk/{event.slug}/badges/{registration.id}.pdf"
    page.click(f"#search-results li[data-registration='{registration.id}'] button")
    page.wait_for_selector("#verdict[data-status=ok]")
    db.session.expire_all()
    [check_in] = db.session.scalars(sa.select(CheckIn)).all()
    assert check_in.desk == "C" and check_in.user_id == user.id
    page.goto(f"{live_server}/desk/{event.slug}/arrivals")
    assert csp.violations() == []


def _badge_video(code: str, folder) -> str:
    """A few seconds of video showing the badge's QR code on white, as Chromium's fake camera reads it."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=6, border=4)
    qr.add_data(code)
    qr.make(fit=True)
    symbol = qr.make_image(fill_color="black", back_color="white").get_image().convert("RGB")
    frame = Image.new("RGB", (640, 480), "white")
    frame.paste(symbol, ((640 - symbol.width) // 2, (480 - symbol.height) // 2))
    frame.save(folder / "badge.png")
    video = folder / "badge.y4m"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-loop", "1", "-i", str(folder / "badge.png"),
                    "-t", "2", "-r", "10", "-pix_fmt", "yuv420p", str(video)], check=True, timeout=60)
    return str(video)


@pytest.fixture
def camera_page(chromium_browser, db, tmp_path):
    """A Chromium whose camera films the badge of a new registration (the file is set per launch)."""
    event, registration, user = _setting(db)
    video = _badge_video(badge_code_for(registration), tmp_path)
    browser = chromium_browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=[
        "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-dev-shm-usage",
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    context = browser.new_context(locale="fr-FR")
    context.grant_permissions(["camera"])
    page = context.new_page()
    page.set_default_timeout(20000)
    yield page, event, registration, user
    context.close()
    browser.close()


def test_desk_page_camera_decodes_the_badge_and_checks_in(live_server, camera_page, db):
    page, event, registration, user = camera_page
    csp = watch_csp(page)
    _log_in(page, live_server, user)
    _open_desk(page, live_server, event)
    page.click("#camera-button")
    page.wait_for_selector("#verdict[data-status=ok]")
    assert page.get_attribute("#desk", "data-camera") in ("jsqr", "barcode-detector")
    assert page.inner_text("#verdict-name") == "Nguyễn Thị Lan"
    db.session.expire_all()
    [check_in] = db.session.scalars(sa.select(CheckIn)).all()
    assert check_in.registration_id == registration.id and check_in.badge_version == 1
    assert csp.violations() == []  # camera (getUserMedia), canvas, jsQR and WebAudio under the CSP


def test_desk_page_keeps_a_scan_the_server_could_not_record_and_sends_it_later(live_server, page, db):
    """The database was down (a 503 that says retryable): the desk keeps the scan, with its time, instead of
    showing an error and losing the person; once the server records again the queued scan is welcomed once."""
    event, registration, user = _setting(db)
    _log_in(page, live_server, user)
    _open_desk(page, live_server, event)
    refused = []

    def database_down(route):  # the app's answer while its database refuses work (test_database_unavailable.py)
        refused.append(route.request.post_data_json["nonce"])
        route.fulfill(status=503, content_type="application/json", headers={"Retry-After": "5"},
                      body='{"error": "Not available right now", "message": "Nothing was saved.", "status": 503, '
                           '"retryable": true}')

    page.route("**/api/checkin/*/scan", database_down)
    page.keyboard.type(badge_code_for(registration))
    page.keyboard.press("Enter")
    page.wait_for_selector("#queue-status:has-text('1')")
    assert page.get_attribute("#verdict", "data-status") != "ok"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0

    page.unroute("**/api/checkin/*/scan")
    page.evaluate("window.dispatchEvent(new Event('online'))")  # what the browser fires when the network is back
    for _ in range(100):  # (the page's CSP forbids wait_for_function's eval)
        if page.inner_text("#queue-status") == "":
            break
        page.wait_for_timeout(100)
    assert page.inner_text("#queue-status") == ""
    db.session.expire_all()
    [check_in] = db.session.scalars(sa.select(CheckIn)).all()
    assert check_in.registration_id == registration.id and check_in.nonce in refused
    assert check_in.recorded_at >= check_in.checked_in_at  # recorded later, at the scan's own time


# --- issue 13: the desk as a volunteer with a scanner, on a phone, with a screen reader -----------------------

def _check_in(registration, desk: str = "A") -> None:
    from app.checkin.operations import check_in_by_hand, validated_request
    from app.core.extensions import db as database

    check_in_by_hand(registration.event, registration.id, validated_request(desk, f"seed-{registration.id}"))
    database.session.commit()


def test_desk_page_a_code_scanned_into_the_search_box_is_a_scan(live_server, page, db):
    """The volunteer was typing a name when the next person's badge was scanned: the code is scanned, not searched."""
    event, registration, user = _setting(db)
    csp = watch_csp(page)
    _log_in(page, live_server, user)
    _open_desk(page, live_server, event)
    page.click("#search-input")
    page.keyboard.type(badge_code_for(registration))  # the keyboard-wedge scanner types into the focused box
    page.keyboard.press("Enter")
    page.wait_for_selector("#verdict[data-status=ok]")
    assert page.inner_text("#verdict-name") == "Nguyễn Thị Lan"
    assert page.input_value("#search-input") == ""
    assert page.locator("#search-results li").count() == 0  # no "No one found" for a code
    assert page.evaluate("document.activeElement.id") == "scan-input"
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1
    assert csp.violations() == []


def test_desk_page_search_results_show_who_has_arrived(live_server, page, db):
    event, registration, user = _setting(db)
    other = make_registration(event, make_person(given_name="Văn Minh", family_name="Nguyễn",
                                                 given_name_latin="Van Minh", family_name_latin="Nguyen"))
    db.session.commit()
    _check_in(registration, desk="C")
    _log_in(page, live_server, user)
    _open_desk(page, live_server, event)
    page.fill("#search-input", "nguyen")
    page.wait_for_selector(f"#search-results li[data-registration='{other.id}']")
    arrived = page.locator(f"#search-results li[data-registration='{registration.id}']")
    waiting = page.locator(f"#search-results li[data-registration='{other.id}']")
    assert arrived.get_attribute("data-arrived") == "yes" and waiting.get_attribute("data-arrived") == "no"
    assert "Arrivé" in arrived.locator(".arrival").inner_text() and "C" in arrived.locator(".arrival").inner_text()
    assert waiting.locator(".arrival").inner_text() == "Pas encore arrivé"


def test_desk_page_disabled_undo_looks_disabled(live_server, page, db):
    event, registration, user = _setting(db)
    _log_in(page, live_server, user)
    _open_desk(page, live_server, event)
    style = "(selector) => { const s = getComputedStyle(document.querySelector(selector)); " \
            "return [s.backgroundColor, s.cursor, s.color]; }"
    assert page.is_disabled("#undo-button")
    disabled, active = page.evaluate(style, "#undo-button"), page.evaluate(style, "#camera-button")
    assert disabled[0] != active[0] and disabled[1] == "not-allowed"
    page.keyboard.type(badge_code_for(registration))
    page.keyboard.press("Enter")
    page.wait_for_selector("#verdict[data-status=ok]")
    assert page.is_enabled("#undo-button")
    assert page.evaluate(style, "#undo-button")[:2] == active[:2]  # enabled, it looks like the other buttons


def test_arrivals_refresh_without_reloading_and_announce_politely(live_server, page, db, app):
    event, registration, user = _setting(db)
    app.config["ARRIVALS_REFRESH_SECONDS"] = 1
    csp = watch_csp(page)
    _log_in(page, live_server, user)
    page.goto(f"{live_server}/desk/{event.slug}/arrivals")
    assert page.locator("meta[http-equiv=refresh]").count() == 0  # axe: critical (focus and reading lost)
    assert page.get_attribute("#arrivals-total", "aria-live") == "polite"
    assert page.inner_text("#arrivals-total").startswith("0 / 1")
    page.evaluate("window.notReloaded = true")
    _check_in(registration)
    page.wait_for_selector("#arrivals-total:has-text('1 / 1')")
    page.wait_for_selector("#arrivals-figures .table td:has-text('1 / 1')")
    assert page.evaluate("window.notReloaded") is True  # the same document: fetched, not reloaded
    assert csp.violations() == []


DESK_PAGE_CHECK = """() => {
  const problems = [];
  const text = e => (e.textContent || '').trim();
  if (document.querySelectorAll('main, [role=main]').length !== 1) problems.push('not exactly one main landmark');
  if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
  document.querySelectorAll('th').forEach(th => { if (!text(th)) problems.push('empty table header'); });
  if (document.querySelector('meta[http-equiv=refresh]')) problems.push('meta refresh');
  document.querySelectorAll('body *').forEach(e => {
    if (e.closest('main, header, footer, nav, [role=banner], [role=contentinfo], .skip-link, script')) return;
    if (text(e) && e.children.length === 0) problems.push('content outside landmarks: ' + e.tagName);
  });
  return problems;
}"""

PHONE_CHECK = """() => {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth) {
    problems.push(`page ${document.documentElement.scrollWidth} px wide in ${window.innerWidth} px`);
  }
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
                         getComputedStyle(e).visibility !== 'hidden'; };
  document.querySelectorAll('input:not([type=hidden]), select, textarea').forEach(e => {
    if (visible(e) && parseFloat(getComputedStyle(e).fontSize) < 16) problems.push('small input ' + e.id);
  });
  const inSentence = e => { if (e.tagName !== 'A' || getComputedStyle(e).display !== 'inline') return false;
    let block = e.parentElement; while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
    return block && block.textContent.trim().length > e.textContent.trim().length; };
  document.querySelectorAll('main a[href], main button, main input:not([type=hidden]), main select').forEach(e => {
    if (!visible(e) || inSentence(e)) return;
    const r = e.getBoundingClientRect();
    if (r.width < 23.5 || r.height < 23.5) problems.push(`small target ${e.tagName} "${e.textContent.trim()}" ` +
                                                          `${Math.round(r.width)}x${Math.round(r.height)}`);
  });
  return problems;
}"""


@pytest.mark.parametrize("language", ["fr-FR", "en-GB"])
def test_every_desk_page_has_landmarks_and_fits_a_390px_phone(live_server, chromium_browser, db, language):
    """axe's findings (no main landmark and no h1 on the desk page, an empty table header, a meta refresh) and
    the phone property (no horizontal scroll, inputs of 16 px or more, tap targets of 24 × 24 px or more)."""
    event, registration, user = _setting(db)
    make_registration(event, make_person(given_name="Maximilian-Alexander", family_name="Wolfeschlegelsteinhausen",
                                         country="DE"))
    db.session.commit()
    _check_in(registration)
    context = chromium_browser.new_context(locale=language, viewport={"width": 390, "height": 844},
                                           is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        csp = watch_csp(page)
        _log_in(page, live_server, user)
        for path in ("/desk/", f"/desk/{event.slug}/", f"/desk/{event.slug}/arrivals"):
            page.goto(f"{live_server}{path}")
            if path.endswith(f"{event.slug}/"):
                page.fill("#desk-name", "B")
                page.fill("#search-input", "nguyen")  # the results' buttons and links must fit too
                page.wait_for_selector("#search-results li[data-registration]")
            assert page.evaluate(DESK_PAGE_CHECK) == [], path
            assert page.evaluate(PHONE_CHECK) == [], path
        assert csp.violations() == []
    finally:
        context.close()


def test_desk_page_an_organiser_may_check_in_outside_the_events_days_a_desk_may_not(live_server, page, db):
    """RAICT 2023 is over: a scan today is refused (its figures stay), unless an organiser explicitly overrides."""
    from datetime import datetime, timedelta

    from tests.factories import make_event

    starts_at = datetime(2023, 9, 18, 7, 0, tzinfo=UTC)
    event = make_event(starts_at=starts_at, ends_at=starts_at + timedelta(days=1, hours=9))
    registration = make_registration(event)
    desk_user, organiser = make_user(Role.DESK), make_user(Role.ORGANISER)
    db.session.commit()
    csp = watch_csp(page)
    _log_in(page, live_server, desk_user)
    _open_desk(page, live_server, event)
    page.keyboard.type(badge_code_for(registration))
    page.keyboard.press("Enter")
    page.wait_for_selector("#verdict[data-status=not_event_day]")
    assert "verdict-red" in page.get_attribute("#verdict", "class")
    assert page.locator("#override-button").count() == 0  # a desk cannot override
    page.context.clear_cookies()

    _log_in(page, live_server, organiser)
    _open_desk(page, live_server, event)
    assert page.is_hidden("#override-button")
    page.keyboard.type(badge_code_for(registration))
    page.keyboard.press("Enter")
    page.wait_for_selector("#verdict[data-status=not_event_day]")
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0
    page.click("#override-button")
    page.wait_for_selector("#verdict[data-status=ok]")
    assert page.is_hidden("#override-button")
    db.session.expire_all()
    [check_in] = db.session.scalars(sa.select(CheckIn)).all()
    assert check_in.registration_id == registration.id and check_in.day not in event.days
    assert csp.violations() == []
