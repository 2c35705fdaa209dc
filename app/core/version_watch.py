"""PostgreSQL ``LISTEN``: which versions other processes changed, told without asking the database.

Opt-in (``PAGE_VERSION_LISTEN=true``, PostgreSQL only). Each process keeps one connection listening on a
channel; writers send ``pg_notify(channel, payload)`` in the transaction that changes a version (delivered
at commit). ``changed()`` reads what arrived on that connection's socket — a system call, no round trip —
and answers the payloads, or None when it is not listening (just connected, connection lost: then
anything may have changed and callers must ask the database). What a process commits itself is known at
once by its own ``after_commit`` hook (app/events/version.py); what another process commits reaches this
one as soon as PostgreSQL delivers the notification, normally well under a millisecond after the commit.
"""
from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any

import sqlalchemy as sa

logger = logging.getLogger("rencontres.version_watch")


class VersionWatcher:
    def __init__(self, url: sa.URL, channel: str) -> None:
        self.url = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.channel = channel
        self._connection: Any = None  # a psycopg connection, imported only when listening
        self._lock = threading.Lock()

    def changed(self) -> set[str] | None:
        import psycopg

        with self._lock:
            if self._connection is None:
                try:
                    self._connection = psycopg.connect(self.url, autocommit=True, connect_timeout=2)
                    self._connection.execute(f'LISTEN "{self.channel}"')
                except (psycopg.Error, OSError):
                    logger.warning("version watch: cannot listen", exc_info=True)
                    self._close()
                return None  # what was known before listening may be stale
            try:
                pgconn = self._connection.pgconn
                pgconn.consume_input()
                payloads = set()
                while (notification := pgconn.notifies()) is not None:
                    payloads.add(notification.extra.decode())
                return payloads
            except (psycopg.Error, OSError):
                logger.warning("version watch: listening connection lost", exc_info=True)
                self._close()
                return None

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                self._connection.close()
        self._connection = None
