"""Invitation campaigns: an event's message in French and English, sent to an audience of contacts.

- Each contact gets the message in their language (French when the English text is missing), with the merge
  fields of ``app.communications.compose.CAMPAIGN_FIELDS``; ``{registration_link}`` is the contact's
  personal registration link: ``/<kind>/<slug>/register?invite=<token>``, the token signed with the app's
  secret (``INVITE_SALT``), naming only the campaign and the contact, working until the event's end. It
  prefills the form with the contact's name and nothing else; the registration still needs the mailbox
  proof of every registration, and once made is linked to the invitation (``record_registration``).
- ``queue_campaign`` puts every mail in the outbox at once (``enqueue_many``, bulk, stream
  ``campaign-<id>``: the outbox adds the opt-out headers and footer, skips addresses that opted out) and
  one ``Invitation`` per contact (one executemany INSERT). The status change ``draft|scheduled → queued`` is a
  conditional UPDATE: two hosts queueing the same campaign queue it once.
- Tracking without pixels: an invitation counts as registered when its personal link led to a registration
  (``via="link"``) or when the contact's address holds an active registration to the event (``via="address"``).

Plain functions; they flush and let the caller commit (except ``queue_due``, a worker command's, which
commits each campaign).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from app.audit.operations import record_audit
from app.communications import audiences
from app.communications.compose import (
    CAMPAIGN_FIELDS,
    MessageTemplate,
    Preview,
    RenderedMessage,
    event_fields,
    person_fields,
    preview_message,
    render_message,
    template_errors,
)
from app.communications.models import Campaign, CampaignStatus, Contact, Invitation
from app.core.db import affected_rows, utcnow
from app.core.extensions import db
from app.core.urls import external_url
from app.events.models import Event
from app.mail.outbox import (
    NewMail,
    enqueue,
    enqueue_many,
    pause_stream,
    resume_stream,
    set_stream_rate,
)
from app.mail.render import html_from_text
from app.mail.streams import StreamSummary, stream_rate, stream_summary
from app.people.models import Person
from app.registration.models import ACTIVE_STATUSES, Registration

INVITE_SALT = "campaign-invite"


class CampaignError(ValueError):
    """A change the campaign refuses; its message is for the organiser."""


@dataclass(frozen=True)
class CampaignData:
    name: str
    audience: dict[str, Any]
    subject_fr: str
    body_fr: str
    subject_en: str = ""
    body_en: str = ""

    @property
    def template(self) -> MessageTemplate:
        return MessageTemplate(self.subject_fr, self.body_fr, self.subject_en, self.body_en)


def template_of(campaign: Campaign) -> MessageTemplate:
    return MessageTemplate(campaign.subject_fr, campaign.body_fr, campaign.subject_en, campaign.body_en)


# --- editing ----------------------------------------------------------------------------------------

def _check(data: CampaignData) -> None:
    if not " ".join(data.name.split()):
        raise CampaignError(_("Give the campaign a name."))
    try:
        audiences.validate(data.audience)
    except audiences.AudienceError as error:
        raise CampaignError(str(error)) from error
    errors = template_errors(data.template, CAMPAIGN_FIELDS)
    if errors:
        raise CampaignError(" ".join(errors))


def save_campaign(event: Event, data: CampaignData, campaign: Campaign | None = None, *,
                  actor: str | None = None) -> Campaign:
    """A new draft campaign, or a draft (or scheduled) one changed; CampaignError once it is queued."""
    _check(data)
    if campaign is not None and campaign.status == CampaignStatus.QUEUED:
        raise CampaignError(_("This campaign has been sent: it can no longer be changed."))
    new = campaign is None
    campaign = campaign or Campaign(event_id=event.id, status=CampaignStatus.DRAFT)
    campaign.name = " ".join(data.name.split())[:200]
    campaign.audience = data.audience
    campaign.audience_label = audiences.describe(data.audience)[:300]
    campaign.subject_fr, campaign.body_fr = data.subject_fr.strip(), data.body_fr.strip()
    campaign.subject_en, campaign.body_en = data.subject_en.strip(), data.body_en.strip()
    if new:
        db.session.add(campaign)
    db.session.flush()
    record_audit("campaign.created" if new else "campaign.changed", target=campaign, actor=actor,
                 details={"name": campaign.name, "audience": campaign.audience_label})
    return campaign


def event_campaigns(event: Event) -> list[Campaign]:
    return list(db.session.scalars(sa.select(Campaign).where(Campaign.event_id == event.id)
                                   .order_by(Campaign.created_at.desc(), Campaign.id.desc())))


# --- personal links ------------------------------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=INVITE_SALT)


def invitation_token(campaign_id: int, contact_id: int) -> str:
    return str(_serializer().dumps([campaign_id, contact_id]))


def read_invitation_token(token: str) -> tuple[int, int] | None:
    """(campaign id, contact id) of a token signed by ``invitation_token``; None if forged or malformed."""
    try:
        value = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(part, int) and not isinstance(part, bool) for part in value)):
        return None
    return value[0], value[1]


def link_is_open(event: Event, now: datetime | None = None) -> bool:
    """A personal registration link works until the event ends."""
    return (now or utcnow()) <= event.ends_at


def _invited_contact(event: Event, token: str) -> tuple[int, Contact] | None:
    read = read_invitation_token(token)
    if read is None or not link_is_open(event):
        return None
    campaign_id, contact_id = read
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None or campaign.event_id != event.id:
        return None
    contact = db.session.get(Contact, contact_id)
    return None if contact is None else (campaign_id, contact)


def invitation_prefill(event: Event, token: str) -> dict[str, str] | None:
    """Registered with ``app.registration.invitations``: the contact's name, for a valid link of this event."""
    found = _invited_contact(event, token)
    if found is None:
        return None
    contact = found[1]
    return {"given_name": contact.given_name, "family_name": contact.family_name}


