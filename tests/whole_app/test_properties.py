"""Whole-app properties (issue 13), on every page the app has: the demo data served by gunicorn, one real
browser (Debian's chromium), SQLite or PostgreSQL as the rest of the suite (``TEST_DATABASE_URL``).

The pages come from ``app.url_map`` (tests/whole_app/site.py fills each GET route's arguments from the demo
data) and from crawls of the site as each audience meets it; tests/whole_app/routes.py classifies every
other route. Each page is opened twice: in French on a 390 px phone (the back office on a desktop) and in
English on a desktop; both times axe-core and the CSP watch run on it.
"""
from __future__ import annotations

import os
import time

import pytest

from tests.security.csp import watch_csp
from tests.whole_app.checks import DESKTOP, PHONE, PHONE_CHECK, run_axe, with_axe
from tests.whole_app.routes import CLASSIFIED, CONTENT_TYPES, NOT_LINKED, ON_A_PHONE, audience
from tests.whole_app.site import ADMIN, DESK, ORGANISER, crawl

pytestmark = pytest.mark.slow

LANGUAGES = {"fr": "fr-FR", "en": "en-GB"}

# axe findings on pages another branch fixes (templates/checkin/ belongs to the `desk` work of issue 13):
# (endpoint, axe rule) → why it is tolerated here. Remove an entry once its fix is merged.

FIXED_ELSEWHERE: dict[tuple[str, str], str] = {}


def account_for(endpoint: str) -> str | None:
    kind = audience(endpoint)
    if kind == "desk":
        return DESK
    if kind == "organiser":
        return ADMIN if endpoint.startswith("audit.") else ORGANISER
    return None


def pages(site, crawls) -> list[tuple[str, str]]:
    """(endpoint, url) of every page: each GET route not classified, with the URLs site.urls built for it
    from the URL map, or else the first URL of it a crawl found."""
    found = dict(site.urls)
    for crawled in crawls.values():
        for endpoint, urls in crawled.by_endpoint.items():
            found.setdefault(endpoint, [url for url in urls if "lang=" not in url][:1])
    return [(endpoint, url) for endpoint, urls in sorted(found.items()) if endpoint not in CLASSIFIED for url in urls]


class Contexts:
    """One browser context and page per (account, language, width), created when first needed, with axe-core
    and the CSP watch."""

    def __init__(self, browser, site) -> None:
        self.browser, self.site, self.open = browser, site, {}

    def get(self, account: str | None, language: str, phone: bool):
        key = (account, language, phone)
        if key not in self.open:
            options = dict(viewport=PHONE, is_mobile=True, has_touch=True) if phone else dict(viewport=DESKTOP)
            context = with_axe(self.browser.new_context(locale=LANGUAGES[language], **options))
            context.set_default_timeout(20000)
            if account:
                self.site.login(context.request, account)
            page = context.new_page()
            self.open[key] = (context, page, watch_csp(page))
        return self.open[key]

    def close(self) -> None:
        for context, _, _ in self.open.values():
            context.close()


@pytest.fixture(scope="session")
def visits(site, crawls, chromium_browser):
    """Open every page in French (on a phone, unless it is the back office) and in English (desktop);
    record the answer's status, what the phone check, axe-core and the CSP watch found."""
    contexts = Contexts(chromium_browser, site)
    results = []
    try:
        for language in LANGUAGES:
            for endpoint, url in pages(site, crawls):
                account = account_for(endpoint)
                phone = language == "fr" and audience(endpoint) in ON_A_PHONE
                started = time.monotonic()
                _, page, csp = contexts.get(account, language, phone)
                console_before = len(csp.console)
                response = page.goto(site.base_url + url, wait_until="load")
                visit = {"endpoint": endpoint, "url": url, "language": language, "phone": phone,
                         "status": response.status if response else None,
                         "content_type": (response.headers.get("content-type", "") if response else "")}
                if visit["status"] == 200 and "text/html" in visit["content_type"]:
                    visit["phone_problems"] = page.evaluate(PHONE_CHECK) if phone else []
                    visit["axe"] = run_axe(page)
                visit["csp"] = csp.console[console_before:] + page.evaluate("window.__cspViolations || []")
                visit["seconds"] = time.monotonic() - started
                if os.environ.get("WHOLE_APP_TIMES"):
                    print(f"{visit['seconds']:.2f}s {language} {url}", flush=True)
                results.append(visit)
    finally:
        contexts.close()
    return results


