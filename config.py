"""Settings, read from environment variables with safe defaults.

Nothing secret lives in this file: ``SECRET_KEY`` comes from the environment or
is generated once and kept in the instance folder (``instance/secret_key``).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_INSTANCE_PATH = BASE_DIR / "instance"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalise_database_url(url: str) -> str:
    """Accept the usual ``postgres://`` / ``postgresql://`` spellings and use psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def load_or_create_secret_key(instance_path: Path) -> str:
    """Return the instance's secret key, creating it (mode 0600) on first run."""
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(48)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def settings_from_environment(instance_path: Path) -> dict:
    """Every setting the application reads, from the environment."""
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'rencontres.sqlite3'}"
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or load_or_create_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BABEL_DEFAULT_LOCALE": os.environ.get("DEFAULT_LANGUAGE", "fr"),
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "LANGUAGES": ["fr", "en"],
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", False),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL", False),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "rencontres@localhost"),
        "MAIL_SEND_AFTER_REQUEST": _bool("MAIL_SEND_AFTER_REQUEST", False),
        # Bounces: "bounces@mail.example.org" makes each message's envelope sender bounces+<id>-<signature>@… (VERP).
        "MAIL_BOUNCE_ADDRESS": os.environ.get("MAIL_BOUNCE_ADDRESS") or None,
        # The mailto: of List-Unsubscribe in bulk mail (default: the sender's address).
        "MAIL_UNSUBSCRIBE_ADDRESS": os.environ.get("MAIL_UNSUBSCRIBE_ADDRESS") or None,
        # Development: organisers read the queued mails at /organiser/outbox/ (``flask start`` turns it on).
        "MAIL_OUTBOX_PAGE": _bool("MAIL_OUTBOX_PAGE", False),
        # The site's public address: every absolute URL (links in mails, feeds, letters) is built from it
        # (app/core/urls.py); required in production. PUBLIC_HOST, if set, stays the host of calendar UIDs.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL") or None,
        "PUBLIC_HOST": os.environ.get("PUBLIC_HOST") or None,
        # Host names answered besides PUBLIC_URL's (comma-separated); any other Host header is a 400 in production.
        "EXTRA_TRUSTED_HOSTS": [host.strip() for host in os.environ.get("TRUSTED_HOSTS", "").split(",") if host.strip()],
        # The organisers' mailbox, told of every request to attend a chronicle (none: not told).
        "ORGANISERS_EMAIL": os.environ.get("ORGANISERS_EMAIL"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", True),
        "REMEMBER_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", True),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        # Rate limits of public forms (app.core.limits): counters in memory (per process) or shared in Redis.
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # How many reverse proxies in front of the app set X-Forwarded-For/-Proto (0: the headers are ignored).
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        # Rendered public pages per event version (app/core/page_cache.py): in memory per worker (LRU, bounded by
        # entries and bytes), or shared in Redis when REDIS_URL is set (and the redis package installed).
        "PAGE_CACHE_ENABLED": _bool("PAGE_CACHE_ENABLED", True),
        # Cached pages answered before Flask's per-request work to readers without a cookie (app/core/page_fast_path.py).
        "PAGE_FAST_PATH": _bool("PAGE_FAST_PATH", True),
        # Badge scans with a desk token answered before Flask's per-request work (app/checkin/fast_path.py).
        "SCAN_FAST_PATH": _bool("SCAN_FAST_PATH", True),
        "PAGE_CACHE_MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "512")),
        "PAGE_CACHE_MAX_BYTES": int(os.environ.get("PAGE_CACHE_MAX_BYTES", str(64 * 1024 * 1024))),
        "PAGE_CACHE_TTL": int(os.environ.get("PAGE_CACHE_TTL", "3600")),
        "PAGE_MAX_AGE": int(os.environ.get("PAGE_MAX_AGE", "60")),
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        # PostgreSQL only: each worker learns of version changes from the host's shared generation and LISTEN/NOTIFY
        # instead of asking per request (app/core/version_watch.py; docs/performance.md says what it guarantees).
        "PAGE_VERSION_LISTEN": _bool("PAGE_VERSION_LISTEN", True),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", str(5 * 1024 * 1024))),
    }
