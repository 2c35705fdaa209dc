"""Audiences: which contacts a campaign writes to, as a small definition evaluated in one SQL query.

A definition is JSON (stored on a ``SavedAudience`` or a ``Campaign``)::

    {"kind": "all"}                                    every contact
    {"kind": "members"}                                members (the contact's flag, or a member collectivité)
    {"kind": "countries", "countries": ["VN", "PS"]}   a country group (the contact's country, or its collectivité's)
    {"kind": "participants", "event_id": 12}           registered and not cancelled, or attended, at that event
    {"kind": "chronicle_regulars", "min": 3}           attended at least ``min`` chronicles
    {"kind": "collectivite_type", "type": "region"}    people of a given collectivité type
    {"kind": "not_registered", "campaign_id": 7}       invited by that campaign, not registered to its event
    {"kind": "saved", "audience_id": 4}                a saved audience
    {"union": [definition, …]}                         in any of them
    {"difference": [definition, definition]}           in the first, not in the second

A person of the registrations matches a contact linked to them (``person_id``) or with their address.
``validate`` checks a definition (kinds, parameters, saved audiences that exist and do not refer to
themselves); ``condition`` turns it into a WHERE clause on ``Contact``.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit.operations import record_audit
from app.communications.models import Campaign, CampaignStatus, Contact, Invitation, SavedAudience
from app.core.countries import country_name, is_country_code
from app.core.db import utcnow
from app.core.extensions import db
from app.core.i18n import localized
from app.core.labels import label
from app.events.models import Event, EventKind
from app.people.models import Collectivite, CollectiviteType, Person
from app.registration.models import ACTIVE_STATUSES, Registration

MAX_DEPTH = 8
MAX_PARTS = 20
BASIC_KINDS = ("all", "members", "countries", "participants", "chronicle_regulars", "collectivite_type",
               "not_registered", "saved")


class AudienceError(ValueError):
    """A definition that cannot be used; its message is for the organiser."""


def _row_id(value: Any) -> bool:
    """A number that may be a row's id (so that looking it up never overflows the database's integer)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


def validate(definition: Any, _depth: int = 0, _seen: frozenset[int] = frozenset()) -> None:
    if _depth > MAX_DEPTH or not isinstance(definition, dict):
        raise AudienceError(_("This audience is not valid."))
    for operator in ("union", "difference"):
        if operator in definition:
            parts = definition[operator]
            if not isinstance(parts, list) or not parts or len(parts) > MAX_PARTS \
                    or (operator == "difference" and len(parts) != 2):
                raise AudienceError(_("This audience is not valid."))
            for part in parts:
                validate(part, _depth + 1, _seen)
            return
    kind = definition.get("kind")
    if kind == "countries":
        countries = definition.get("countries")
        if not isinstance(countries, list) or not countries or not all(is_country_code(code) for code in countries):
            raise AudienceError(_("Choose at least one country."))
    elif kind == "participants":
        if not _row_id(definition.get("event_id")) or db.session.get(Event, definition["event_id"]) is None:
            raise AudienceError(_("Choose an event."))
    elif kind == "chronicle_regulars":
        if not isinstance(definition.get("min"), int) or not 1 <= definition["min"] <= 1000:
            raise AudienceError(_("Give the number of chronicles attended (1 or more)."))
    elif kind == "collectivite_type":
        if definition.get("type") not in {kind.value for kind in CollectiviteType}:
            raise AudienceError(_("Choose a type of collectivité."))
    elif kind == "not_registered":
        if not _row_id(definition.get("campaign_id")) or db.session.get(Campaign, definition["campaign_id"]) is None:
            raise AudienceError(_("Choose a campaign."))
    elif kind == "saved":
        audience_id = definition.get("audience_id")
        saved = db.session.get(SavedAudience, audience_id) if _row_id(audience_id) else None
        if saved is None or saved.deleted_at is not None:
            raise AudienceError(_("Choose a saved audience."))
        if saved.id in _seen:
            raise AudienceError(_("An audience cannot contain itself."))
        validate(saved.definition, _depth + 1, _seen | {saved.id})
    elif kind not in ("all", "members"):
        raise AudienceError(_("This audience is not valid."))


def _matching_people(people: sa.Select[Any]) -> sa.ColumnElement[bool]:
    """Contacts linked to one of these person ids, or with the address of one of them."""
    emails = sa.select(Person.email).where(Person.id.in_(people), Person.email.is_not(None))
    return sa.or_(Contact.person_id.in_(people), Contact.email.in_(emails))


