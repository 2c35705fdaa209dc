"""On a phone (390 px), in a real browser: an organiser finds a hard-bounced address by searching, clears it after
confirming (dismissing changes nothing), then undoes it; the page fits the phone and raises no CSP violation."""
from __future__ import annotations

from app.auth.models import Role
from app.mail.suppression import find_suppression, opt_out, record_bounce
from tests.factories import TEST_PASSWORD, make_user
from tests.registration.test_browser_choices import PHONE, watch_csp


def test_an_organiser_clears_then_restores_a_hard_bounce_on_a_phone(live_server, page, db):
    for number in range(30):
        opt_out(f"personne.{number}@une-commune-au-nom-assez-long.example.fr", actor="recipient", how="one-click")
    record_bounce("delegue@commune-reparee.example.fr", hard=True, status="5.1.1",
                  diagnostic="550 5.1.1 <delegue@commune-reparee.example.fr>: Recipient address rejected", actor="test")
    organiser = make_user(Role.ORGANISER)
    db.session.commit()
    problems = watch_csp(page)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/login?lang=en")
    page.fill("#email", organiser.email)
    page.fill("#password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/organiser/")
    with page.expect_navigation(wait_until="load"):  # its stylesheet applied before the width is measured
        page.click("a[href='/organiser/mail/suppressions']")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("tr[data-address] form").count() == 1  # opt-outs have no button
    page.fill("#q", "reparee")
    with page.expect_navigation(wait_until="load"):
        page.click("form[role=search] button")
    assert page.locator("tr[data-address]").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("tr[data-address] button:text('Clear')")
    page.wait_for_timeout(300)
    db.session.expire_all()
    assert find_suppression("delegue@commune-reparee.example.fr").hard_bounced_at is not None

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("tr[data-address] button:text('Clear')")
    db.session.expire_all()
    assert find_suppression("delegue@commune-reparee.example.fr").hard_bounced_at is None
    assert "is cleared" in page.locator("main").inner_text()

    with page.expect_navigation():
        page.click("tr[data-address] button:text('Undo')")
    db.session.expire_all()
    assert find_suppression("delegue@commune-reparee.example.fr").hard_bounced_at is not None
    assert page.locator("tr[data-address] button:text('Clear')").count() == 1
    assert problems == []
