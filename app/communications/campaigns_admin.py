"""Organisers' campaign pages of one event: the list with conversions and their chart, the bilingual editor
with its preview as a chosen recipient, test send, schedule or send now, progress, pause and resume."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.login import organiser_required
from app.communications import audiences, campaigns
from app.communications.campaigns_forms import CampaignForm, ScheduleForm
from app.communications.compose import CAMPAIGN_FIELDS, available_fields
from app.communications.models import Campaign, CampaignStatus, Contact
from app.core.dates import NonexistentLocalTime, local_to_utc
from app.core.extensions import db
from app.core.forms import EmptyForm, add_error
from app.core.lookups import get_in_event_or_404
from app.events.models import Event
from app.events.queries import get_event_or_404

bp = Blueprint("campaigns_admin", __name__)
CURRENT, ALL, MEMBERS = 0, -1, -2


@bp.before_request
@organiser_required
def require_organiser() -> None:
    return None


@bp.route("")
def campaign_list(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    return render_template("communications/campaigns.html", event=event, campaigns=campaigns.event_campaigns(event),
                           conversions=campaigns.conversions(event), form=EmptyForm())


def _audience_choices(campaign: Campaign | None) -> list[tuple[int, str]]:
    choices = [(ALL, _("All contacts")), (MEMBERS, _("Members"))]
    choices += [(saved.id, saved.name) for saved in audiences.saved_audiences()]
    if campaign is not None and _audience_id(campaign.audience) is None:
        choices.insert(0, (CURRENT, campaign.audience_label))
    return choices


def _audience_id(definition: dict[str, Any]) -> int | None:
    if definition == {"kind": "all"}:
        return ALL
    if definition == {"kind": "members"}:
        return MEMBERS
    if definition.get("kind") == "saved":
        return definition.get("audience_id")
    return None


def _definition(audience_id: int, campaign: Campaign | None) -> dict[str, Any]:
    if audience_id == CURRENT and campaign is not None:
        return campaign.audience
    return {ALL: {"kind": "all"}, MEMBERS: {"kind": "members"}}.get(audience_id,
                                                                    {"kind": "saved", "audience_id": audience_id})


def _campaign(event: Event, campaign_id: int) -> Campaign:
    return get_in_event_or_404(Campaign, campaign_id, event)


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int(max=2147483647):campaign_id>", methods=["GET", "POST"])
def edit_campaign(slug: str, campaign_id: int | None = None) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    campaign = _campaign(event, campaign_id) if campaign_id is not None else None
    form = CampaignForm(_audience_choices(campaign), obj=campaign if request.method == "GET" else None)
    if request.method == "GET" and campaign is not None:
        form.audience_id.data = _audience_id(campaign.audience) or CURRENT
    if form.validate_on_submit() and (campaign is None or campaign.status != CampaignStatus.QUEUED):
        data = campaigns.CampaignData(
            name=form.name.data or "", audience=_definition(form.audience_id.data, campaign),
            subject_fr=form.subject_fr.data or "", body_fr=form.body_fr.data or "",
            subject_en=form.subject_en.data or "", body_en=form.body_en.data or "")
        try:
            saved = campaigns.save_campaign(event, data, campaign)
        except campaigns.CampaignError as error:
            db.session.rollback()
            add_error(form.body_fr, str(error))
        else:
            db.session.commit()
            flash(_("Campaign saved."), "success")
            return redirect(url_for(".edit_campaign", slug=slug, campaign_id=saved.id), code=303)
    return _editor(event, campaign, form), (400 if form.errors else 200)


def _editor(event: Event, campaign: Campaign | None, form: CampaignForm) -> str:
    context: dict[str, Any] = {"event": event, "campaign": campaign, "form": form, "fields": available_fields(CAMPAIGN_FIELDS),
                               "actions": EmptyForm(), "schedule_form": ScheduleForm()}
    if campaign is not None:
        recipients = campaigns.sample_recipients(campaign)
        chosen = _chosen_recipient(recipients)
        context.update(recipients=recipients, recipient=chosen, size=audiences.audience_size(campaign.audience),
                       preview=campaigns.preview_for(campaign, chosen) if chosen else None,
                       progress=campaigns.progress(campaign) if campaign.status == CampaignStatus.QUEUED else None)
    return render_template("communications/campaign.html", **context)


def _chosen_recipient(recipients: list[Contact]) -> Contact | None:
    wanted = request.args.get("as", type=int)
    if wanted is not None:
        contact = db.session.get(Contact, wanted) if 0 < wanted < 2**31 else None
        if contact is not None:
            return contact
    return recipients[0] if recipients else None


@bp.get("/<int(max=2147483647):campaign_id>/preview")
def preview(slug: str, campaign_id: int) -> ResponseReturnValue:
    """The preview as one recipient (``?as=<contact id>``): a fragment the editor's script puts in place."""
    event = get_event_or_404(slug)
    campaign = _campaign(event, campaign_id)
    chosen = _chosen_recipient(campaigns.sample_recipients(campaign, limit=1))
    if chosen is None:
        abort(404)
    return render_template("communications/_preview.html", preview=campaigns.preview_for(campaign, chosen),
                           recipient=chosen)