def report(lines: list[str]) -> str:
    return "\n".join(lines)


# --- the routes --------------------------------------------------------------------------------------------

def test_every_route_is_checked_or_classified(site, visits):
    """Each route is a page some property checks (a GET route whose representative URL answered an HTML
    page) or is classified in tests/whole_app/routes.py with its reason."""
    html_pages = {visit["endpoint"] for visit in visits
                  if visit["status"] == 200 and "text/html" in visit["content_type"]}
    unknown = []
    for rule in site.app.url_map.iter_rules():
        if rule.endpoint in CLASSIFIED or rule.endpoint in html_pages:
            continue
        if "GET" not in rule.methods:
            unknown.append(f"{rule.endpoint} {sorted(rule.methods - {'HEAD', 'OPTIONS'})} {rule.rule}: not a page; "
                           "classify it in tests/whole_app/routes.py")
        elif not any(v["endpoint"] == rule.endpoint for v in visits):
            unknown.append(f"{rule.endpoint} {rule.rule}: no demo record fills its arguments (tests/whole_app/site.py) "
                           "and no crawl found it")
        else:
            answers = {(v["url"], v["status"], v["content_type"]) for v in visits if v["endpoint"] == rule.endpoint}
            unknown.append(f"{rule.endpoint} {rule.rule}: answered {sorted(answers)}, not an HTML page; classify it")
    stale = sorted(set(CLASSIFIED) - {rule.endpoint for rule in site.app.url_map.iter_rules()})
    assert not unknown and not stale, report(unknown + [f"{name}: classified but no longer a route" for name in stale])


def test_every_classified_route_answers_what_its_class_says(site, chromium_browser):
    """A classified GET route is what the table says: a PDF answers a PDF, a feed a calendar, a redirect a
    redirect… (a page classified away from the properties would fail here)."""
    contexts, wrong, fetched = {}, [], 0
    try:
        for endpoint, (kind, _reason) in sorted(CLASSIFIED.items()):
            if kind == "post":
                rules = [rule for rule in site.app.url_map.iter_rules() if rule.endpoint == endpoint]
                if any("GET" in rule.methods for rule in rules):
                    wrong.append(f"{endpoint}: classified POST-only but answers GET")
                continue
            account = account_for(endpoint) if audience(endpoint) in ("organiser", "desk") else None
            if account not in contexts:
                contexts[account] = chromium_browser.new_context()
                if account:
                    site.login(contexts[account].request, account)
            for url in site.urls.get(endpoint, [])[:1]:
                response = contexts[account].request.get(site.base_url + url, max_redirects=0, timeout=60000)
                fetched += 1
                content_type = response.headers.get("content-type", "")
                if kind == "redirect":
                    if response.status not in (301, 302, 303, 307, 308):
                        wrong.append(f"{endpoint} {url}: {response.status}, not a redirect")
                elif response.status != 200 or not content_type.startswith(CONTENT_TYPES[kind] + ("application/vnd",)):
                    wrong.append(f"{endpoint} {url}: {response.status} {content_type}, not {kind}")
    finally:
        for context in contexts.values():
            context.close()
    assert fetched >= 20 and not wrong, report(wrong)


def test_every_page_answers_in_both_languages(visits):
    failures = [f"{v['language']} {v['url']} ({v['endpoint']}): {v['status']} {v['content_type']}" for v in visits
                if v["status"] != 200]
    assert not failures, report(failures)


def test_no_page_raises_a_csp_violation(visits):
    failures = [f"{v['language']} {v['url']}: {violation}" for v in visits for violation in v["csp"]]
    assert not failures, report(failures)


# --- property 2: on a phone --------------------------------------------------------------------------------

def test_every_public_private_delegation_chronicle_and_desk_page_fits_a_phone(visits):
    checked = [v for v in visits if v["phone"] and "phone_problems" in v]
    kinds = {audience(v["endpoint"]) for v in checked}
    assert kinds == ON_A_PHONE, f"no page of {sorted(ON_A_PHONE - kinds)} was checked on a phone"
    print(f"phone: {len(checked)} pages at 390 px")
    failures = [f"{v['url']} ({v['endpoint']}): {problem}" for v in checked for problem in v["phone_problems"]]
    assert not failures, f"{len(failures)} problems on {len(checked)} pages at 390 px:\n" + report(failures)


# --- property 4: accessible --------------------------------------------------------------------------------

