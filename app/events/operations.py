"""Changes to events: create, edit, start a new edition from a previous one. They flush; the caller commits.

Records that belong to an event but live in higher packages (the programme's rooms, tracks and sessions)
follow through hooks those packages register here: ``on_timezone_change`` (a new time zone keeps their
local times) and ``on_new_edition`` (what a new edition copies from the previous one).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.audit.operations import record_audit
from app.core.dates import shift_local_days
from app.core.extensions import db
from app.events.models import Event, EventStatus

EDITABLE_FIELDS = (
    "kind", "slug", "series_id", "edition", "title_fr", "title_en", "theme_fr", "theme_en", "description_fr",
    "description_en", "starts_at", "ends_at", "timezone", "is_online", "venue_name", "venue_address", "venue_city",
    "venue_country", "co_organisers", "partner_country", "status", "capacity", "online_url",
)


TimezoneChangeHook = Callable[[Event, str, str], None]  # (event, old zone, new zone)
NewEditionHook = Callable[[Event, Event, int], None]  # (source, new event, days between their first days)

_TIMEZONE_CHANGE_HOOKS: list[TimezoneChangeHook] = []
_NEW_EDITION_HOOKS: list[NewEditionHook] = []


def on_timezone_change(hook: TimezoneChangeHook) -> TimezoneChangeHook:
    """Register ``hook``, called when an event's time zone changes (before the event is saved)."""
    if hook not in _TIMEZONE_CHANGE_HOOKS:
        _TIMEZONE_CHANGE_HOOKS.append(hook)
    return hook


def on_new_edition(hook: NewEditionHook) -> NewEditionHook:
    """Register ``hook``, called once a new edition's event is saved, to copy what it keeps from the source."""
    if hook not in _NEW_EDITION_HOOKS:
        _NEW_EDITION_HOOKS.append(hook)
    return hook


class SlugTakenError(ValueError):
    pass


def slug_is_free(slug: str, event: Event | None = None) -> bool:
    query = sa.select(Event.id).where(Event.slug == slug)
    if event is not None and event.id is not None:
        query = query.where(Event.id != event.id)
    return db.session.scalar(query) is None


def save_event(values: dict, event: Event | None = None) -> Event:
    """Create or update an event. A new time zone keeps its sessions at the same local times."""
    if not slug_is_free(values["slug"], event):
        raise SlugTakenError(values["slug"])
    if event is not None and event.id is not None and values.get("timezone", event.timezone) != event.timezone:
        _keep_local_times(event, event.timezone, values["timezone"])
    event = event or Event()
    for name in EDITABLE_FIELDS:
        if name in values:
            setattr(event, name, values[name])
    db.session.add(event)
    db.session.flush()
    return event


def edit_event(values: dict, event: Event | None = None, *, actor: str | None = None) -> Event:
    """``save_event`` by an organiser, with the audit line ``event.create`` or ``event.edit`` (``actor`` None:
    the logged-in staff member, else ``system``)."""
    action = "event.create" if event is None else "event.edit"
    saved = save_event(values, event)
    record_audit(action, target=saved, event_id=saved.id, actor=actor, details={"slug": saved.slug, "status": saved.status})
    return saved


def _keep_local_times(event: Event, old_zone: str, new_zone: str) -> None:
    for hook in _TIMEZONE_CHANGE_HOOKS:  # the programme's sessions (app.programme.editions)
        hook(event, old_zone, new_zone)


@dataclass(frozen=True)
class NewEdition:
    slug: str
    title_fr: str
    title_en: str
    first_day: date
    edition: int | None = None


def copy_edition(source: Event, new: NewEdition, *, actor: str | None = None) -> Event:
    """A draft copy of ``source`` starting on ``new.first_day``: rooms, tracks and the session skeleton
    (no speakers; cancelled sessions left behind, hidden ones stay hidden); audit line ``event.new_edition``."""
    if not slug_is_free(new.slug):
        raise SlugTakenError(new.slug)
    days = (new.first_day - source.local_start.date()).days
    values = {name: getattr(source, name) for name in EDITABLE_FIELDS}
    values |= {"slug": new.slug, "title_fr": new.title_fr, "title_en": new.title_en, "status": EventStatus.DRAFT,
               "edition": new.edition, "starts_at": shift_local_days(source.starts_at, days, source.timezone),
               "ends_at": shift_local_days(source.ends_at, days, source.timezone)}
    event = save_event(values)
    for hook in _NEW_EDITION_HOOKS:  # rooms, tracks and sessions (app.programme.editions)
        hook(source, event, days)
    db.session.flush()
    record_audit("event.new_edition", target=event, event_id=event.id, actor=actor,
                 details={"slug": event.slug, "source": source.slug})
    return event

