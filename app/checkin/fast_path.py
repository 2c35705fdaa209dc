"""Badge scans with a desk token answered before Flask's per-request work: the desks' hot path.

A scan with a desk token (``POST /api/checkin/<slug>/scan``, ``Authorization: Bearer …``) went through everything
Flask does for any request — the request context, the session cookie, Flask-Login, Flask-WTF's and the rate
limiter's checks, the language choice, the security headers, the request log — about as much CPU as the scan's
own work (docs/performance.md). None of it changes a token scan's answer, so this WSGI layer answers such a scan
itself, in an application context only, when everything about the request is ordinary:

- the method, path and headers: ``POST`` to the scan URL, no query string, no ``Cookie``, a ``Bearer`` token,
  ``Content-Type: application/json`` and a ``Content-Length`` of at most :data:`MAX_BODY` bytes;
- the settings: ``SCAN_FAST_PATH`` on, not in debug mode, no application-wide rate limit
  (``RATELIMIT_DEFAULT``/``_APPLICATION``/``_META``: then every request goes through the limiter);
- the token: one this worker already knows for this event (``operations.known_desk_token``, no SQL), whose
  ``last_used_at`` is not due to be written;
- the body: a JSON object whose desk, nonce and optional ``scanned_at`` pass ``validated_request``, without
  ``override_event_days`` (an organiser's, refused to a token by the whole way);
- the scan itself: ``operations.scan_badge_on_held_connection``, exactly as the route calls it (the same two
  statements that re-check the token and the event), answered ``200``.

Anything else — a first request, an unknown or refused token, a bad body, a nonce used for another scan, a
database error — takes the whole way through Flask, with the body read here given back to it, and the whole way
answers it as before (the layer itself never answers an error). Nothing is written before the layer gives up, but
for a database error: then the scan may have been recorded, and the whole way repeats it with the same nonce,
which is idempotent.

The answer is the whole way's: the same JSON (the app's JSON provider, compact), and the headers of a ``200`` the
whole way gave to a token scan on this worker (kept from it: the layer serves nothing before it has seen one),
with their own ``Content-Length`` and ``X-Request-ID``; the same request-log line. Off with
``SCAN_FAST_PATH=false``.
"""
from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa
from flask import Flask

from app.checkin import operations
from app.core.db import utcnow
from app.core.limits import WIDE_LIMIT_SETTINGS
from app.core.request_log import request_id_from, write_line
from app.core.security import redact_path
from app.core.wsgi_layers import install_inside_proxy_fix

SCAN_PATH = re.compile(r"/api/checkin/([^/]{1,200})/scan")
ENDPOINT = "checkin_api.scan"
MAX_BODY = 4096  # a scan's body is about 100 bytes; anything larger takes the whole way (and its limits)
NOT_KEPT = frozenset({"content-length", "x-request-id", "date"})  # made for each answer


class ScanFastPath:
    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app, self.wsgi_app = app, wsgi_app
        self.headers: list[tuple[str, str]] | None = None  # of a 200 the whole way gave to a token scan
        self.served = 0  # answers given from here

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        candidate = self._candidate(environ)
        if candidate is None:
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        slug, token, body = candidate
        headers = self.headers
        answer = self._scan(slug, token, body) if headers is not None else None
        if answer is None or headers is None:
            return self._whole_way(environ, start_response)
        self.served += 1
        request_id = request_id_from(environ.get("HTTP_X_REQUEST_ID"))
        start_response("200 OK", [*headers, ("Content-Length", str(len(answer))), ("X-Request-ID", request_id)])
        write_line("POST", redact_path(environ.get("PATH_INFO", "")), ENDPOINT, 200, started, request_id)
        return [answer]

    def _candidate(self, environ: dict[str, Any]) -> tuple[str, str, bytes] | None:
        """(slug, token, body) of an ordinary token scan (the body read, and given back to the environ); else None."""
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("QUERY_STRING") or "HTTP_COOKIE" in environ \
                or "HTTP_TRANSFER_ENCODING" in environ:
            return None
        found = SCAN_PATH.fullmatch(environ.get("PATH_INFO", ""))
        scheme, _space, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        length = environ.get("CONTENT_LENGTH", "")
        if found is None or scheme.lower() != "bearer" or not length.isascii() or not length.isdigit() \
                or not 0 < int(length) <= MAX_BODY \
                or environ.get("CONTENT_TYPE", "").partition(";")[0].strip().lower() != "application/json":
            return None
        config = self.app.config
        if not config.get("SCAN_FAST_PATH", True) or self.app.debug or getattr(self.app.json, "compact", None) is False \
                or any(config.get(name) for name in WIDE_LIMIT_SETTINGS):
            return None
        body = environ["wsgi.input"].read(int(length))
        environ["wsgi.input"] = io.BytesIO(body)  # the whole way reads it again
        environ["CONTENT_LENGTH"] = str(len(body))
        return found.group(1), token.strip(), body

    def _scan(self, slug: str, token: str, body: bytes) -> bytes | None:
        """The scan's JSON answer, or None: the whole way then answers (nothing was written, or the nonce makes its
        repeat harmless)."""
        with self.app.app_context():
            entry = operations.known_desk_token(token)
            if entry is None or entry.event.slug != slug or operations.touch_due(entry, utcnow()):
                return None
            try:
                data = json.loads(body)
            except (ValueError, RecursionError):
                return None
            if not isinstance(data, dict) or data.get("override_event_days") not in (None, False):
                return None
            nonce, scanned_at, code = data.get("nonce"), data.get("scanned_at"), data.get("code")
            try:
                scan_request = operations.validated_request(
                    entry.desk, nonce if isinstance(nonce, str) else None, scanned_at, event=entry.event)
            except (operations.CheckInError, RuntimeError):  # its message is the whole way's to translate
                return None
            try:
                result = operations.scan_badge_on_held_connection(
                    entry.event, code if isinstance(code, str) else "", scan_request, entry)
            except (operations.DeskTokenRefused, operations.EventChanged):
                operations.forget_desk_token(token)
                return None
            except (operations.CheckInError, sa.exc.SQLAlchemyError):
                return None
            return (self.app.json.dumps(result, separators=(",", ":")) + "\n").encode()

    def _whole_way(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def keeping(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if status.startswith("200 ") and not any(name.lower() == "set-cookie" for name, _value in headers):
                self.headers = [(name, value) for name, value in headers if name.lower() not in NOT_KEPT]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, keeping)


def install_scan_fast_path(app: Flask) -> None:
    """Inside ProxyFix (when configured), in front of the page fast path and Flask."""
    app.extensions["scan_fast_path"] = install_inside_proxy_fix(app, lambda inner: ScanFastPath(app, inner))