def test_axe_finds_no_violation_on_any_page_in_french_or_english(visits):
    checked = [v for v in visits if "axe" in v]
    assert {v["language"] for v in checked} == set(LANGUAGES)
    print(f"axe: {len(checked)} page loads ({len({v['url'] for v in checked})} pages, French and English)")
    failures = []
    for v in checked:
        for violation in v["axe"]:
            if (v["endpoint"], violation["id"]) in FIXED_ELSEWHERE:
                continue
            failures.append(f"{v['language']} {v['url']} ({v['endpoint']}): {violation['impact']} {violation['id']}: "
                            f"{violation['help']} — {', '.join(violation['nodes'])}")
    assert not failures, f"{len(failures)} violations on {len(checked)} page loads:\n" + report(failures)


# --- property 3: reachable ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def crawls(site, chromium_browser):
    """What each audience reaches by following links from where it starts."""
    skip = frozenset(CLASSIFIED)
    facts = site.facts.events
    # a delegate offered an invitation letter, so that the private page links to everything it can
    private = next((e.values["letter_offered_token"] for e in facts if "letter_offered_token" in e.values),
                   next(e.values["registration_token"] for e in facts if "registration_token" in e.values))
    delegation = next(e.values["delegation_token"] for e in facts if "delegation_token" in e.values)
    starts = {
        "public": (None, ["/"]),
        "private": (None, [f"/registration/{private}"]),
        "delegation": (None, [f"/delegations/{delegation}"]),
        "organiser": (ORGANISER, ["/organiser/"]),
        "admin": (ADMIN, ["/organiser/"]),
        "desk": (DESK, ["/desk/"]),
    }
    found = {}
    for name, (account, urls) in starts.items():
        context = chromium_browser.new_context()
        try:
            if account:
                site.login(context.request, account)
            # organisers look through three events' pages (the demo's open RAICT, chronicle and Assises)
            found[name] = crawl(site.app, context.request, site.base_url, urls, skip=skip,
                                per_endpoint=3 if account in (ORGANISER, ADMIN) else 2)
        finally:
            context.close()
    return found


def test_every_page_is_linked_from_where_its_audience_looks(site, crawls):
    """The crawl of each audience (public: from the home page; a delegate: from the private link; a head of
    delegation: from the delegation link; organisers: from the back office's home; the desk: from its home)
    reaches every page kind of that audience, or the page is in NOT_LINKED with the reason."""
    where = {"public": ("public",), "chronicle": ("public",), "private": ("private",),
             "delegation": ("delegation",), "organiser": ("organiser", "admin"), "desk": ("desk",)}
    missing = []
    print("reachable: " + ", ".join(f"{name} crawl {len(found.pages)} URLs" for name, found in crawls.items()))
    for endpoint in sorted({endpoint for endpoint, _ in pages(site, crawls)}):
        if endpoint in NOT_LINKED:
            continue
        crawled = where[audience(endpoint)]
        if not any(endpoint in crawls[name].reached() for name in crawled):
            missing.append(f"{endpoint} ({audience(endpoint)}): not linked from any page the "
                           f"{'/'.join(crawled)} crawl opened")
    assert not missing, report(missing)


def test_a_head_of_delegation_finds_the_delegation_form_on_the_event_page(site, crawls):
    """Found by walking the journey: /…/delegations/new was linked from nowhere."""
    event_pages = {url for url, endpoint in crawls["public"].pages.items() if endpoint.endswith(".event_page")}
    assert event_pages
    assert "delegations.new_delegation" in crawls["public"].reached()


# --- property 6: errors ------------------------------------------------------------------------------------

TYPED = "KEPT7319"  # unchanged by the forms' filters (strip, upper case, no spaces)
NOT_AN_EMAIL = "pas-une-adresse"
TEXT_INPUTS = "input[type=text], input[type=email], input[type=tel], input[type=number], input:not([type]), textarea"

