"""Language choice (``?lang=fr|en``, remembered; else the browser's) and FR/EN fields."""
from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, request, session, url_for
from flask_babel import get_locale


def supported_languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


# Feeds, files and APIs follow ?lang= for that one answer but never set a cookie: they are
# cached by calendar clients and proxies, and a cookie would make them private to one reader.
NO_COOKIE_SUFFIXES = (".ics", ".pdf", ".json", ".csv", ".xlsx")


def remember_language_choice() -> None:
    """``before_request`` hook: on pages, a ``?lang=`` parameter is kept in the (signed) session cookie."""
    chosen = request.args.get("lang")
    if request.path.startswith("/api/") or request.path.endswith(NO_COOKIE_SUFFIXES):
        return
    if chosen in supported_languages() and session.get("lang") != chosen:
        session["lang"] = chosen


# A browser that asks for neither French nor English (vi-VN, ar, ja…) is more likely read in English.
INTERNATIONAL_LANGUAGE = "en"


def select_locale() -> str:
    """``?lang=`` on this request, else the choice remembered in the session (``?lang=`` or the switcher),
    else the browser's: French or English when it accepts one (by its preference order), English when it
    asks only for other languages, French (the default) when it says nothing."""
    if not has_request_context():
        return default_language()
    chosen = request.args.get("lang")
    if chosen in supported_languages():
        return chosen
    if session.get("lang") in supported_languages():
        return str(session["lang"])
    return browser_language()


def browser_language() -> str:
    """The first of the browser's languages (by quality) that we speak, compared by primary tag: "fr-BE,
    en;q=0.5" is French (Werkzeug's best_match would pick the exact "en" over the regional "fr-BE")."""
    accepted = request.accept_languages
    if not accepted:
        return default_language()
    supported = supported_languages()
    for value, quality in accepted:  # highest quality first
        if quality <= 0:
            continue
        if value == "*":
            return default_language()
        primary = value.replace("_", "-").split("-")[0].lower()
        if primary in supported:
            return primary
    return INTERNATIONAL_LANGUAGE


def default_language() -> str:
    language: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    return language


def select_timezone() -> str:
    # Times are always shown in the event's own zone, passed explicitly (see app.core.dates).
    return "UTC"


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else default_language()


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """``obj.<field>_<lang>`` in the reader's language, falling back to French then English."""
    language = language or current_language()
    for candidate in (language, "fr", "en"):
        value = getattr(obj, f"{field}_{candidate}", None)
        if value:
            return str(value)
    return ""


def url_for_language(language: str) -> str:
    """The current page in another language."""
    if request.endpoint is None:
        return f"?lang={language}"
    args = dict(request.view_args or {})
    # Query keys that url_for would read as its own options (endpoint, _external, _anchor…) are dropped.
    args.update({key: value for key, value in request.args.items()
                 if key != "lang" and key != "endpoint" and not key.startswith("_") and key not in args})
    args["lang"] = language
    return url_for(request.endpoint, **args)
