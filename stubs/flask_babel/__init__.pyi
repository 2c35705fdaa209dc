from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from babel import Locale
from flask import Flask

class Babel:
    def __init__(self, app: Flask | None = None, **kwargs: Any) -> None: ...
    def init_app(
        self,
        app: Flask,
        default_locale: str | None = None,
        default_domain: str | None = None,
        default_translation_directories: str | None = None,
        default_timezone: str | None = None,
        locale_selector: Callable[[], str | Locale | None] | None = None,
        timezone_selector: Callable[[], str | None] | None = None,
    ) -> None: ...

def gettext(string: str, **variables: Any) -> str: ...
def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str: ...

# A LazyString, translated when it is read: it stands wherever a str does (labels, messages).
def lazy_gettext(string: str, **variables: Any) -> str: ...
def get_locale() -> Locale | None: ...
def force_locale(locale: str | Locale) -> AbstractContextManager[None]: ...
