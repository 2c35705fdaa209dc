"""Versions known in this process, kept exact without asking the database on every request.

On by default on PostgreSQL (``PAGE_VERSION_LISTEN``). Two ways a process learns that a version it knows
changed:

- **Same host** (every process of the app started with the same instance folder — gunicorn's workers, the
  CLI, the mail worker): a ``SharedGeneration``, 8 bytes in a file of the instance folder mapped in memory
  by each process. A process that commits a version bump writes a new random value there **after its
  commit and before it answers** (the ORM session's ``after_commit``); every process compares the value
  with the one it saw before answering from what it knows (a memory read, no system call). So a request
  that starts after a change's commit returned — the writer's own answer, or anything later — finds the
  value changed, forgets what it knew and asks the database: never a stale page on that host.
- **Other hosts** (and changes made outside the app, with ``pg_notify`` beside them): ``VersionWatcher``,
  one connection per process in ``LISTEN``; writers send ``pg_notify(channel, event id)`` in the
  statement that bumps a version, which PostgreSQL delivers at commit. ``changed()`` reads what arrived on
  that connection's socket (a system call, no round trip). A request on another host sees the change once
  PostgreSQL has delivered the notification to that host's worker: it signals every listener during the
  commit, before the writer gets its answer, and the listener's backend writes it to the socket at once
  (normally well under a millisecond, plus the network's latency) — but PostgreSQL gives no upper bound.
  A lost listening connection makes the process forget what it knew and ask the database until it listens
  again.

``KnownVersions`` ties them together, thread-safe (gunicorn threads): ``check()`` before answering from
what is known, ``keep()`` only what was read since the last check that found nothing changed (an epoch),
so a version read while another thread learnt of a change is never kept.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import mmap
import os
import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa

logger = logging.getLogger("rencontres.version_watch")

_SIZE = 8


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


class SharedGeneration:
    """8 bytes shared by every process of a host through a file mapped in memory: ``advance()`` writes a new
    random value (two writers at once still leave a value neither reader saw), ``read()`` reads it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < _SIZE:
                os.ftruncate(fd, _SIZE)
            self._map = mmap.mmap(fd, _SIZE)
        finally:
            os.close(fd)

    def read(self) -> bytes:
        return self._map[:_SIZE]

    def advance(self) -> None:
        self._map[:_SIZE] = os.urandom(_SIZE)


def shared_generation_path(instance_path: str, database_url: str) -> Path:
    """One file per database in the instance folder (two sites on one host, or test databases, never share)."""
    return Path(instance_path) / f"page-versions-{hashlib.sha256(database_url.encode()).hexdigest()[:12]}"


class KnownVersions:
    """What this process knows of versions, by key; exact as explained above."""

    MAX_KEYS = 10_000

    def __init__(self, watcher: VersionWatcher, shared: SharedGeneration) -> None:
        self.watcher, self.shared = watcher, shared
        self.known: dict[Any, Any] = {}
        self._generation = b""
        self._epoch = 0
        self._lock = threading.Lock()

    def check(self) -> int | None:
        """Forget what changed since the last check; the epoch to give ``keep()``, or None when nothing may be
        kept nor trusted (not listening yet, or the listening connection lost)."""
        changed = self.watcher.changed()
        generation = self.shared.read()
        with self._lock:
            if changed is None or generation != self._generation or len(self.known) > self.MAX_KEYS:
                self.known.clear()
                self._generation = generation
                self._epoch += 1
            elif changed:
                for key in [key for key, value in self.known.items() if scope_id(value) in changed]:
                    del self.known[key]
                self._epoch += 1
            return None if changed is None else self._epoch

    def get(self, key: Any) -> Any:
        return self.known.get(key)

    def keep(self, key: Any, value: Any, epoch: int) -> None:
        with self._lock:
            if epoch == self._epoch:  # nothing was learnt since the check that preceded the read
                self.known[key] = value

    def changed_here(self) -> None:
        """This process committed a change: every process of the host forgets at its next check."""
        self.shared.advance()
        with self._lock:
            self.known.clear()
            self._epoch += 1

    def close(self) -> None:
        self.watcher.close()


def scope_id(value: Any) -> str:
    return str(value.scope).rpartition(":")[2]
