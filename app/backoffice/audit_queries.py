"""The audit log, filtered and paged (newest first), in two queries per page."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import User
from app.core.extensions import db
from app.events.models import Event

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""
    event_id: int | None = None
    target_type: str = ""


MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class AuditPage:
    entries: list[tuple[AuditEntry, str | None, str | None]]  # entry, staff email, event slug
    page: int
    has_next: bool


def audit_page(filters: AuditFilters, page: int = 1) -> AuditPage:
    page = min(max(1, page), MAX_PAGE)  # a page number past any int the database takes would be a 500
    query = (sa.select(AuditEntry, User.email, Event.slug)
             .outerjoin(User, User.id == AuditEntry.user_id)
             .outerjoin(Event, Event.id == AuditEntry.event_id))
    if filters.action:
        query = query.where(AuditEntry.action.startswith(filters.action, autoescape=True))
    if filters.actor:
        query = query.where(sa.or_(AuditEntry.actor == filters.actor, User.email == filters.actor.strip().lower()))
    if filters.event_id is not None:
        query = query.where(AuditEntry.event_id == filters.event_id)
    if filters.target_type:
        query = query.where(AuditEntry.target_type == filters.target_type)
    rows = db.session.execute(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                              .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    return AuditPage(entries=[(entry, email, slug) for entry, email, slug in rows[:PAGE_SIZE]], page=page,
                     has_next=len(rows) > PAGE_SIZE)


def filter_choices() -> tuple[list[str], list[tuple[int, str]]]:
    """Actions recorded so far, and events (id, slug) for the filter menus."""
    actions = list(db.session.scalars(sa.select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
    events = [(event_id, slug) for event_id, slug in db.session.execute(sa.select(Event.id, Event.slug).order_by(Event.slug))]
    return actions, events
