"""``Event.version``: goes up with every change to what an event's public pages show.

Cached public pages (app/core/page_cache.py) are keyed on it, so it must never miss a change. A
``before_flush`` listener looks at the new, changed and deleted objects of the flush; each model whose
rows appear on an event's pages is registered here with a function naming the events it touches:
the event itself and its series here, sessions, rooms, tracks and speakers by app/programme, the
people shown as speakers (names, functions, collectivités, protocol ranks) likewise (a higher package
registers with this lower one). The events found are bumped by one ``UPDATE event SET version =
version + 1`` in the same transaction: concurrent writers serialise on the row, so no bump is lost.

Bulk ``UPDATE``/``DELETE`` statements bypass the ORM and so this listener: call
``bump_event_versions`` beside them.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session as OrmSession

from app.core.db import utcnow
from app.core.extensions import db
from app.core.page_cache import PageVersion
from app.core.quick_read import read_first
from app.events.models import PUBLIC_STATUSES, Event, EventKind, EventSeries

logger = logging.getLogger("rencontres.page_cache")

# model → (orm_session, obj) → event ids, or a SELECT of event ids, or None
EventIds = Callable[[OrmSession, Any], "Iterable[int | None] | sa.Select | None"]
_SOURCES: dict[type, tuple[EventIds, tuple[str, ...] | None]] = {}


def register_version_source(model: type, event_ids: EventIds, fields: tuple[str, ...] | None = None) -> None:
    """Changes to ``model`` rows bump the versions of the events ``event_ids(orm_session, obj)`` names.

    ``fields``: only changes to these attributes count for a changed row (None: any change); new
    and deleted rows always count.
    """
    _SOURCES[model] = (event_ids, fields)


def install_version_bump(session_factory: Any) -> None:
    """Listen to ``before_flush`` of ``session_factory`` (a scoped session, sessionmaker or class); idempotent."""
    if not sa.event.contains(session_factory, "before_flush", bump_changed_events):
        sa.event.listen(session_factory, "before_flush", bump_changed_events)
        sa.event.listen(session_factory, "after_commit", _forget_known_versions)
        sa.event.listen(session_factory, "after_rollback", _drop_bumped)


VERSION_CHANNEL = "rencontres_event_version"


def init_version_watch(app: Any) -> None:
    """On PostgreSQL, versions known in this process (app/core/version_watch.py): told of changes by the host's
    shared generation and by ``LISTEN``, so that a cached page asks the database nothing
    (``PAGE_VERSION_LISTEN``, on by default; off: one query per cached page). Every process on PostgreSQL
    advances the shared generation when it commits a bump, whether it listens or not."""
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        return
    from app.core.version_watch import KnownVersions, SharedGeneration, VersionWatcher, shared_generation_path

    try:
        os.makedirs(app.instance_path, exist_ok=True)
        shared = SharedGeneration(shared_generation_path(app.instance_path, url.render_as_string(hide_password=True)))
    except OSError:
        logger.warning("page versions: no shared file in %s, every cached page asks the database", app.instance_path,
                       exc_info=True)
        return
    known = KnownVersions(VersionWatcher(url, VERSION_CHANNEL), shared)
    app.extensions["event_versions"] = known
    with app.app_context():  # the tests dispose every app's engine: the listening connection goes with it
        sa.event.listen(db.engine, "engine_disposed", lambda engine: known.close())


def _forget_known_versions(orm_session: OrmSession) -> None:
    if orm_session.info.pop("bumped_events", None) and has_app_context():
        versions = current_app.extensions.get("event_versions")
        if versions is not None:
            versions.changed_here()  # before this request answers: every process of the host will ask


def _drop_bumped(orm_session: OrmSession) -> None:
    orm_session.info.pop("bumped_events", None)


def bump_changed_events(orm_session: OrmSession, flush_context: Any, instances: Any) -> None:
    event_ids: set[int] = set()
    for obj, changed in _touched(orm_session):
        source = _SOURCES.get(type(obj))
        if source is None:
            continue
        event_ids_of, fields = source
        if changed and not _has_changes(obj, fields):
            continue
        found = event_ids_of(orm_session, obj)
        if isinstance(found, sa.Select):
            found = orm_session.scalars(found)
        event_ids.update(event_id for event_id in found or () if event_id is not None)
    if event_ids:
        bump_event_versions(orm_session, event_ids)


def bump_event_versions(orm_session: OrmSession, event_ids: Iterable[int]) -> None:
    """``version = version + 1`` for these events, in the caller's transaction (also for bulk statements)."""
    ids = sorted(set(event_ids))
    if not ids:
        return
    bump = (sa.update(Event).where(Event.id.in_(ids)).values(version=Event.version + 1, version_at=utcnow())
            .execution_options(synchronize_session=False))
    if orm_session.get_bind().dialect.name == "postgresql":  # processes listening learn it at commit, same statement
        bump = bump.returning(sa.func.pg_notify(VERSION_CHANNEL, sa.cast(Event.id, sa.Text)))
    orm_session.execute(bump)
    orm_session.info.setdefault("bumped_events", set()).update(ids)
    for event_id in ids:  # the copies in memory read the new values when next used
        loaded = orm_session.identity_map.get(orm_session.identity_key(Event, event_id))
        if loaded is not None:
            orm_session.expire(loaded, ["version", "version_at"])


