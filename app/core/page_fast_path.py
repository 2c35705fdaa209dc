"""Cached public pages answered before Flask's per-request work, for readers without a cookie.

A cached page (app/core/page_cache.py) still went through everything Flask does for any request: the session
and login lookups, the rate limiter's filter, the language choice, the security and CORS headers, the request
log. For a reader **without any cookie** (so not logged in, no flashed message, no language remembered) all of
that gives the same answer every time for the same request, so this WSGI layer keeps the **final** answer of
such a request — status, every header the app's hooks added, body — when the page decorator says it was a
public page of a known version, and serves it again to the next identical request:

- identical: same method (GET; HEAD gets the same headers without the body), scheme, host, path, query string
  and ``Accept-Language`` (what the language is chosen from without a cookie); requests with a ``Cookie``,
  ``Authorization``, ``Range`` or ``If-Modified-Since`` header always take the whole way;
- still current: the page's version is asked again exactly as the decorator asks it (``version_of``, which
  on PostgreSQL costs no SQL: app/core/version_watch.py), and the kept answer is served only if it is the same
  version; else the request takes the whole way (which renders or serves the new version, and keeps it here);
- ``If-None-Match`` naming the page's ETag gets a 304, as from the decorator;
- the answer gets its own ``X-Request-ID`` (the proxy's when safe, as app/core/request_log.py does) and the same
  JSON request-log line as any request.

Installed inside ProxyFix (the scheme and host it fixes are part of the key), bounded like the page cache
(``PAGE_CACHE_MAX_ENTRIES``/``_BYTES``/``_TTL``), off with ``PAGE_FAST_PATH=false`` or ``PAGE_CACHE_ENABLED=false``.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from flask import Flask
from werkzeug.http import parse_etags

from app.core.page_cache import CachedPage, MemoryPageStore, PageVersion
from app.core.request_log import request_id_from, write_line
from app.core.security import redact_path
from app.core.wsgi_layers import install_inside_proxy_fix

ENVIRON_KEY = "rencontres.public_page"
BYPASS_HEADERS = ("HTTP_COOKIE", "HTTP_AUTHORIZATION", "HTTP_RANGE", "HTTP_IF_MODIFIED_SINCE")
HEADERS_OF_304 = {"etag", "last-modified", "cache-control", "vary", "x-request-id", "content-security-policy",
                  "x-content-type-options", "x-frame-options", "permissions-policy", "referrer-policy",
                  "access-control-allow-origin", "access-control-expose-headers"}


@dataclass(frozen=True)
class PublicPage:
    """What the page decorator tells this layer of a public answer (in the WSGI environ)."""

    version_of: Callable[..., PageVersion | None]
    arguments: dict[str, Any]
    version: PageVersion
    etag: str
    endpoint: str | None


@dataclass(frozen=True)
class FinalPage(CachedPage):
    page: PublicPage | None = field(default=None)


class PageFastPath:
    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app, self.wsgi_app = app, wsgi_app
        config = app.config
        self.store = MemoryPageStore(int(config.get("PAGE_CACHE_MAX_ENTRIES", 512)),
                                     int(config.get("PAGE_CACHE_MAX_BYTES", 64 * 1024 * 1024)),
                                     int(config.get("PAGE_CACHE_TTL", 3600)))
        self.served = 0  # answers given from here (a kept copy of an older version is not one)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        config = self.app.config
        key = _key(environ) if config.get("PAGE_CACHE_ENABLED", True) and config.get("PAGE_FAST_PATH", True) else None
        if key is None:
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        kept = self.store.get(key)
        if isinstance(kept, FinalPage) and kept.page is not None and self._current(kept.page):
            self.served += 1
            return _serve(kept, kept.page, environ, start_response, started)
        captured: dict[str, Any] = {}

        def capturing(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        answer = self.wsgi_app(environ, capturing)
        made = cast(PublicPage | None, environ.get(ENVIRON_KEY))
        if made is None or not captured.get("status", "").startswith("200") or environ["REQUEST_METHOD"] != "GET" \
                or any(name.lower() == "set-cookie" for name, _ in captured["headers"]):
            return answer
        try:
            body = b"".join(answer)
        finally:
            if hasattr(answer, "close"):
                answer.close()
        headers = [(name, value) for name, value in captured["headers"]
                   if name.lower() not in ("x-request-id", "content-length", "date")]
        self.store.put(key, FinalPage(200, headers, body, made))
        return [body]

    def _current(self, page: PublicPage) -> bool:
        with self.app.app_context():
            return bool(page.version_of(**page.arguments) == page.version)


def _key(environ: dict[str, Any]) -> str | None:
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or any(name in environ for name in BYPASS_HEADERS):
        return None
    return "\n".join((environ.get("wsgi.url_scheme", ""), environ.get("HTTP_HOST", ""), environ.get("SCRIPT_NAME", ""),
                      environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""),
                      environ.get("HTTP_ACCEPT_LANGUAGE", "")))


def _serve(kept: FinalPage, page: PublicPage, environ: dict[str, Any], start_response: Callable[..., Any],
           started: float) -> list[bytes]:
    request_id = request_id_from(environ.get("HTTP_X_REQUEST_ID"))
    if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_weak(page.etag):
        status, body = 304, b""
        headers = [(name, value) for name, value in kept.headers if name.lower() in HEADERS_OF_304]
    else:
        status, body = 200, kept.body
        headers = [*kept.headers, ("Content-Length", str(len(body)))]
    start_response("304 NOT MODIFIED" if status == 304 else "200 OK", [*headers, ("X-Request-ID", request_id)])
    write_line(environ["REQUEST_METHOD"], redact_path(environ.get("PATH_INFO", "")), page.endpoint, status, started,
               request_id)
    return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


def install_page_fast_path(app: Flask) -> None:
    """Wrap the app inside ProxyFix (when configured), so that the key sees the scheme and host it fixed."""
    app.extensions["page_fast_path"] = install_inside_proxy_fix(app, lambda inner: PageFastPath(app, inner))

