"""Demo contacts, saved audiences and one sent invitation campaign with some conversions (issue 17).

The directory holds the demo people who have an address (linked to them and their collectivité, in their
language) and the collectivités' generic addresses: a few hundred contacts. Saved audiences: members, Vietnam,
Japan, the participants of RAICT 2023, the chronicle regulars. The campaign "Invitation RAICT 2027" went to
RAICT 2023's participants; those already registered to RAICT 2027 count as conversions (a third of them
through their personal link). Idempotent: nothing is added twice.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.communications import audiences, campaigns
from app.communications.contacts import link_contacts
from app.communications.models import Campaign, Contact, Invitation, SavedAudience
from app.core.db import utcnow
from app.core.extensions import db
from app.core.text import normalise_email
from app.events.models import Event
from app.people.models import Collectivite, Person
from app.registration.models import ACTIVE_STATUSES, Registration

CAMPAIGN_NAME = "Invitation RAICT 2027"
SUBJECT_FR = "Invitation : {event_title}, {event_dates}"
BODY_FR = """Bonjour {honorific} {given_name} {family_name},

Cités Unies France a le plaisir de vous inviter aux {event_title}, {event_dates}, {event_place}.

Vous avez participé à l'édition 2023 au titre de {collectivite} : nous serions heureux de vous retrouver.

Votre lien d'inscription personnel (il préremplit votre nom) :
{registration_link}

L'équipe de Cités Unies France"""
SUBJECT_EN = "Invitation: {event_title}, {event_dates}"
BODY_EN = """Dear {given_name} {family_name},

Cités Unies France is pleased to invite you to the {event_title}, {event_dates}, {event_place}.

You took part in the 2023 edition for {collectivite}: we would be glad to see you again.

Your personal registration link (it fills in your name):
{registration_link}

The Cités Unies France team"""


def ensure_communications() -> None:
    _ensure_contacts()
    saved = _ensure_audiences()
    _ensure_campaign(saved)
    db.session.flush()


def _ensure_contacts() -> None:
    known = set(db.session.scalars(sa.select(Contact.email)))
    rows: list[dict[str, Any]] = []
    for person in db.session.scalars(sa.select(Person).where(Person.email.is_not(None)).order_by(Person.id)):
        email = normalise_email(person.email)
        if email and email not in known:
            known.add(email)
            rows.append({"email": email, "given_name": person.given_name, "family_name": person.family_name,
                         "honorific": person.honorific, "function": person.function, "person_id": person.id,
                         "collectivite_id": person.collectivite_id, "country": person.country,
                         "language": "en" if person.preferred_language == "en" else "fr",
                         "is_member": bool(person.collectivite and person.collectivite.cuf_member)})
    for collectivite in db.session.scalars(sa.select(Collectivite).order_by(Collectivite.id)):
        email = f"international.{collectivite.id}@collectivites.example.org"
        if email not in known:
            known.add(email)
            rows.append({"email": email, "given_name": "", "family_name": "", "function": "Service international",
                         "collectivite_id": collectivite.id, "collectivite_name": collectivite.name,
                         "country": collectivite.country, "language": "fr" if collectivite.country == "FR" else "en",
                         "is_member": collectivite.cuf_member})
    now = utcnow()
    if rows:
        db.session.execute(sa.insert(Contact), [{**row, "created_at": now, "updated_at": now} for row in rows])
    link_contacts([str(row["email"]) for row in rows])


def _ensure_audiences() -> dict[str, SavedAudience]:
    raict_2023 = db.session.scalar(sa.select(Event.id).where(Event.slug == "raict-2023"))
    wanted: dict[str, dict[str, Any]] = {"Membres": {"kind": "members"}, "Vietnam": {"kind": "countries", "countries": ["VN"]},
              "Japon": {"kind": "countries", "countries": ["JP"]},
              "Habitués des Chroniques": {"kind": "chronicle_regulars", "min": 3},
              "Régions": {"kind": "collectivite_type", "type": "region"}}
    if raict_2023 is not None:
        wanted["Participants RAICT 2023"] = {"kind": "participants", "event_id": raict_2023}
    existing = {audience.name: audience for audience in
                audiences.saved_audiences() + audiences.saved_audiences(deleted=True)}
    for name, definition in wanted.items():
        if name not in existing:
            existing[name] = audiences.save_audience(name, definition, actor="demo")
    if "Participants RAICT 2023 hors membres" not in existing and "Participants RAICT 2023" in existing:
        existing["Participants RAICT 2023 hors membres"] = audiences.save_audience(
            "Participants RAICT 2023 hors membres",
            {"difference": [{"kind": "saved", "audience_id": existing["Participants RAICT 2023"].id},
                            {"kind": "saved", "audience_id": existing["Membres"].id}]}, actor="demo")
    return existing


def _ensure_campaign(saved: dict[str, SavedAudience]) -> None:
    event = db.session.scalar(sa.select(Event).where(Event.slug == "raict-2027"))
    if event is None or "Participants RAICT 2023" not in saved or db.session.scalar(
            sa.select(Campaign.id).where(Campaign.event_id == event.id, Campaign.name == CAMPAIGN_NAME)):
        return
    data = campaigns.CampaignData(name=CAMPAIGN_NAME, audience={"kind": "saved",
                                                                "audience_id": saved["Participants RAICT 2023"].id},
                                  subject_fr=SUBJECT_FR, body_fr=BODY_FR, subject_en=SUBJECT_EN, body_en=BODY_EN)
    campaign = campaigns.save_campaign(event, data, actor="demo")
    campaigns.queue_campaign(campaign, actor="demo")
    registered = dict(db.session.execute(
        sa.select(Person.email, Registration.id).join(Registration, Registration.person_id == Person.id)
        .where(Registration.event_id == event.id, Registration.status.in_(ACTIVE_STATUSES))).all())
    invitations = db.session.scalars(sa.select(Invitation).where(Invitation.campaign_id == campaign.id)
                                     .order_by(Invitation.id)).all()
    now = utcnow()
    for number, invitation in enumerate(item for item in invitations if item.email in registered):
        invitation.registration_id = registered[invitation.email]
        invitation.via = "link" if number % 3 == 0 else "address"
        invitation.registered_at = now
    draft = campaigns.CampaignData(name="Invitation Assises franco-japonaises 2027",
                                   audience={"kind": "saved", "audience_id": saved["Japon"].id},
                                   subject_fr=SUBJECT_FR, body_fr=BODY_FR.split("\n\nVous avez")[0]
                                   + "\n\n{registration_link}", subject_en=SUBJECT_EN,
                                   body_en=BODY_EN.split("\n\nYou took")[0] + "\n\n{registration_link}")
    japan = db.session.scalar(sa.select(Event).where(Event.slug == "rencontres-franco-japonaises-2027"))
    if japan is not None:
        campaigns.save_campaign(japan, draft, actor="demo")
