"""Security headers on every response; no inline script, handler or style in any template; cookie flags."""
from __future__ import annotations

import re
from pathlib import Path

from app import PROJECT_ROOT
from tests.registration.helpers import open_event, register_someone

TEMPLATES = Path(PROJECT_ROOT) / "templates"


def test_pages_send_the_security_headers(client, db):
    for url in ["/", "/login", "/organiser/", "/no-such-page", "/static/css/site.css", "/healthz"]:
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp, url
        assert "default-src 'self'" in csp and "object-src 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=(self)" in headers["Permissions-Policy"] and "microphone=()" in headers["Permissions-Policy"]


def test_private_link_pages_send_no_referrer(client, db):
    registration = register_someone(open_event(), "private@example.org")
    db.session.commit()
    for url in [f"/registration/{registration.manage_token}", f"/agenda/{registration.calendar_token}.ics",
                "/registration/unknown-token", "/delegations/unknown-token"]:
        assert client.get(url).headers["Referrer-Policy"] == "no-referrer", url


def test_templates_have_no_inline_script_handler_or_style():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    style = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
    javascript_url = re.compile(r"javascript:", re.IGNORECASE)
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for pattern in (inline_script, handler, style, javascript_url):
            assert not pattern.search(text), f"{path.relative_to(TEMPLATES)}: {pattern.pattern} (the CSP blocks it)"


def test_confirm_dialogs_use_the_static_script(client, db):
    registration = register_someone(open_event(), "confirm@example.org")
    db.session.commit()
    page = client.get(f"/registration/{registration.manage_token}").get_data(as_text=True)
    assert 'data-confirm="' in page and "/static/js/confirm.js" in page and "onsubmit" not in page


def test_session_cookie_is_httponly_lax_and_secure_outside_development(tmp_path, monkeypatch):
    from app import create_app

    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "PUBLIC_URL": "https://rencontres.example.org"})
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["REMEMBER_COOKIE_SECURE"] is True
    with app.test_request_context("/"):
        from flask import session

        session["lang"] = "en"
        response = app.make_response("x")
        app.session_interface.save_session(app, session, response)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie


def test_browser_reports_no_csp_violation_and_confirm_dialogs_work(live_server, page, db):
    registration = register_someone(open_event(), "browser@example.org")
    db.session.commit()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text else None)
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    for path in ["/", f"/raict/{registration.event.slug}/register?lang=en", "/login"]:
        page.goto(live_server + path)
    page.goto(f"{live_server}/registration/{registration.manage_token}?lang=en")
    page.click("form[data-confirm] button[type=submit]")
    page.wait_for_timeout(300)
    assert dialogs and "Cancel your registration?" in dialogs[0]
    db.session.expire_all()
    assert registration.status.value == "confirmed"  # dismissed: nothing sent
    assert violations == []
