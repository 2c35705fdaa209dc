"""Property 1 (issue 13): every edit form, submitted unchanged in a real browser, saves and changes nothing.

The edit endpoints come from ``app.url_map`` (see ``forms_discovery.classify``) and their forms from a crawl
of the pages, so an edit page added tomorrow is checked without touching this file; an edit endpoint whose
form the crawl cannot find fails ``test_every_edit_endpoint_has_a_form_found_by_the_crawl``.
"""
from __future__ import annotations

import pytest

from tests.factories import TEST_PASSWORD
from tests.whole_app.forms_discovery import build_world, classify, crawl_world, differences, locate, post_targets, snapshot


@pytest.fixture
def world(app, db):
    return build_world(db)


def edit_targets(app):
    return [target for target in post_targets(app) if classify(target) == "edit"]


def test_every_post_endpoint_is_classified(app):
    unclassified = [target.key for target in post_targets(app) if classify(target) == "unclassified"]
    assert not unclassified, f"classify these POST endpoints in tests/whole_app/forms_discovery.py: {unclassified}"


def test_every_edit_endpoint_has_a_form_found_by_the_crawl(app, world):
    _, forms = crawl_world(app, world)
    missing = [f"{target.key} {target.rule}" for target in edit_targets(app)
               if not any(form.targets(target) for form in forms)]
    assert edit_targets(app), "no edit endpoint found: the discovery is broken"
    assert not missing, f"edit endpoints whose form no crawled page shows: {missing}"


def edit_forms(app, world):
    """One form per (page, action) for every edit endpoint."""
    _, forms = crawl_world(app, world)
    targets = edit_targets(app)
    found = {}
    for form in forms:
        if form.method == "post" and any(form.targets(target) for target in targets):
            found.setdefault((form.page, form.action), form)
    return list(found.values())


def sign_in(page, live_server, world):
    page.goto(f"{live_server}/login")
    page.fill("#email", world.organiser.email)
    page.fill("#password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/organiser/")


def submit_unchanged(page, live_server, form):
    """Open the form's page, press its first submit button; the answer to the POST."""
    page.goto(live_server + form.page)
    element = locate(page, form)
    button = element.locator("button[type=submit], input[type=submit], button:not([type])").first
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        button.click()
    page.wait_for_load_state()
    return answer.value


def test_edit_forms_submitted_unchanged_save_and_change_nothing(app, db, world, live_server, page):
    forms = edit_forms(app, world)
    assert len(forms) >= 20, f"too few edit forms found ({len(forms)}): the crawl is broken"
    problems = []
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, world)
    for form in forms:
        before = snapshot(db)
        answer = submit_unchanged(page, live_server, form)
        errors = page.locator(".error, .flash-error, [aria-invalid=true]").all_inner_texts()
        changed = differences(before, snapshot(db))
        if not 300 <= answer.status < 400 or errors or changed:
            problems.append(f"{form.key} from {form.page}: HTTP {answer.status}, errors {errors}, changed {changed}")
    assert not problems, "forms that do not round-trip:\n" + "\n".join(problems)