def _action(slug: str, campaign_id: int) -> tuple[Event, Campaign]:
    event = get_event_or_404(slug)
    campaign = _campaign(event, campaign_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return event, campaign


def _back(campaign: Campaign) -> ResponseReturnValue:
    return redirect(url_for(".edit_campaign", slug=campaign.event.slug, campaign_id=campaign.id), code=303)


@bp.post("/<int(max=2147483647):campaign_id>/test")
def send_test(slug: str, campaign_id: int) -> ResponseReturnValue:
    _event, campaign = _action(slug, campaign_id)
    contact = db.session.get(Contact, request.form.get("as", type=int) or 0) or next(
        iter(campaigns.sample_recipients(campaign, limit=1)), None)
    if contact is None:
        flash(_("The audience is empty: there is nobody to preview the message as."), "error")
        return _back(campaign)
    campaigns.send_test(campaign, contact, current_user.email)
    db.session.commit()
    flash(_("A test was sent to %(address)s, as %(name)s would read it.", address=current_user.email,
            name=contact.full_name or contact.email), "success")
    return _back(campaign)


@bp.post("/<int(max=2147483647):campaign_id>/send")
def send_now(slug: str, campaign_id: int) -> ResponseReturnValue:
    _event, campaign = _action(slug, campaign_id)
    try:
        count = campaigns.queue_campaign(campaign)
    except campaigns.CampaignError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(campaign)
    db.session.commit()
    flash(_("%(count)s invitations are being sent.", count=count), "success")
    return _back(campaign)


@bp.post("/<int(max=2147483647):campaign_id>/schedule")
def schedule(slug: str, campaign_id: int) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    campaign = _campaign(event, campaign_id)
    form = ScheduleForm()
    if not form.validate_on_submit() or form.send_at.data is None:
        flash(_("Give the day and time to send at."), "error")
        return _back(campaign)
    try:
        at = local_to_utc(form.send_at.data.date(), form.send_at.data.time(), event.timezone)
        campaigns.schedule(campaign, at)
    except (campaigns.CampaignError, NonexistentLocalTime) as error:
        db.session.rollback()
        flash(str(error) if isinstance(error, campaigns.CampaignError) else _("This time does not exist."), "error")
        return _back(campaign)
    db.session.commit()
    flash(_("Campaign scheduled."), "success")
    return _back(campaign)


@bp.post("/<int(max=2147483647):campaign_id>/<any(unschedule, pause, resume, remind):action>")
def campaign_action(slug: str, campaign_id: int, action: str) -> ResponseReturnValue:
    _event, campaign = _action(slug, campaign_id)
    try:
        if action == "remind":
            reminder = campaigns.remind_not_registered(campaign)
            db.session.commit()
            flash(_("A reminder to those not registered yet is ready: check it, then send it."), "success")
            return _back(reminder)
        {"unschedule": campaigns.unschedule, "pause": campaigns.pause, "resume": campaigns.resume}[action](campaign)
    except campaigns.CampaignError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(campaign)
    db.session.commit()
    return _back(campaign)
