"""Who acts for whom in meetings, and which side everyone is on.

A registrant acts for themself; a registrant who heads a delegation of the event also acts for its members
(and answers for its collectivités). On a bilateral event (``has_two_sides``) a registration's side is its
delegation's side, else the side of its country (France: French side); a collectivité's side is that of its
country. Other events have one side: everyone may meet everyone.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.core.extensions import db
from app.events.models import Event
from app.people.models import Collectivite
from app.registration.models import ACTIVE_STATUSES, Delegation, DelegationSide, Registration


def headed_delegations(registration: Registration) -> list[Delegation]:
    return list(db.session.scalars(sa.select(Delegation).where(
        Delegation.event_id == registration.event_id, Delegation.head_person_id == registration.person_id)
        .order_by(Delegation.id)))


def represented(registration: Registration) -> list[Registration]:
    """The registrations this registrant acts for: themself, and the members of the delegations they head."""
    found = {registration.id: registration}
    delegations = [delegation.id for delegation in headed_delegations(registration)]
    if delegations:
        for member in db.session.scalars(sa.select(Registration).where(
                Registration.delegation_id.in_(delegations), Registration.status.in_(ACTIVE_STATUSES))
                .order_by(Registration.id)):
            found.setdefault(member.id, member)
    return list(found.values())


def collectivites_of(registration: Registration) -> list[Collectivite]:
    """The collectivités this registrant speaks for: their own, their delegations' and their members'."""
    found: dict[int, Collectivite] = {}
    for delegation in headed_delegations(registration):
        for collectivite in delegation.collectivites:
            found.setdefault(collectivite.id, collectivite)
    for member in represented(registration):
        if member.person.collectivite is not None:
            found.setdefault(member.person.collectivite.id, member.person.collectivite)
    return sorted(found.values(), key=lambda collectivite: collectivite.name)


def registration_side(registration: Registration) -> DelegationSide | None:
    if not registration.event.profile.has_two_sides:
        return None
    if registration.delegation is not None and registration.delegation.side is not None:
        return registration.delegation.side
    return country_side(registration.person.country)


def collectivite_side(event: Event, collectivite: Collectivite) -> DelegationSide | None:
    return country_side(collectivite.country) if event.profile.has_two_sides else None


def country_side(country: str | None) -> DelegationSide:
    return DelegationSide.FRENCH if (country or "").upper() == "FR" else DelegationSide.PARTNER


def may_meet(event: Event, side: DelegationSide | None, other: DelegationSide | None) -> bool:
    """Two sides may meet: always on a one-side event, across sides on a bilateral one."""
    return not event.profile.has_two_sides or side != other


def belongs_to(registration: Registration, collectivite_id: int) -> bool:
    """The registrant comes from this collectivité (their own, or one of their delegation's)."""
    if registration.person.collectivite_id == collectivite_id:
        return True
    delegation = registration.delegation
    return delegation is not None and any(item.id == collectivite_id for item in delegation.collectivites)
