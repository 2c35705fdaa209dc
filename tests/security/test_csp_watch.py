"""The CSP watch used by the browser tests (desk, badge run) does see what the policy blocks."""
from __future__ import annotations

from tests.security.csp import watch_csp


def test_csp_watch_sees_a_blocked_inline_script_and_a_foreign_fetch(live_server, page, db):
    csp = watch_csp(page)
    page.goto(f"{live_server}/login")
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.inlineRan = true";
        document.body.appendChild(script);
        return fetch("http://example.invalid/x").catch(() => null);
    }""")
    page.wait_for_timeout(200)
    found = csp.violations()
    assert page.evaluate("window.inlineRan === undefined")
    assert any("script-src" in item for item in found) and any("connect-src" in item for item in found), found