def registration_link_base(event: Event) -> str:
    return external_url("registration.register", kind=event.kind.url_prefix, slug=event.slug)


def personal_link(event: Event, campaign_id: int, contact_id: int, base: str | None = None) -> str:
    return f"{base or registration_link_base(event)}?invite={invitation_token(campaign_id, contact_id)}"


# --- rendering --------------------------------------------------------------------------------------------

class _FieldCache:
    """The event's fields once per language, the link's base once: rendering 3,400 mails stays cheap."""

    def __init__(self, event: Event) -> None:
        self.event = event
        self.by_language: dict[str, dict[str, str]] = {}
        self.base = registration_link_base(event)

    def fields(self, campaign_id: int, contact: Contact, language: str) -> dict[str, str]:
        if language not in self.by_language:
            self.by_language[language] = event_fields(self.event, language)
        return {**person_fields(given_name=contact.given_name, family_name=contact.family_name,
                                honorific=contact.honorific, function=contact.function,
                                collectivite=contact.collectivite_label),
                **self.by_language[language],
                "registration_link": personal_link(self.event, campaign_id, contact.id, self.base)}


def recipient_fields(campaign: Campaign, contact: Contact) -> dict[str, str]:
    return _FieldCache(campaign.event).fields(campaign.id, contact, contact.language)


def preview_for(campaign: Campaign, contact: Contact, template: MessageTemplate | None = None) -> Preview:
    """The message as this contact will read it (``template``: the editor's unsaved text)."""
    return preview_message(template or template_of(campaign), recipient_fields(campaign, contact), contact.language,
                           allowed=CAMPAIGN_FIELDS)


def send_test(campaign: Campaign, contact: Contact, to_address: str, *, actor: str | None = None) -> RenderedMessage:
    """Mail the message as ``contact`` will read it to ``to_address`` (the organiser's own), marked as a test.
    The link in it is the contact's: it only prefills their name."""
    message = render_message(template_of(campaign), recipient_fields(campaign, contact), contact.language)
    subject = _("[Test] %(subject)s", subject=message.subject)
    enqueue(to_address, subject, message.text, html_body=html_from_text(message.text, message.language),
            language=message.language)
    record_audit("campaign.test_sent", target=campaign, actor=actor, details={"as": contact.id})
    return message


def sample_recipients(campaign: Campaign, limit: int = 200) -> list[Contact]:
    """The contacts one can preview the message as: the audience's first ones."""
    return list(db.session.scalars(sa.select(Contact).where(audiences.condition(campaign.audience))
                                   .order_by(Contact.family_name, Contact.given_name, Contact.id).limit(limit)))


