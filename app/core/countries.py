"""ISO 3166-1 alpha-2 country codes and their names in the reader's language."""
from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask_babel import get_locale


@lru_cache(maxsize=8)
def _territories(language: str) -> dict[str, str]:
    names = Locale.parse(language).territories
    return {code: name for code, name in names.items() if len(code) == 2 and code.isalpha() and code != "ZZ"}


def is_country_code(code: str | None) -> bool:
    return bool(code) and code in _territories("en")


def country_name(code: str | None, language: str | None = None) -> str:
    if not code:
        return ""
    if language is None:
        locale = get_locale()
        language = locale.language if locale else "fr"
    return _territories(language).get(code, code)


def country_choices(language: str) -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name, for select boxes."""
    return sorted(_territories(language).items(), key=lambda item: item[1])
