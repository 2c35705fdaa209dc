"""Rendered public pages kept per version of what they show, with ETag / 304.

``@cached_page(version_of)`` on a view: ``version_of(**view_args)`` answers, with one cheap query, the
``PageVersion`` of what the page shows (an event's version: app/events/version.py), or None (not
found, not public: the view answers as usual). For anonymous readers the decorator then

- answers ``304 Not Modified`` without rendering when ``If-None-Match`` names the page's ETag
  (version + language + page: strong, and weak copies made by a compressing proxy match too);
- serves the body from the cache when this version of this page in this language was rendered
  before; else renders it and keeps it when it is shareable (200, the view touched no session:
  no CSRF token, no flashed message, no cookie);
- sends ``ETag``, ``Last-Modified`` (when the version was made), ``Cache-Control: public, max-age=…,
  must-revalidate`` and ``Vary: Accept-Language, Cookie``.

The cache key holds the scope (``event:<id>``), the version and its time, the language, the endpoint,
the host and the path with its query string, so a change (which bumps the version) is seen on the
next request, on every page, by every worker. Logged-in readers and requests carrying flashed
messages are never served from the cache and their pages never kept; they get
``Cache-Control: private, no-cache``.

Storage: in memory per process (LRU, bounded by ``PAGE_CACHE_MAX_ENTRIES`` entries and
``PAGE_CACHE_MAX_BYTES`` bytes, entries kept at most ``PAGE_CACHE_TTL`` seconds), or in Redis, shared
by every worker, when ``REDIS_URL`` is set and the ``redis`` package is installed (a Redis that fails
answers as a miss: the page is rendered). ``PAGE_CACHE_ENABLED=false`` turns the cache off (ETags stay).
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any, Protocol, TypeVar, cast

from flask import Flask, Response, current_app, make_response, request, session
from flask_login import current_user
from werkzeug.http import http_date

from app.core.i18n import current_language

logger = logging.getLogger("rencontres.page_cache")

NOT_KEPT_HEADERS = {"set-cookie", "content-length", "etag", "last-modified", "cache-control", "vary", "date"}


@dataclass(frozen=True)
class PageVersion:
    """What a page shows, as of when: ``scope`` names it (``event:12``), ``version`` goes up with every change."""

    scope: str
    version: int
    modified: datetime | None = None

    @property
    def stamp(self) -> str:
        return f"{self.version}.{int(self.modified.timestamp()) if self.modified else 0}"


@dataclass(frozen=True)
class CachedPage:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def to_bytes(self) -> bytes:
        return json.dumps({"status": self.status, "headers": self.headers}).encode() + b"\n" + self.body

    @classmethod
    def from_bytes(cls, data: bytes) -> CachedPage:
        head, _, body = data.partition(b"\n")
        meta = json.loads(head)
        return cls(meta["status"], [tuple(pair) for pair in meta["headers"]], body)


class PageStore(Protocol):
    def get(self, key: str) -> CachedPage | None: ...

    def put(self, key: str, page: CachedPage) -> None: ...

    def clear(self) -> None: ...


class MemoryPageStore:
    """A least-recently-used store bounded by entries and bytes; thread-safe (gunicorn threads)."""

    def __init__(self, max_entries: int, max_bytes: int, ttl: float) -> None:
        self.max_entries, self.max_bytes, self.ttl = max_entries, max_bytes, ttl
        self._entries: OrderedDict[str, tuple[float, CachedPage]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size_in_bytes(self) -> int:
        return self._bytes

    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0] < time.monotonic():
                if found is not None:
                    self._remove(key)
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found[1]

    def put(self, key: str, page: CachedPage) -> None:
        size = _size(key, page)
        if size > self.max_bytes or self.max_entries <= 0:
            return
        with self._lock:
            if key in self._entries:
                self._remove(key)
            self._entries[key] = (time.monotonic() + self.ttl, page)
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                self._remove(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _remove(self, key: str) -> None:
        _, page = self._entries.pop(key)
        self._bytes -= _size(key, page)


def _size(key: str, page: CachedPage) -> int:
    return len(key) + len(page.body) + sum(len(name) + len(value) for name, value in page.headers) + 64


class RedisPageStore:
    """Pages shared by every worker in Redis (``SET … EX ttl``; Redis's own eviction bounds it)."""

    def __init__(self, client: Any, prefix: str, ttl: int) -> None:
        self.client, self.prefix, self.ttl = client, prefix, ttl

    def get(self, key: str) -> CachedPage | None:
        try:
            data = self.client.get(self.prefix + _digest(key))
        except Exception:
            logger.warning("page cache: Redis unavailable", exc_info=True)
            return None
        return CachedPage.from_bytes(data) if data else None

    def put(self, key: str, page: CachedPage) -> None:
        try:
            self.client.set(self.prefix + _digest(key), page.to_bytes(), ex=self.ttl)
        except Exception:
            logger.warning("page cache: Redis unavailable", exc_info=True)

    def clear(self) -> None:
        for name in self.client.scan_iter(self.prefix + "*"):
            self.client.delete(name)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def init_page_cache(app: Flask) -> None:
    app.extensions["page_cache"] = make_store(app.config)


def make_store(config: Any) -> PageStore:
    ttl = int(config.get("PAGE_CACHE_TTL", 3600))
    url = config.get("REDIS_URL")
    if url:
        try:
            import redis
        except ImportError:
            logger.warning("REDIS_URL is set but the redis package is not installed: pages cached in memory")
        else:
            # One namespace per database: two sites (or test databases) on one Redis never share pages.
            prefix = "rencontres:page:" + _digest(str(config.get("SQLALCHEMY_DATABASE_URI")))[:12] + ":"
            return RedisPageStore(redis.Redis.from_url(url, socket_timeout=0.5), prefix, ttl)
    return MemoryPageStore(int(config.get("PAGE_CACHE_MAX_ENTRIES", 512)),
                           int(config.get("PAGE_CACHE_MAX_BYTES", 64 * 1024 * 1024)), ttl)


View = TypeVar("View", bound=Callable[..., Any])


def page_store() -> PageStore:
    store: PageStore = current_app.extensions["page_cache"]
    return store


def is_personal_request() -> bool:
    """A request whose page may show something of its own: a logged-in reader, a flashed message."""
    return bool(current_user.is_authenticated or session.get("_flashes"))


def cached_page(version_of: Callable[..., PageVersion | None], *, per_language: bool = True) -> Callable[[View], View]:
    """Decorate a public view (one line); ``per_language=False`` for documents the same in every language."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if request.method not in ("GET", "HEAD"):
                return view(*args, **kwargs)
            if is_personal_request():
                return _private(make_response(view(*args, **kwargs)))
            version = version_of(**kwargs)
            if version is None:
                return view(*args, **kwargs)
            language = current_language() if per_language else "any"
            key = f"{version.scope}:{version.stamp}:{language}:{request.endpoint}:{request.host}{request.full_path}"
            etag = f"{version.scope.replace(':', '-')}-v{version.version}-{language}-{_digest(key)[:16]}"
            if request.if_none_match.contains_weak(etag):
                return _public(Response(status=304), etag, version)
            enabled = current_app.config.get("PAGE_CACHE_ENABLED", True)
            page = page_store().get(key) if enabled else None
            if page is not None:
                response = Response(page.body, status=page.status, headers=page.headers)
            else:
                before = dict(session)
                response = make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return response
                if dict(session) != before or "Set-Cookie" in response.headers or is_personal_request():
                    return _private(response)  # the view made it personal (a CSRF token, a message…)
                if enabled and not response.direct_passthrough:
                    page_store().put(key, CachedPage(200, [(name, value) for name, value in response.headers
                                                           if name.lower() not in NOT_KEPT_HEADERS],
                                                     response.get_data()))
            response = _public(response, etag, version)
            if enabled:  # the final answer may be kept by app/core/page_fast_path.py for readers without a cookie
                request.environ["rencontres.public_page"] = _public_page(version_of, kwargs, version, etag)
            return response.make_conditional(request) if "If-Modified-Since" in request.headers else response

        return cast(View, wrapper)

    return decorate


def _public_page(version_of: Callable[..., PageVersion | None], arguments: dict[str, Any], version: PageVersion,
                 etag: str) -> Any:
    from app.core.page_fast_path import PublicPage

    return PublicPage(version_of, dict(arguments), version, etag, request.endpoint)


def _public(response: Response, etag: str, version: PageVersion) -> Response:
    headers = response.headers  # set as strings: this runs on every cached page
    headers["ETag"] = f'"{etag}"'
    if version.modified is not None:
        headers["Last-Modified"] = http_date(version.modified)
    headers["Cache-Control"] = f"public, max-age={current_app.config.get('PAGE_MAX_AGE', 60)}, must-revalidate"
    if "Vary" in headers:
        response.vary.update(("Accept-Language", "Cookie"))
    else:
        headers["Vary"] = "Accept-Language, Cookie"
    return response


def _private(response: Response) -> Response:
    if not response.cache_control.public and response.cache_control.max_age is None:
        response.cache_control.private = True
        response.cache_control.no_cache = True
    return response