def registered_people(event_id: int) -> sa.Select[Any]:
    """The people with an active registration to the event."""
    return sa.select(Registration.person_id).where(Registration.event_id == event_id,
                                                   Registration.status.in_(ACTIVE_STATUSES))


def condition(definition: dict[str, Any]) -> sa.ColumnElement[bool]:
    """The WHERE clause on ``Contact`` of a valid definition (``validate`` first): its contacts not deleted."""
    return sa.and_(Contact.deleted_at.is_(None), _condition(definition))


def _condition(definition: dict[str, Any], _depth: int = 0) -> sa.ColumnElement[bool]:
    if _depth > MAX_DEPTH:
        raise AudienceError(_("This audience is not valid."))
    if "union" in definition:
        return sa.or_(*(_condition(part, _depth + 1) for part in definition["union"]))
    if "difference" in definition:
        first, second = definition["difference"]
        # Contact.id NOT IN (…) rather than NOT (…): a NULL inside the second part never hides a contact.
        return sa.and_(_condition(first, _depth + 1),
                       Contact.id.not_in(sa.select(Contact.id).where(_condition(second, _depth + 1))))
    kind = definition["kind"]
    if kind == "all":
        return sa.true()
    if kind == "members":
        return sa.or_(Contact.is_member.is_(True), Contact.collectivite_id.in_(
            sa.select(Collectivite.id).where(Collectivite.cuf_member.is_(True))))
    if kind == "countries":
        codes = list(definition["countries"])
        return sa.or_(Contact.country.in_(codes), sa.and_(Contact.country.is_(None), Contact.collectivite_id.in_(
            sa.select(Collectivite.id).where(Collectivite.country.in_(codes)))))
    if kind == "participants":
        people = sa.select(Registration.person_id).where(
            Registration.event_id == definition["event_id"],
            sa.or_(Registration.status.in_(ACTIVE_STATUSES), Registration.attended_at.is_not(None)))
        return _matching_people(people)
    if kind == "chronicle_regulars":
        people = (sa.select(Registration.person_id).join(Event, Event.id == Registration.event_id)
                  .where(Event.kind == EventKind.CHRONIQUE,
                         sa.or_(Registration.attended_at.is_not(None), Registration.attendance_minutes > 0))
                  .group_by(Registration.person_id)
                  .having(sa.func.count(sa.distinct(Registration.event_id)) >= definition["min"]))
        return _matching_people(people)
    if kind == "collectivite_type":
        return Contact.collectivite_id.in_(
            sa.select(Collectivite.id).where(Collectivite.type == CollectiviteType(definition["type"])))
    if kind == "not_registered":
        campaign = db.session.get(Campaign, definition["campaign_id"])
        if campaign is None:
            return sa.false()
        invited = sa.select(Invitation.contact_id).where(Invitation.campaign_id == campaign.id)
        return sa.and_(Contact.id.in_(invited),
                       Contact.id.not_in(sa.select(Contact.id).where(
                           _matching_people(registered_people(campaign.event_id)))))
    if kind == "saved":
        saved = db.session.get(SavedAudience, definition["audience_id"])
        return sa.false() if saved is None else _condition(saved.definition, _depth + 1)
    raise AudienceError(_("This audience is not valid."))


def contact_ids(definition: dict[str, Any]) -> sa.Select[Any]:
    return sa.select(Contact.id).where(condition(definition))


def audience_contacts(definition: dict[str, Any]) -> list[Contact]:
    return list(db.session.scalars(sa.select(Contact).where(condition(definition)).order_by(Contact.id)))


def audience_size(definition: dict[str, Any]) -> int:
    """How many contacts the audience holds now (one query)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Contact).where(condition(definition))) or 0


def describe(definition: dict[str, Any], _depth: int = 0) -> str:
    """The audience in words, in the reader's language."""
    if _depth > MAX_DEPTH:
        return "…"
    if "union" in definition:
        return " ∪ ".join(f"({describe(part, _depth + 1)})" for part in definition["union"])
    if "difference" in definition:
        first, second = definition["difference"]
        return _("%(first)s, except %(second)s", first=describe(first, _depth + 1), second=describe(second, _depth + 1))
    kind = definition.get("kind")
    if kind == "all":
        return _("All contacts")
    if kind == "members":
        return _("Members")
    if kind == "countries":
        return _("Country: %(names)s", names=", ".join(country_name(code) for code in definition.get("countries", [])))
    if kind == "participants":
        event = db.session.get(Event, definition.get("event_id"))
        return _("Participants of %(event)s", event=localized(event, "title") if event else "?")
    if kind == "chronicle_regulars":
        return _("Chronicle regulars (%(count)s or more attended)", count=definition.get("min"))
    if kind == "collectivite_type":
        try:
            return _("Collectivités of type %(type)s", type=label(CollectiviteType(str(definition.get("type")))))
        except ValueError:
            return "?"
    if kind == "not_registered":
        campaign = db.session.get(Campaign, definition.get("campaign_id"))
        return _("Not yet registered after “%(campaign)s”", campaign=campaign.name if campaign else "?")
    if kind == "saved":
        saved = db.session.get(SavedAudience, definition.get("audience_id"))
        return saved.name if saved else "?"
    return "?"


