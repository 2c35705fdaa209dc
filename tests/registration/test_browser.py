from __future__ import annotations

from tests.registration.helpers import mailed_link, open_event, registrations, workshop


def test_delegate_registers_in_english_with_a_vietnamese_name(live_server, page, db):
    event = open_event()
    first, second = workshop(event, hours=1, capacity=10), workshop(event, hours=3)
    db.session.commit()
    page.goto(f"{live_server}/raict/{event.slug}/register?lang=en")
    page.fill("#given_name", "Thị Hương")
    page.fill("#family_name", "Nguyễn")
    page.fill("#given_name_latin", "Thi Huong")
    page.fill("#family_name_latin", "Nguyen")
    page.fill("#email", "huong.nguyen@example.vn")
    page.select_option("#country", "VN")
    page.check(f"input[name=sessions][value='{first.id}']")
    page.check(f"input[name=sessions][value='{second.id}']")
    page.check("#consent")
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Check your mail')")
    assert registrations(db) == []  # the link goes to the mailbox only
    page.goto(live_server + mailed_link(db, "huong.nguyen@example.vn"))
    page.click("button[type=submit]:has-text('Confirm')")
    page.wait_for_url("**/thanks")
    assert "Thank you, Nguyễn Thị Hương" in page.content()
    assert "Your registration is confirmed." in page.content()
    db.session.expire_all()
    [registration] = registrations(db)
    assert registration.language == "en" and len(registration.choices) == 2