# In the page after a refused submit: the summary, where focus is, every refused field and its messages.
REFUSED_FORM = """() => {
  const summary = document.querySelector('[data-error-summary]');
  const main = document.querySelector('main');
  const fields = [...document.querySelectorAll('main [aria-invalid=true]')].map(f => {
    const described = (f.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
      .map(id => document.getElementById(id)).filter(Boolean);
    const label = f.id ? document.querySelector(`label[for="${f.id}"]`) || f.closest('label') : f.closest('label');
    const box = f.getBoundingClientRect();
    return {id: f.id, name: f.name, value: f.value, required: f.required || f.getAttribute('aria-required') === 'true',
            marked: !!(label && label.querySelector('.required-mark')),
            messages: described.filter(d => d.classList.contains('error')).map(d => d.textContent.trim()),
            near: described.filter(d => d.classList.contains('error'))
                           .every(d => Math.abs(d.getBoundingClientRect().top - box.bottom) < 120),
            linked: !!(summary && f.id && summary.querySelector(`a[href="#${f.id}"]`))};
  });
  return {summary: !!summary, focused: !!summary && document.activeElement === summary,
          first: !!summary && main.firstElementChild === summary, fields};
}"""


def pages_with_forms(crawls) -> list[tuple[str, str]]:
    """(endpoint, URL) of one page per endpoint among the public, chronicle, private and delegation pages
    the crawls found: the pages whose forms a visitor may send."""
    found: dict[str, str] = {}
    for name in ("public", "private", "delegation"):
        for url, endpoint in crawls[name].pages.items():
            if endpoint in CLASSIFIED or audience(endpoint) in ("organiser", "desk") or "lang=" in url:
                continue
            found.setdefault(endpoint, url)
    return sorted(found.items())


def test_a_refused_form_shows_a_summary_takes_focus_there_and_keeps_what_was_typed(site, crawls, chromium_browser):
    """Property 6: every form with fields on a public, private or delegation page, sent with one field typed
    in, required ones left empty and an email that is not one: the answer shows an error summary at the top
    of the page, with focus on it; each refused field links from the summary, has its message next to it
    (aria-describedby), is marked required if it is, and keeps what was typed; axe-core finds nothing there."""
    context = with_axe(chromium_browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True))
    context.set_default_timeout(20000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    failures, checked = [], []
    try:
        for endpoint, url in pages_with_forms(crawls):
            page.goto(site.base_url + url)
            forms = page.locator("main form[method=post]")
            for index in range(forms.count()):
                form = forms.nth(index)
                if form.get_attribute("data-confirm") is not None:
                    continue
                inputs = form.locator(TEXT_INPUTS)
                visible = [inputs.nth(i) for i in range(inputs.count()) if inputs.nth(i).is_visible()]
                if not visible:
                    continue
                typed_name = None
                for field in visible:
                    kind = field.get_attribute("type") or "text"
                    if kind == "email":
                        field.fill(NOT_AN_EMAIL)
                    elif kind == "text" and typed_name is None:
                        field.fill(TYPED)
                        typed_name = field.get_attribute("name")
                    else:
                        field.fill("")
                with page.expect_navigation():
                    form.locator("button[type=submit], button:not([type]), input[type=submit]").first.click()
                state = page.evaluate(REFUSED_FORM)
                where = f"{endpoint} form {index} ({url})"
                if not state["fields"] and not state["summary"]:
                    failures.append(f"{where}: accepted with required fields empty and an invalid email")
                    page.goto(site.base_url + url)
                    continue
                checked.append(endpoint)
                failures.extend(f"{where}, refused: axe {violation['id']}: {violation['help']} — "
                                f"{', '.join(violation['nodes'])}" for violation in run_axe(page))
                if not (state["summary"] and state["first"]):
                    failures.append(f"{where}: no error summary at the top of the page")
                if not state["focused"]:
                    failures.append(f"{where}: focus is not on the error summary")
                for field in state["fields"]:
                    name = field["name"] or field["id"]
                    if not field["messages"] or not field["near"]:
                        failures.append(f"{where}: {name} refused without its message next to it (aria-describedby)")
                    if not field["linked"]:
                        failures.append(f"{where}: {name} refused but not linked from the summary")
                    if field["required"] and not field["marked"]:
                        failures.append(f"{where}: {name} is required but its label does not say so")
                kept = page.locator(f"main form [name='{typed_name}']") if typed_name else None
                if kept is not None and kept.count() and kept.first.input_value() != TYPED:
                    failures.append(f"{where}: what was typed in {typed_name} was lost")
                page.goto(site.base_url + url)
                forms = page.locator("main form[method=post]")
    finally:
        context.close()
    print(f"errors: {len(checked)} refused forms")
    assert {"registration.register", "delegations.new_delegation", "delegations.delegation"} <= set(checked), checked
    assert not failures, f"{len(failures)} problems on {len(checked)} refused forms:\n" + report(failures)
