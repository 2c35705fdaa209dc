"""Issue 13 in a browser: on a phone, the programme's filters apply at once (no page load) and the address
follows them; the day jump scrolls to a day."""
from __future__ import annotations

from tests.programme.test_programme_phone import two_day_programme


def test_filters_apply_at_once_and_the_day_jump_works_on_a_phone(live_server, page, db):
    from playwright.sync_api import expect

    event, sessions = two_day_programme(db)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/raict/{event.slug}/programme?lang=en")
    page.evaluate("window.loadedOnce = true")  # lost if the page were loaded again
    assert page.locator("li.session").count() == 4
    page.select_option("#filter-track", "climat")
    expect(page.locator("li.session")).to_have_count(2)
    assert page.locator(f"#session-{sessions['schools'].id}").count() == 0
    assert page.evaluate("window.loadedOnce") is True
    assert "track=climat" in page.url
    assert page.locator("#programme-count").inner_text() == "2 sessions shown"
    page.select_option("#filter-type", "round_table")
    expect(page.locator("li.session")).to_have_count(1)
    page.select_option("#filter-track", "")
    page.select_option("#filter-type", "")
    expect(page.locator("li.session")).to_have_count(4)
    second_day = event.days[1].isoformat()
    page.click(f".day-jump a[href='#day-{second_day}']")
    assert page.url.endswith(f"#day-{second_day}")
    assert page.evaluate(f"document.getElementById('day-{second_day}').getBoundingClientRect().top") < 844
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert problems == []