# --- sending -----------------------------------------------------------------------------------------------

def schedule(campaign: Campaign, at: datetime, *, actor: str | None = None) -> None:
    if campaign.status == CampaignStatus.QUEUED:
        raise CampaignError(_("This campaign has been sent already."))
    if at <= utcnow():
        raise CampaignError(_("Choose a time in the future, or send now."))
    campaign.status, campaign.scheduled_at = CampaignStatus.SCHEDULED, at
    db.session.flush()
    record_audit("campaign.scheduled", target=campaign, actor=actor, details={"at": at.isoformat()})


def unschedule(campaign: Campaign, *, actor: str | None = None) -> None:
    if campaign.status != CampaignStatus.SCHEDULED:
        raise CampaignError(_("This campaign is not scheduled."))
    campaign.status, campaign.scheduled_at = CampaignStatus.DRAFT, None
    db.session.flush()
    record_audit("campaign.unscheduled", target=campaign, actor=actor)


def queue_campaign(campaign: Campaign, *, actor: str | None = None) -> int:
    """Queue the campaign's mails and invitations now; returns how many. CampaignError if it was queued
    already (by this host or another)."""
    errors = template_errors(template_of(campaign), CAMPAIGN_FIELDS)
    if errors:
        raise CampaignError(" ".join(errors))
    now = utcnow()
    claimed = db.session.execute(
        sa.update(Campaign).where(Campaign.id == campaign.id,
                                  Campaign.status.in_((CampaignStatus.DRAFT, CampaignStatus.SCHEDULED)))
        .values(status=CampaignStatus.QUEUED, queued_at=now, updated_at=now)
        .execution_options(synchronize_session=False))
    if affected_rows(claimed) != 1:
        raise CampaignError(_("This campaign has been sent already."))
    db.session.refresh(campaign)
    contacts = audiences.audience_contacts(campaign.audience)
    count = _queue_mails(campaign, contacts, now)
    record_audit("campaign.queued", target=campaign, actor=actor,
                 details={"recipients": count, "audience": campaign.audience_label})
    return count


def _queue_mails(campaign: Campaign, contacts: Sequence[Contact], now: datetime) -> int:
    cache, template = _FieldCache(campaign.event), template_of(campaign)
    collectivites = {contact.collectivite_id for contact in contacts if contact.collectivite_id}
    if collectivites:  # one query for the collectivités' names rather than one per contact
        from app.people.models import Collectivite

        db.session.scalars(sa.select(Collectivite).where(Collectivite.id.in_(collectivites))).all()
    mails, rows = [], []
    for contact in contacts:
        message = render_message(template, cache.fields(campaign.id, contact, contact.language), contact.language)
        mails.append(NewMail(to=contact.email, subject=message.subject, text_body=message.text,
                             html_body=html_from_text(message.text, message.language), language=message.language,
                             dedupe_key=f"campaign-{campaign.id}-{contact.id}", bulk=True, stream=campaign.stream))
        rows.append({"campaign_id": campaign.id, "contact_id": contact.id, "email": contact.email,
                     "language": message.language, "sent_at": now})
    ids = enqueue_many(mails)
    for row, message_id in zip(rows, ids, strict=True):
        row["outbox_message_id"] = message_id
    if rows:
        db.session.execute(sa.insert(Invitation), rows)
    db.session.flush()
    return len(rows)


def queue_due(now: datetime | None = None) -> list[tuple[int, int]]:
    """Queue every scheduled campaign whose time has come, committing each; (campaign id, mails) of those
    this call queued (another host running it at once queues the others: never one twice)."""
    now = now or utcnow()
    due = db.session.scalars(sa.select(Campaign.id).where(Campaign.status == CampaignStatus.SCHEDULED,
                                                          Campaign.scheduled_at <= now)).all()
    done = []
    for campaign_id in due:
        campaign = db.session.get(Campaign, campaign_id)
        if campaign is None:
            continue
        try:
            done.append((campaign_id, queue_campaign(campaign, actor="scheduler")))
            db.session.commit()
        except CampaignError:
            db.session.rollback()
    return done


Progress = StreamSummary  # the campaign's stream, as the mail layer sums it up