def public_event_version(slug: str, kind: EventKind | str | None = None, **_: Any) -> PageVersion | None:
    """The version of a public event's pages (``@cached_page(public_event_version)`` on any view with a
    ``slug``, and a ``kind`` when its URL has one): one indexed query, None when no public event has that slug.

    On PostgreSQL (``PAGE_VERSION_LISTEN``, the default) a version this process knows and was not told has
    changed is answered without SQL (app/core/version_watch.py). Otherwise one round trip: on a connection kept
    open in autocommit (app/core/quick_read.py), the ORM session left unused on a cached page; committed data
    only, like every other reader."""
    kind = None if kind is None else _KINDS_BY_URL.get(kind, kind)
    versions = current_app.extensions.get("event_versions")
    epoch = None
    if versions is not None and current_app.config.get("PAGE_VERSION_LISTEN", True):
        epoch = versions.check()
        if epoch is not None and (found := versions.get((slug, kind))) is not None:
            return cast(PageVersion, found)
    if kind is None:
        row = read_first(db.engine, _VERSION_BY_SLUG, {"slug": slug})
    else:
        row = read_first(db.engine, _VERSION_BY_KIND_AND_SLUG, {"slug": slug, "kind": kind})
    if row is None:
        return None
    version = PageVersion(f"event:{row.id}", row.version, row.version_at or row.updated_at)
    if epoch is not None and versions is not None:  # listening since before the query: later changes will be told
        versions.keep((slug, kind), version, epoch)
    return version


_VERSION_BY_SLUG = sa.select(Event.id, Event.version, Event.version_at, Event.updated_at).where(
    Event.slug == sa.bindparam("slug"), Event.status.in_(PUBLIC_STATUSES))
_VERSION_BY_KIND_AND_SLUG = _VERSION_BY_SLUG.where(Event.kind == sa.bindparam("kind"))
_KINDS_BY_URL: dict[Any, EventKind] = {kind.url_prefix: kind for kind in EventKind}


def _touched(orm_session: OrmSession) -> Iterable[tuple[Any, bool]]:
    for obj in orm_session.new:
        yield obj, False
    for obj in orm_session.deleted:
        yield obj, False
    for obj in orm_session.dirty:
        yield obj, True


def _has_changes(obj: Any, fields: tuple[str, ...] | None) -> bool:
    state = sa.inspect(obj)
    if not state.persistent:
        return False
    attributes = state.attrs if fields is None else (state.attrs[field] for field in fields)
    return any(attribute.history.has_changes() for attribute in attributes)


def event_id_of(obj: Any) -> list[int | None]:
    """For rows with an ``event_id`` (and an ``event`` relationship, set before the flush gives the id)."""
    event_id = getattr(obj, "event_id", None)
    if event_id is None and getattr(obj, "event", None) is not None:
        event_id = obj.event.id
    return [event_id]


EVENT_FIELDS_NOT_SHOWN = ("version", "version_at", "updated_at", "created_at")


def _event_itself(orm_session: OrmSession, event: Event) -> list[int | None]:
    if event in orm_session.new or event in orm_session.deleted:
        return []  # a new event starts at version 1; a deleted one has no page left
    return [event.id]


def _events_of_series(orm_session: OrmSession, series: EventSeries) -> sa.Select | None:
    if series.id is None or series in orm_session.new:
        return None
    return sa.select(Event.id).where(Event.series_id == series.id)


register_version_source(Event, _event_itself,
                        tuple(column.key for column in Event.__table__.columns if column.key not in EVENT_FIELDS_NOT_SHOWN))
register_version_source(EventSeries, _events_of_series)
