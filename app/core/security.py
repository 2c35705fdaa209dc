"""Security headers on every response, and the redaction of secret tokens in paths.

| header | value |
| --- | --- |
| ``Content-Security-Policy`` | scripts, styles, images, fonts and fetches from this origin only (no inline script or style), ``frame-ancestors 'none'``, forms post to this origin only |
| ``X-Content-Type-Options`` | ``nosniff`` |
| ``X-Frame-Options`` | ``DENY`` (older browsers; the CSP says the same) |
| ``Referrer-Policy`` | ``strict-origin-when-cross-origin``; ``no-referrer`` on private-link pages so a token never leaves in a ``Referer`` |
| ``Permissions-Policy`` | camera on this origin only (the reception desk scans badges), microphone, geolocation and payment off |

Private links (``/registration/<token>`` and everything under it: choices, letter, ``badge.pdf``…;
``/chroniques/registration/<token>/…``; ``/delegations/<token>/…``) and calendar links (``/agenda/<token>.ics``)
carry a secret: ``redact_path`` replaces it with ``[token]`` wherever a path is written down (request log,
audit). A view argument named ``token`` or ``…_token`` is a secret too. Desk tokens never travel in a URL:
they are sent in the ``Authorization`` header, which is never logged (the desk pages' ``/desk/<slug>/``
holds an event's public short name, kept in the log).

A path holding a control character (NUL…) names no page: it is answered 404 before any view runs, and a
query string holding NUL is a 400 (PostgreSQL refuses NUL in a text value, as a slug, token or filter).
A JSON body sent to a page's form (outside ``/api/``) is a 400: forms take form data only.
"""  # noqa: E501 (the rows of a Markdown table stay whole)
from __future__ import annotations

import re

from flask import Flask, Response, abort, has_request_context, request

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"

# Path segments that are secrets: the segment after one of these prefixes.
# (A token ends at the next path separator, query, blank or quote: log lines hold more than a path.)
_TOKEN_PATH = re.compile(
    r"(?P<prefix>/(?:registration|delegations|agenda|unsubscribe|syntheses)/)(?P<token>[^/?#\s\"'<>\[\]]+?)(?P<suffix>\.ics)?"
    r"(?=[/?#\s\"'<>]|$)")
# Anything shaped like a generated secret (secrets.token_urlsafe(32): 43 characters of A-Z a-z 0-9 - _) wherever
# it appears in a log line — an SQL error's parameters, a header: 40 or more such characters mixing upper and
# lower case (slugs are lower case, hashes and request ids hexadecimal).
_TOKEN_SHAPED = re.compile(r"(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])[A-Za-z0-9_-]{40,}"
                           r"(?![A-Za-z0-9_-])")
_BEARER = re.compile(r"(?i)(bearer\s+)[^\s\"',;]+")


def is_secret_argument(name: str) -> bool:
    """A view argument holding a secret: ``token``, ``desk_token``… (not ``token_id``, a row's number)."""
    return name == "token" or name.endswith("_token")


def redact_path(path: str) -> str:
    """The path with every private-link or calendar token replaced by ``[token]``."""
    return _TOKEN_PATH.sub(lambda match: f"{match['prefix']}[token]{match['suffix'] or ''}", path)


def request_secrets() -> list[str]:
    """The secrets the current request carries: view arguments named like tokens, a Bearer token."""
    if not has_request_context():
        return []
    found = [value for name, value in (request.view_args or {}).items()
             if is_secret_argument(name) and isinstance(value, str) and len(value) >= 8]
    authorization = request.headers.get("Authorization", "")
    if authorization[:7].lower() == "bearer " and len(authorization) > 15:
        found.append(authorization[7:].strip())
    return found


def redact_secrets(text: str) -> str:
    """A log line without secrets: private-link and calendar paths, this request's tokens, Bearer values,
    and anything shaped like a generated token become ``[token]``."""
    for secret in request_secrets():
        text = text.replace(secret, "[token]")
    text = redact_path(text)
    text = _BEARER.sub(lambda match: f"{match[1]}[token]", text)
    return _TOKEN_SHAPED.sub("[token]", text)


def redacted_request_path() -> str:
    """The current request's path without secrets: known token paths, and any view argument named like a token."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if is_secret_argument(name) and isinstance(value, str) and value:
            path = path.replace(value, "[token]")
    return redact_path(path)


def carries_token() -> bool:
    """Whether the current request's URL holds a secret (a view argument named like a token)."""
    arguments = request.view_args or {}
    return any(is_secret_argument(name) for name in arguments) or redact_path(request.path) != request.path


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    headers["Referrer-Policy"] = "no-referrer" if carries_token() else "strict-origin-when-cross-origin"
    return response


def refuse_control_characters_in_urls() -> None:
    if not request.path.isprintable():
        abort(404)
    if any("\x00" in key or "\x00" in value for key, values in request.args.lists() for value in values):
        abort(400)
    if request.is_json and request.method not in ("GET", "HEAD", "OPTIONS") and not request.path.startswith("/api/"):
        abort(400)  # the forms take form data: Flask-WTF would read a JSON list or number as fields (a 500)


def init_security(app: Flask) -> None:
    app.before_request(refuse_control_characters_in_urls)
    app.after_request(add_security_headers)