# --- saved audiences ------------------------------------------------------------------------------

def saved_audiences(*, deleted: bool = False) -> list[SavedAudience]:
    """The saved audiences in use (or the deleted ones), by name."""
    state = SavedAudience.deleted_at.is_not(None) if deleted else SavedAudience.deleted_at.is_(None)
    return list(db.session.scalars(sa.select(SavedAudience).where(state).order_by(SavedAudience.name)))


def _free_name(name: str, audience: SavedAudience | None = None) -> str:
    name = " ".join(name.split())[:120]
    if not name:
        raise AudienceError(_("Give the audience a name."))
    other = db.session.scalar(sa.select(SavedAudience).where(
        SavedAudience.name == name, SavedAudience.id != (audience.id if audience else 0)))
    if other is not None:
        raise AudienceError(_("A deleted audience has this name: restore it, or choose another name.")
                            if other.deleted_at is not None else _("An audience with this name exists already."))
    return name


def save_audience(name: str, definition: dict[str, Any], *, actor: str | None = None) -> SavedAudience:
    """A new saved audience (AudienceError if the definition or the name is not usable)."""
    validate(definition)
    name = _free_name(name)
    audience = SavedAudience(name=name, definition=definition)
    db.session.add(audience)
    db.session.flush()
    record_audit("audience.saved", target=audience, actor=actor, details={"name": name, "definition": definition})
    return audience


def rename_audience(audience: SavedAudience, name: str, *, actor: str | None = None) -> bool:
    """Give the audience another name (AudienceError if it is empty or taken); False if it is the same."""
    if audience.deleted_at is not None:
        raise AudienceError(_("This audience is deleted: restore it first."))
    name = _free_name(name, audience)
    if name == audience.name:
        return False
    before, audience.name = audience.name, name
    db.session.flush()
    record_audit("audience.renamed", target=audience, actor=actor, details={"before": before, "name": name})
    return True


def audience_users(audience: SavedAudience) -> list[str]:
    """What still uses the audience, in words: saved audiences in use, campaigns not sent yet."""
    users = [_("the audience “%(name)s”", name=other.name) for other in saved_audiences()
             if other.id != audience.id and _uses(other.definition, audience.id)]
    campaigns = db.session.scalars(sa.select(Campaign).where(Campaign.status != CampaignStatus.QUEUED)
                                   .order_by(Campaign.id))
    users += [_("the campaign “%(name)s”", name=campaign.name) for campaign in campaigns
              if _uses(campaign.audience, audience.id)]
    return users


def delete_audience(audience: SavedAudience, *, actor: str | None = None) -> None:
    """Set aside a saved audience that nothing uses any more (AudienceError otherwise): it is no longer offered,
    and ``restore_audience`` brings it back. Campaigns already sent keep their description of it."""
    if audience.deleted_at is not None:
        return
    users = audience_users(audience)
    if users:
        raise AudienceError(_("This audience is used by %(users)s: change them first.", users=", ".join(users)))
    audience.deleted_at = utcnow()
    db.session.flush()
    record_audit("audience.deleted", target=audience, actor=actor,
                 details={"name": audience.name, "definition": audience.definition})


def restore_audience(audience: SavedAudience, *, actor: str | None = None) -> None:
    """Bring a deleted audience back (AudienceError if it is made of an audience still deleted)."""
    if audience.deleted_at is None:
        return
    deleted = [other.name for other in saved_audiences(deleted=True) if _uses(audience.definition, other.id)]
    if deleted:
        raise AudienceError(_("This audience is made of “%(names)s”, deleted: restore it first.",
                              names="”, “".join(deleted)))
    audience.deleted_at = None
    db.session.flush()
    record_audit("audience.restored", target=audience, actor=actor, details={"name": audience.name})


def _uses(definition: Any, audience_id: int) -> bool:
    if not isinstance(definition, dict):
        return False
    if definition.get("kind") == "saved" and definition.get("audience_id") == audience_id:
        return True
    return any(_uses(part, audience_id) for key in ("union", "difference") for part in definition.get(key, []))
