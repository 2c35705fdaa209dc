"""One rule for "a child of this event, or 404" (app.core.lookups.get_in_event_or_404)."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from werkzeug.exceptions import NotFound

from app.core.lookups import get_in_event_or_404
from app.events.models import Event, EventKind
from app.programme.models import Room


def _event(db, slug: str) -> Event:
    event = Event(kind=EventKind.RAICT, slug=slug, title_fr=slug, timezone="Europe/Paris",
                  starts_at=datetime(2027, 5, 3, 8, tzinfo=UTC),
                  ends_at=datetime(2027, 5, 4, 17, tzinfo=UTC))
    db.session.add(event)
    db.session.flush()
    return event


def test_get_in_event_or_404_finds_a_child_of_the_event_only(app, db):
    here, elsewhere = _event(db, "here"), _event(db, "elsewhere")
    room = Room(event=here, name="Salle A")
    db.session.add(room)
    db.session.flush()
    assert get_in_event_or_404(Room, room.id, here) is room
    with pytest.raises(NotFound):
        get_in_event_or_404(Room, room.id, elsewhere)  # another event's room: as if it did not exist
    with pytest.raises(NotFound):
        get_in_event_or_404(Room, room.id + 1000, here)


def test_get_event_or_exit_stops_a_command_on_an_unknown_event(app, db):
    import click

    from app.events.queries import get_event_or_exit

    here = _event(db, "here")
    assert get_event_or_exit("here") is here
    with pytest.raises(click.ClickException, match="no event with the short name 'nowhere'"):
        get_event_or_exit("nowhere")
