"""Issue 13 in a browser, the head of delegation's pages: collectivités found and ticked without Ctrl+click; the
delegation page on a phone (moved from tests/registration/test_browser_choices.py)."""
from __future__ import annotations

from tests.factories import make_collectivite
from tests.registration.helpers import open_event, register_someone, workshop
from tests.registration.test_browser_choices import PHONE, watch_csp


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
