"""In a browser on a phone: the head of delegation previews a message and confirms before sending (the send
button's own confirmation, static/js/confirm.js); the page fits 390 px and raises no CSP violation."""
from __future__ import annotations

import sqlalchemy as sa

from app.communications.messages_models import RegistrantMessage
from tests.communications.helpers import build_world
from tests.registration.test_browser_choices import PHONE, watch_csp


def test_a_head_previews_then_confirms_the_send_on_a_phone(live_server, page, db):
    world = build_world()
    db.session.commit()
    problems = watch_csp(page)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/delegations/{world.french.manage_token}?lang=en")
    page.click("text=Write to my delegation")
    page.fill("#subject_fr", "Départ du car")
    page.fill("#body_fr", "Bonjour {given_name}, le car part à 7 h de l'hôtel " + "très " * 40 + ".")
    page.click("button[value=preview]")
    assert page.locator(".recipients-count").first.inner_text() == "2"
    assert "Bonjour Anne, le car part" in page.locator(".message-preview").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click("button[value=send]")
    assert dialogs and "2" in dialogs[0]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RegistrantMessage)) == 0  # dismissed: not sent
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[value=send]")
    page.wait_for_url(f"**/delegations/{world.french.manage_token}/messages")
    db.session.expire_all()
    assert db.session.scalar(sa.select(RegistrantMessage.recipients_count)) == 2
    assert "Départ du car" in page.locator("table.sent-messages").inner_text()
    assert problems == []
