"""The meetings' figures of a scope of events, for ``app.reports`` (which imports this; the meetings package
never imports reports):

- ``meetings_held``: meetings the desk marked held;
- ``collectivites_paired``: distinct collectivités (of either side's person) in held meetings;
- ``new_pairs``: distinct pairs of collectivités that held a meeting and had no previous partnership — neither
  side's cooperation profile for that event names the other among its existing partners
  (``app.meetings.queries.is_partner``).
One query (three when meetings were held), whatever the number of meetings; none for events without meetings.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from app.core.extensions import db
from app.meetings.models import CooperationProfile, Meeting
from app.meetings.queries import is_partner
from app.people.models import Person
from app.registration.models import Registration


@dataclass(frozen=True)
class MeetingFigures:
    meetings_held: int = 0
    collectivites_paired: int = 0
    new_pairs: int = 0


def meeting_figures(event_ids: list[int]) -> MeetingFigures:
    if not event_ids:
        return MeetingFigures()
    side_a, side_b = aliased(Registration), aliased(Registration)
    person_a, person_b = aliased(Person), aliased(Person)
    rows = db.session.execute(
        sa.select(Meeting.event_id, person_a.collectivite_id, person_b.collectivite_id)
        .join(side_a, Meeting.side_a_registration_id == side_a.id).join(person_a, side_a.person_id == person_a.id)
        .join(side_b, Meeting.side_b_registration_id == side_b.id).join(person_b, side_b.person_id == person_b.id)
        .where(Meeting.event_id.in_(event_ids), Meeting.held_at.is_not(None))).all()
    if not rows:
        return MeetingFigures()
    pairs = {(event_id, *sorted((a, b))) for event_id, a, b in rows if a is not None and b is not None and a != b}
    collectivites = {c for _event_id, a, b in rows for c in (a, b) if c is not None}
    profiles = {(p.event_id, p.collectivite_id): p for p in db.session.scalars(
        sa.select(CooperationProfile).where(CooperationProfile.event_id.in_(event_ids))
        .options(selectinload(CooperationProfile.collectivite)))}
    new = set()
    for event_id, a, b in pairs:
        mine, theirs = profiles.get((event_id, a)), profiles.get((event_id, b))
        partners = (mine is not None and is_partner(mine, theirs)) or (theirs is not None and is_partner(theirs, mine))
        if not partners:
            new.add((a, b))
    return MeetingFigures(len(rows), len(collectivites), len(new))
