"""A tour of the app in screenshots: ``python -m tests.whole_app.tour`` rewrites docs/tour.md and docs/tour/.

Each journey is walked in Debian's chromium on the demo data served by gunicorn (tests/whole_app/site.py,
a SQLite database in a temporary folder), on a 390 px phone and on a desktop. The screenshots are the
visible screen (not the whole page), reduced to 48 colours, so that the folder stays small.
"""
from __future__ import annotations

import io
import shutil
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM
from tests.whole_app.checks import DESKTOP, PHONE
from tests.whole_app.site import DESK, ORGANISER, DemoSite

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
IMAGES = DOCS / "tour"
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


def save(page, name: str) -> str:
    """The visible screen as a small palette PNG in docs/tour/; its path relative to docs/."""
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    if image.width > 900:
        image = image.resize((image.width * 5 // 8, image.height * 5 // 8), Image.LANCZOS)
    image = image.quantize(colors=48, method=Image.Quantize.MEDIANCUT)
    path = IMAGES / f"{name}.png"
    image.save(path, optimize=True)
    return f"tour/{path.name}"


def register_on_a_phone(site, page, width: str, shots: list) -> None:
    event = site.facts.event_of_kind("raict")
    page.goto(f"{site.base_url}/raict/{event.slug}/")
    shots.append(("The event page", save(page, f"register-1-event-{width}")))
    page.get_by_role("link", name="S'inscrire").first.click()
    page.fill("#given_name", "Camille")
    page.fill("#family_name", "Martin")
    page.fill("#email", f"camille.martin.{width}@tour.example.org")
    page.select_option("#country", "FR")
    page.check("#consent")
    page.locator("#consent").scroll_into_view_if_needed()
    shots.append(("The registration form", save(page, f"register-2-form-{width}")))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    shots.append(("Thanks, with the private link on its way", save(page, f"register-3-thanks-{width}")))


def refused_form(site, page, width: str, shots: list) -> None:
    event = site.facts.event_of_kind("raict")
    page.goto(f"{site.base_url}/raict/{event.slug}/register")
    page.fill("#given_name", "Camille")
    page.fill("#email", "pas-une-adresse")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    shots.append(("A refused form: the summary at the top has the focus", save(page, f"errors-{width}")))


def private_page(site, page, width: str, shots: list) -> None:
    token = site.facts.events[0].values["registration_token"]
    page.goto(f"{site.base_url}/registration/{token}")
    shots.append(("A delegate's private page", save(page, f"private-{width}")))


def delegation_head(site, page, width: str, shots: list) -> None:
    event = site.facts.event_of_kind("raict")
    page.goto(f"{site.base_url}/raict/{event.slug}/")
    page.get_by_role("link", name="Inscrire une délégation").first.click()
    shots.append(("The delegation form, linked from the event page", save(page, f"delegation-1-form-{width}")))
    token = next(e.values["delegation_token"] for e in site.facts.events if "delegation_token" in e.values)
    page.goto(f"{site.base_url}/delegations/{token}")
    shots.append(("The head of delegation's page", save(page, f"delegation-2-manage-{width}")))


def organiser_edits_a_session(site, page, width: str, shots: list) -> None:
    site.login(page.context.request, ORGANISER)
    event = site.facts.event_of_kind("raict")
    page.goto(f"{site.base_url}/organiser/events/{event.slug}/sessions")
    shots.append(("The organiser's sessions", save(page, f"organiser-1-sessions-{width}")))
    page.goto(f"{site.base_url}/organiser/events/{event.slug}/sessions/{event.values['session_id']}/edit")
    shots.append(("Editing a session", save(page, f"organiser-2-edit-{width}")))


def desk_scans(site, page, width: str, shots: list) -> None:
    from app.badges.tokens import badge_code

    site.login(page.context.request, DESK)
    event = site.facts.event_of_kind("raict")
    page.goto(f"{site.base_url}/desk/{event.slug}/")
    page.fill("#desk-name", "B")
    page.press("#desk-name", "Enter")
    values = event.values
    with site.app.app_context():
        from app.core.extensions import db
        from app.registration.models import Registration

        registration = db.session.get(Registration, values["registration_id"])
        code = badge_code(registration.id, registration.event_id, registration.badge_version, site.secret_key)
    page.fill("#scan-input", code)
    page.press("#scan-input", "Enter")
    page.wait_for_timeout(800)
    shots.append(("The desk after a scan", save(page, f"desk-{width}")))


JOURNEYS = [
    ("Registering on a phone", register_on_a_phone),
    ("A form refused", refused_form),
    ("The private page", private_page),
    ("A head of delegation", delegation_head),
    ("An organiser corrects a session", organiser_edits_a_session),
    ("The reception desk scans a badge", desk_scans),
]


def main() -> int:
    shutil.rmtree(IMAGES, ignore_errors=True)
    IMAGES.mkdir(parents=True)
    site = DemoSite(Path(tempfile.mkdtemp(prefix="rencontres-tour-")))
    sections = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                                 "--disable-dev-shm-usage"])
            for title, journey in JOURNEYS:
                shots = {}
                for width, viewport in WIDTHS.items():
                    phone = width == "phone"
                    context = browser.new_context(locale="fr-FR", viewport=viewport, is_mobile=phone,
                                                  has_touch=phone)
                    page = context.new_page()
                    taken: list = []
                    journey(site, page, width, taken)
                    shots[width] = taken
                    context.close()
                sections.append((title, shots))
            browser.close()
    finally:
        site.close()
    lines = ["# A tour of Rencontres", "",
             "Each journey on a 390 px phone and on a desktop, on the demo data (`flask demo`), in French.",
             "Regenerate the pictures and this page with `python -m tests.whole_app.tour` (Debian's chromium).", ""]
    for title, shots in sections:
        lines += [f"## {title}", ""]
        for (caption, phone), (_, desktop) in zip(shots["phone"], shots["desktop"], strict=False):
            lines += [f"{caption}:", "", f"![{caption}, phone]({phone}) ![{caption}, desktop]({desktop})", ""]
    (DOCS / "tour.md").write_text("\n".join(lines), encoding="utf-8")
    total = sum(path.stat().st_size for path in IMAGES.iterdir())
    print(f"docs/tour.md and {len(list(IMAGES.iterdir()))} pictures ({total // 1024} KB) written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
