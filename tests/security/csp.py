"""``watch_csp(page)``: collect what the Content-Security-Policy blocks in a real browser.

Chromium reports each blocked script, style, image, fetch, worker or media load twice: a console error
("Refused to … because it violates the following Content Security Policy directive") and a
``securitypolicyviolation`` event in the page. Both are collected, on every page the test opens.
"""
from __future__ import annotations

_LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


class CspWatch:
    def __init__(self, page) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(_LISTEN)
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.console.append(message.text)

    def violations(self) -> list[str]:
        """Everything blocked so far (the events of the page open now, the console of every page)."""
        try:
            events = self.page.evaluate("window.__cspViolations || []")
        except Exception:  # the page is navigating or closed: its console messages were collected anyway
            events = []
        return self.console + events


def watch_csp(page) -> CspWatch:
    return CspWatch(page)
