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
from collections import namedtuple
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


class RawStatement:
    """A SQLAlchemy statement compiled once for ``dialect``, to run on the DBAPI cursor itself (psycopg's pipeline
    mode, which SQLAlchemy's result handling does not support): its SQL, its parameters processed by the bound
    types as SQLAlchemy would (time zones, enums, JSON), its rows processed by the result types, as named tuples."""

    def __init__(self, statement: sa.ClauseElement, dialect: sa.Dialect) -> None:
        compiled: Any = statement.compile(dialect=dialect)  # its processors are private attributes
        self.statement, self.compiled = statement, compiled
        self.sql: str = compiled.string
        self._bind_processors: dict[str, Any] = dict(compiled._bind_processors)
        columns = compiled._result_columns
        self._result_processors = [column[3]._cached_result_processor(dialect, None) for column in columns]
        self.row_type: Any = namedtuple("RawRow", [column[0] for column in columns])  # type: ignore[misc]

    def parameters(self, values: dict[str, Any]) -> dict[str, Any]:
        parameters: dict[str, Any] = dict(self.compiled.construct_params(values))
        for name, process in self._bind_processors.items():
            if name in parameters:
                parameters[name] = process(parameters[name])
        return parameters

    def rows(self, raw_rows: Any) -> list[Any]:
        processors = self._result_processors
        return [self.row_type(*[value if process is None else process(value)
                                for process, value in zip(processors, raw, strict=True)]) for raw in raw_rows]


def run_pipelined(connection: sa.Connection, statement: RawStatement, values: dict[str, Any], *,
                  before: str | None = None, after: str | None = None) -> list[Any]:
    """``before`` (e.g. ``BEGIN``), ``statement`` and ``after`` (e.g. ``COMMIT``) sent together in one round trip
    (psycopg's pipeline mode) on a connection in autocommit; the statement's rows. The engine's
    ``before_cursor_execute`` listeners (query counters, logging) see each of them. Errors are raised as SQLAlchemy
    raises them (``sa.exc.OperationalError`` with ``connection_invalidated`` for a lost server)."""
    raw = connection.connection.dbapi_connection
    assert raw is not None
    parameters = statement.parameters(values)
    cursor = raw.cursor()
    engine = connection.engine
    if engine._has_events:
        for sql, sent in ((before, None), (statement.sql, parameters), (after, None)):
            if sql is not None:
                engine.dispatch.before_cursor_execute(connection, cursor, sql, sent, None, False)
    dialect = connection.dialect
    try:
        with raw.pipeline():
            if before is not None:
                raw.execute(before)
            cursor.execute(statement.sql, parameters)
            if after is not None:
                raw.execute(after)
        found = cursor.fetchall()
    except dialect.loaded_dbapi.Error as error:  # as SQLAlchemy would raise it: a lost server is an OperationalError
        raise sa.exc.DBAPIError.instance(
            statement.sql, parameters, error, dialect.loaded_dbapi.Error,
            connection_invalidated=dialect.is_disconnect(error, raw, cursor), dialect=dialect) from error
    return statement.rows(found)