def progress(campaign: Campaign) -> Progress:
    return stream_summary(campaign.stream)


MAX_RATE = 100_000


def set_rate(campaign: Campaign, per_minute: int | None, *, actor: str | None = None) -> None:
    """At most ``per_minute`` of the campaign's mails a minute, across every sender (None: no limit), for
    providers that cap sending."""
    if per_minute is not None and not 1 <= per_minute <= MAX_RATE:
        raise CampaignError(_("A rate is between 1 and %(max)s mails a minute.", max=MAX_RATE))
    set_stream_rate(campaign.stream, per_minute, actor=actor)  # the outbox writes the audit line


def rate(campaign: Campaign) -> int | None:
    return stream_rate(campaign.stream)


def pause(campaign: Campaign, *, actor: str | None = None) -> None:
    pause_stream(campaign.stream, actor=actor)  # the outbox writes the audit line (stream campaign-<id>)


def resume(campaign: Campaign, *, actor: str | None = None) -> None:
    resume_stream(campaign.stream, actor=actor)


# --- tracking ------------------------------------------------------------------------------------------------

def record_registration(registration: Registration, token: str | None) -> None:
    """Registered with ``app.registration.invitations``: link the new registration to the invitation whose
    personal link it came through, else to the event's invitations sent to the same address."""
    event, now = registration.event, utcnow()
    if token is not None:
        found = _invited_contact(event, token)
        if found is not None:
            campaign_id, contact = found
            invitation = db.session.scalar(sa.select(Invitation).where(
                Invitation.campaign_id == campaign_id, Invitation.contact_id == contact.id,
                Invitation.registration_id.is_(None)))
            if invitation is not None:
                invitation.registration_id, invitation.via, invitation.registered_at = registration.id, "link", now
    email = registration.person.email
    if email:
        db.session.execute(
            sa.update(Invitation).where(
                Invitation.email == email, Invitation.registration_id.is_(None),
                Invitation.campaign_id.in_(sa.select(Campaign.id).where(Campaign.event_id == event.id)))
            .values(registration_id=registration.id, via="address", registered_at=now)
            .execution_options(synchronize_session=False))
    db.session.flush()


@dataclass(frozen=True)
class Conversion:
    campaign: Campaign
    invited: int
    by_link: int
    by_address: int

    @property
    def registered(self) -> int:
        return self.by_link + self.by_address

    @property
    def rate(self) -> float:
        return self.registered / self.invited if self.invited else 0.0


def conversions(event: Event) -> list[Conversion]:
    """Per campaign of the event (its audience): invited, registered through the personal link, registered
    with the same address (also registrations made by organisers or heads of delegation). Two queries."""
    registered_emails = (sa.select(Person.email).join(Registration, Registration.person_id == Person.id)
                         .where(Registration.event_id == event.id, Registration.status.in_(ACTIVE_STATUSES)))
    by_link = sa.func.sum(sa.case((Invitation.via == "link", 1), else_=0))
    by_address = sa.func.sum(sa.case((sa.and_(sa.or_(Invitation.via.is_(None), Invitation.via == "address"),
                                              Invitation.email.in_(registered_emails)), 1), else_=0))
    rows = db.session.execute(
        sa.select(Invitation.campaign_id, sa.func.count(), by_link, by_address)
        .join(Campaign, Campaign.id == Invitation.campaign_id).where(Campaign.event_id == event.id)
        .group_by(Invitation.campaign_id)).all()
    counts = {row[0]: (row[1], int(row[2] or 0), int(row[3] or 0)) for row in rows}
    return [Conversion(campaign, *counts.get(campaign.id, (0, 0, 0)))
            for campaign in event_campaigns(event) if campaign.status == CampaignStatus.QUEUED]


def remind_not_registered(campaign: Campaign, *, actor: str | None = None) -> Campaign:
    """A new draft campaign of the same event and text, to the invited contacts not registered yet."""
    data = CampaignData(name=_("Reminder: %(name)s", name=campaign.name)[:200],
                        audience={"kind": "not_registered", "campaign_id": campaign.id},
                        subject_fr=campaign.subject_fr, body_fr=campaign.body_fr,
                        subject_en=campaign.subject_en, body_en=campaign.body_en)
    return save_campaign(campaign.event, data, actor=actor)
