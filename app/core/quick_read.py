"""One-statement reads on a connection kept open per thread, in autocommit: one round trip to the database.

A cached page asks the database one question (the version of its event). Through the ORM session it would
cost four round trips on PostgreSQL: the pool's ping at checkout, ``BEGIN``, the query, ``ROLLBACK``. Here
the connection stays checked out (per engine and thread) in autocommit — no transaction, so no lock and
nothing "idle in transaction" — and a connection the server dropped (restart, failover) is replaced and
the statement run again once. ``Engine.dispose()`` closes them (the tests dispose every app's engine).
Statements go through the engine as usual: its events (query counters, logging) see them.

``held_connection`` lends the same kind of connection (one per engine, thread and purpose) to a caller that runs
its own short transaction on it, e.g. the check-in scan (app/checkin/operations.py), and ``drop_held`` replaces it
after the server dropped it.
"""
from __future__ import annotations

import threading
from typing import Any

import sqlalchemy as sa

_held: dict[tuple[int, int, str], sa.Connection] = {}
_lock = threading.Lock()


def read_first(engine: sa.Engine, statement: sa.Executable, parameters: dict[str, Any] | None = None) -> Any:
    """The first row of ``statement`` (or None), committed data only."""
    key = (id(engine), threading.get_ident(), "read")
    for attempt in (1, 2):
        connection = _held.get(key)
        if connection is None or connection.closed or connection.invalidated:
            connection = _open(engine, key)
        try:
            return connection.execute(statement, parameters).first()
        except sa.exc.DBAPIError as error:
            _forget(key)
            if attempt == 2 or not error.connection_invalidated:
                raise
    return None  # unreachable


def held_connection(engine: sa.Engine, purpose: str) -> sa.Connection:
    """This thread's connection to ``engine`` for ``purpose``, in autocommit (the caller sends BEGIN and COMMIT
    itself), opened if needed: no pool checkout and no ping per use."""
    key = (id(engine), threading.get_ident(), purpose)
    connection = _held.get(key)
    if connection is None or connection.closed or connection.invalidated:
        connection = _open(engine, key)
    return connection


def drop_held(engine: sa.Engine, purpose: str) -> None:
    """Close this thread's connection for ``purpose`` (the next ``held_connection`` opens a new one)."""
    _forget((id(engine), threading.get_ident(), purpose))


def _open(engine: sa.Engine, key: tuple[int, int, str]) -> sa.Connection:
    _forget(key)
    connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    with _lock:
        _held[key] = connection
        if not sa.event.contains(engine, "engine_disposed", _close_all_of):
            sa.event.listen(engine, "engine_disposed", _close_all_of)
    return connection


def _forget(key: tuple[int, int, str]) -> None:
    with _lock:
        connection = _held.pop(key, None)
    if connection is not None:
        try:
            connection.close()
        except sa.exc.SQLAlchemyError:
            pass


def _close_all_of(engine: sa.Engine) -> None:
    with _lock:
        keys = [key for key in _held if key[0] == id(engine)]
    for key in keys:
        _forget(key)
