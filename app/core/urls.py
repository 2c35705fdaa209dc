"""URLs: where ``next=`` may lead, safe download names, and every absolute URL the app writes.

Absolute URLs (links in mails, calendar feed addresses and their ``URL:`` lines, the webcal links on
the pages, letters) are built from **one configured public URL**, ``PUBLIC_URL``
(``https://rencontres.example.org``, optionally with a path prefix), never from the request's
``Host`` header: a visitor posting with ``Host: evil.example`` must not make the app mail a
registrant a link to evil.example. :func:`external_url` is the only builder; templates call it as
``public_url(endpoint, …)``.

``PUBLIC_URL`` is required in production: ``create_app`` refuses to start without it unless
``DEBUG`` or ``TESTING`` (then ``http://localhost``), or when the app is loaded by the ``flask``
command line (maintenance commands; ``flask start`` sets ``http://<host>:<port>`` itself, and a
command that builds a link without it fails with a clear message rather than guess a host).

In production the app answers only to its own host names: ``TRUSTED_HOSTS`` (Flask ≥ 3.1) is set to
the host of ``PUBLIC_URL`` plus the optional comma-separated ``TRUSTED_HOSTS`` setting; any other
``Host`` gets a 400 before a view runs. Calendar UIDs keep using ``PUBLIC_HOST`` when it is set (so
that subscribers' calendars keep their events), else the host of ``PUBLIC_URL``.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import SecurityError
from werkzeug.routing import IntegerConverter, Map, ValidationError

DEVELOPMENT_PUBLIC_URL = "http://localhost"


class PublicUrlMissing(RuntimeError):
    """No ``PUBLIC_URL`` where one is required (production)."""


def safe_next(target: str | None, default: str) -> str:
    """Follow ``next=`` only to a path on this site (never ``//other.host`` or ``https://…``)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and not urlsplit(target).netloc:
        return target
    return default


def content_disposition(filename: str, *, attachment: bool = True, default: str = "download") -> str:
    """A ``Content-Disposition`` value with a file name reduced to safe ASCII (slugs, dots, dashes)."""
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-.") or default
    return f'{"attachment" if attachment else "inline"}; filename="{safe_name}"'


# --- the public URL -------------------------------------------------------------------------

def parse_public_url(value: str) -> tuple[str, str, str]:
    """``(scheme, host[:port], path prefix)`` of a public URL; ValueError when it is not an http(s) origin."""
    parts = urlsplit(value.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment \
            or parts.username or parts.password:
        raise ValueError(f"PUBLIC_URL must look like https://rencontres.example.org, not {value!r}")
    return parts.scheme, parts.netloc.lower(), parts.path.rstrip("/")


def public_url_setting(app: Flask | None = None) -> str:
    """The configured public URL; in debug or testing ``http://localhost`` when none is set."""
    app = app or current_app
    value: str | None = app.config.get("PUBLIC_URL")
    if value:
        return value
    if app.debug or app.testing:
        return DEVELOPMENT_PUBLIC_URL
    raise PublicUrlMissing("PUBLIC_URL is not set: links cannot be built (set PUBLIC_URL=https://your.host)")


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of ``endpoint`` on the public site (in a request or not; the Host header is never read)."""
    scheme, netloc, prefix = parse_public_url(public_url_setting())
    adapter = current_app.url_map.bind(netloc, script_name=prefix or "/", url_scheme=scheme)
    anchor = values.pop("_anchor", None)
    url = adapter.build(endpoint, {key: value for key, value in values.items() if value is not None},
                        force_external=True)
    return f"{url}#{anchor}" if anchor else url


def public_host(app: Flask | None = None) -> str:
    """The host name of calendar UIDs and Message-IDs: ``PUBLIC_HOST`` if set, else the public URL's host."""
    app = app or current_app
    host: str | None = app.config.get("PUBLIC_HOST")
    if host:
        return host
    try:
        return urlsplit(public_url_setting(app)).hostname or "localhost"
    except PublicUrlMissing:
        return "localhost"


def trusted_hosts(app: Flask) -> list[str]:
    """The host names the app answers to: the public URL's, and the extra ``TRUSTED_HOSTS``."""
    hosts = [urlsplit(public_url_setting(app)).hostname or ""]
    extra = app.config.get("EXTRA_TRUSTED_HOSTS") or []
    if isinstance(extra, str):
        extra = extra.split(",")
    hosts += [host.strip().lower() for host in extra if host.strip()]
    return list(dict.fromkeys(host for host in hosts if host))


def _loaded_by_flask_cli() -> bool:
    import click

    return click.get_current_context(silent=True) is not None


def init_public_url(app: Flask) -> None:
    """Check ``PUBLIC_URL`` (refuse to start without one in production), restrict Host headers, add ``public_url``."""
    if app.config.get("PUBLIC_URL"):
        parse_public_url(app.config["PUBLIC_URL"])
    elif not (app.debug or app.testing or _loaded_by_flask_cli()):
        raise PublicUrlMissing("PUBLIC_URL is required in production (e.g. PUBLIC_URL=https://rencontres.example.org); "
                               "it is the address written in every link the app mails")
    if app.config.get("PUBLIC_URL") and not (app.debug or app.testing) and app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app)
    app.jinja_env.globals["public_url"] = external_url
    app.config.setdefault("SERVER_NAME_FOR_LINKS", public_host(app))  # the former setting's name: use public_host()
    app.register_error_handler(SecurityError, untrusted_host)


def untrusted_host(error: SecurityError) -> ResponseReturnValue:
    """400 for a Host header the app does not answer to (plain text: no URL can be built for such a request)."""
    return "400 Bad Request: unknown host\n", 400, {"Content-Type": "text/plain; charset=utf-8"}


# --- numbers in URLs ------------------------------------------------------------------------
# Row ids are PostgreSQL ``integer`` columns: a larger number in a URL segment or a query argument
# would make the database refuse the query (a 500), and SQLite overflows at 2⁶³. Only ASCII digits
# count ("²" and "٣" are digits to Python's isdigit, not to a URL).

MAX_ID = 2**31 - 1


def parse_id(value: str | None, *, maximum: int = MAX_ID) -> int | None:
    """A non-negative ASCII integer no larger than ``maximum`` (a row id, a page number), else None."""
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > len(str(maximum)) or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if number <= maximum else None


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` in every route: ASCII digits only, at most ``MAX_ID`` unless told (else the route does not match: 404)."""

    regex = r"[0-9]+"

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID,  # noqa: A002
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    def to_python(self, value: str) -> int:
        if len(value.lstrip("-")) > len(str(self.max if self.max is not None else MAX_ID)):
            raise ValidationError()
        number: int = super().to_python(value)
        return number


def install_bounded_integers(app: Flask) -> None:
    """Every ``<int:…>`` route segment bounded (call before the blueprints register their routes)."""
    app.url_map.converters["int"] = BoundedIntegerConverter
