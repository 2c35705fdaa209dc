"""Finding a record from a URL: one rule for "a child of this event, or 404"."""
from __future__ import annotations

from typing import Any, Protocol, TypeVar

from flask import abort

from app.core.extensions import db


class _InEvent(Protocol):
    event_id: Any


Child = TypeVar("Child", bound=_InEvent)


def get_in_event_or_404(model: type[Child], object_id: int, event: Any) -> Child:
    """The ``model`` row of this primary key if it belongs to ``event`` (its ``event_id``); else 404, the same
    answer as for a row that does not exist, so that an id of another event tells nothing."""
    found = db.session.get(model, object_id)
    if found is None or found.event_id != event.id:
        abort(404)
    return found
