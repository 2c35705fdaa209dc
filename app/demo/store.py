"""Get-or-create by natural key, one table at a time: read the keys once, add what is missing, flush once.

Rows already in the database are never modified, so loading twice changes nothing.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from app.core.extensions import db


def _normalise(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def natural_key(values: Iterable[Any]) -> tuple:
    return tuple(_normalise(value) for value in values)


class Store:
    """Ensures rows exist and counts those it had to create, by table."""

    def __init__(self) -> None:
        self.created: dict[str, int] = {}

    def ensure(self, model: type[Any], key_names: Sequence[str], rows: Iterable[dict]) -> dict[tuple, int]:
        """Insert the rows whose natural key is missing; return the id of every wanted (and existing) key."""
        columns = [getattr(model, name) for name in key_names]
        ids = {natural_key(row[:-1]): row[-1] for row in db.session.execute(sa.select(*columns, model.id))}
        new = {}
        for values in rows:
            key = natural_key(values[name] for name in key_names)
            if key not in ids and key not in new:
                new[key] = model(**values)
        self._flush(model, new.values())
        ids.update((key, row.id) for key, row in new.items())
        return ids

    def ensure_links(self, model: type, key_names: Sequence[str], rows: Iterable[dict]) -> None:
        """The same for association rows whose primary key is their natural key."""
        columns = [getattr(model, name) for name in key_names]
        existing = {natural_key(row) for row in db.session.execute(sa.select(*columns))}
        new = {}
        for values in rows:
            key = natural_key(values[name] for name in key_names)
            if key not in existing and key not in new:
                new[key] = model(**values)
        self._flush(model, new.values())

    def _flush(self, model: type[Any], rows: Iterable[Any]) -> None:
        rows = list(rows)
        db.session.add_all(rows)
        db.session.flush()
        table = model.__tablename__
        self.created[table] = self.created.get(table, 0) + len(rows)
