"""Issue 13 in a browser: a person on a phone chooses workshops by time slot and sees a clash explained in
its slot; a head of delegation finds and ticks collectivités without Ctrl+click; corrects details."""
from __future__ import annotations

from tests.factories import make_collectivite
from tests.registration.helpers import open_event, register_someone, workshop

PHONE = {"width": 390, "height": 844}


def watch_csp(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if "Content Security Policy" in message.text else None)
    return problems


def test_on_a_phone_a_clash_is_explained_next_to_the_workshops(live_server, page, db):
    event = open_event()
    first = workshop(event, hours=1, title_en="Water")
    second = workshop(event, hours=1, title_en="Energy")
    workshop(event, hours=5, title_en="Youth")
    db.session.commit()
    problems = watch_csp(page)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/raict/{event.slug}/register?lang=en")
    assert page.locator("fieldset.slot").count() == 2
    page.fill("#given_name", "Camille")
    page.fill("#family_name", "Durand")
    page.fill("#email", "camille@example.org")
    page.select_option("#country", "FR")
    page.check(f"input[name=sessions][value='{first.id}']")
    page.check(f"input[name=sessions][value='{second.id}']")
    page.check("#consent")
    page.click("button[type=submit]")
    slot = page.locator("fieldset.slot.has-error")
    slot.wait_for()
    assert "“Water”" in slot.inner_text() and "“Energy”" in slot.inner_text()
    assert "take place at the same time" in slot.locator(".error").inner_text()
    assert page.locator(f"fieldset.slot.has-error input[value='{first.id}']").is_checked()  # what was typed is kept
    assert page.input_value("#given_name") == "Camille"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert problems == []


def test_a_head_of_delegation_filters_and_ticks_collectivites(live_server, page, db):
    event = open_event()
    towns = {name: make_collectivite(name=name) for name in ("Huế", "Hanoï", "Rennes", "Lyon")}
    db.session.commit()
    problems = watch_csp(page)
    page.goto(f"{live_server}/raict/{event.slug}/delegations/new?lang=en")
    search = page.locator("#collectivites-filter")
    assert search.is_visible()  # shown by the script; without it the whole list is there
    page.check(f"input[name=collectivites][value='{towns['Rennes'].id}']")
    search.fill("hue")
    visible = page.locator("#collectivites li:visible")
    # the match, and what is already ticked
    assert sorted(text.strip() for text in visible.all_inner_texts()) == ["Huế", "Rennes"]
    page.check(f"input[name=collectivites][value='{towns['Huế'].id}']")
    search.fill("")
    assert page.locator("#collectivites li:visible").count() == 4
    checked = page.locator("input[name=collectivites]:checked")
    assert sorted(checked.evaluate_all("boxes => boxes.map(box => box.value)")) == sorted(
        [str(towns["Huế"].id), str(towns["Rennes"].id)])
    assert problems == []


def test_a_registrant_corrects_their_details_from_the_private_page(live_server, page, db):
    event = open_event()
    workshop(event, hours=1, title_en="A workshop with a rather long title about decentralised cooperation")
    chosen = workshop(event, hours=1, capacity=0, title_en="Full")
    registration = register_someone(event, "fix@example.org", [chosen])
    db.session.commit()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/registration/{registration.manage_token}?lang=en")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.click("text=Correct my details")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.fill("#function", "Adjointe au maire")
    page.fill("#dietary_needs", "Sans gluten")
    page.select_option("#language", "fr")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/registration/{registration.manage_token}")
    assert "Adjointe au maire" in page.content() and "Sans gluten" in page.content()
    db.session.expire_all()
    assert registration.person.function == "Adjointe au maire" and registration.language == "fr"


def test_the_delegation_page_fits_a_phone_with_statuses_and_templates(live_server, page, db):
    from app.registration.models import Delegation

    event = open_event()
    delegation = Delegation(event=event, name="Délégation de Huế", country="VN")
    db.session.add(delegation)
    for n in range(3):
        member = register_someone(event, f"member{n}@example.vn", [workshop(event, hours=1 + 2 * n)])
        member.delegation = delegation
    db.session.commit()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/delegations/{delegation.manage_token}?lang=en")
    assert page.locator("table.delegation-members tbody tr").count() == 3
    assert page.locator("text=Excel template (.xlsx)").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
