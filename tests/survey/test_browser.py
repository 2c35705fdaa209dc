"""In a real browser: a registrant answers the survey from their private page, then an organiser reads the
results page (its SVG charts drawn, no CSP violation)."""
from __future__ import annotations

from app.auth.models import Role
from tests.factories import TEST_PASSWORD, make_user
from tests.security.csp import watch_csp
from tests.survey.helpers import build_survey


def test_browser_survey_answered_then_results_page(live_server, page, db):
    built = build_survey(anonymous=True, attendees=2)
    user = make_user(Role.ORGANISER)
    db.session.commit()
    csp = watch_csp(page)
    person = built.attendees[0]

    page.goto(f"{live_server}/registration/{person.manage_token}?lang=en")
    page.click(f"a[href='/registration/{person.manage_token}/survey']")
    assert "anonymous" in page.locator("#survey-anonymity").inner_text()
    page.check(f"input[name=q{built.rating.id}][value='4']")
    page.check(f"input[name=q{built.single.id}][value='1']")
    page.check(f"input[name=q{built.multiple.id}][value='0']")
    page.check(f"input[name=q{built.multiple.id}][value='2']")
    page.fill(f"textarea[name=q{built.text.id}]", "Des échanges très riches — 谢谢")
    page.click("form.survey-form button[type=submit]")
    page.wait_for_selector("#survey-thanks")
    page.goto(f"{live_server}/registration/{person.manage_token}/survey")
    assert page.locator("form.survey-form").count() == 0  # answered: no second form

    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/organiser/")
    page.goto(f"{live_server}/organiser/events/{built.event.slug}/survey/?lang=en")
    page.click(f"a[href='/organiser/events/{built.event.slug}/survey/results']")
    assert "1 respondent" in page.locator(".respondents").inner_text()
    rating = page.locator(f"[data-result='{built.rating.id}']")
    assert "Average: 4.00 / 5" in rating.inner_text()
    assert rating.locator("svg rect").count() == 10 and rating.locator("svg").is_visible()
    box = rating.locator("svg").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 50
    assert "Des échanges très riches — 谢谢" in page.locator(f"[data-result='{built.text.id}']").inner_text()
    assert csp.violations() == []
