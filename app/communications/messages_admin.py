"""Organisers' pages for messages to registrants and reminders of one event.

| URL (under ``/organiser/events/<slug>``) | page |
| --- | --- |
| ``/messages`` | the messages sent (who, when, filter, recipients) |
| ``/messages/new`` | write: filter, count, preview as a recipient, test to oneself, send (POST actions) |
| ``/messages/<id>`` | one sent message: its text, filter, progress (Pause / Resume) and recipients with their mail's state |
| ``/messages/<id>/pause``, ``…/resume`` | POST: stop or restart sending its mails (the list page offers them too) |
| ``/reminders`` | the event's reminders (when, agenda, join link, practical information) |
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.operations import current_actor
from app.auth.login import organiser_required
from app.communications import messages, messages_queries, reminders_settings
from app.communications.messages_filters import count_recipients, reason, recipients
from app.communications.messages_forms import MessageForm, TextForm
from app.communications.messages_models import RegistrantMessage
from app.communications.reminders_forms import ReminderRulesForm
from app.core.extensions import db
from app.core.forms import EmptyForm
from app.core.i18n import current_language
from app.core.lookups import get_in_event_or_404
from app.events.models import Event
from app.events.queries import get_event_or_404
from app.registration.admin_queries import event_delegations, event_sessions
from app.registration.models import Delegation

bp = Blueprint("messages_admin", __name__)


@bp.before_request
@organiser_required
def require_organiser():
    return None


@bp.get("/messages")
def message_list(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    sent = messages_queries.sent_messages(event)
    return render_template("communications/messages.html", event=event, sent=sent,
                           progress=messages.progress_of(sent), actions=EmptyForm())


@bp.route("/messages/new", methods=["GET", "POST"])
def new_message(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    form = MessageForm()
    form.set_choices(event_sessions(event), event_delegations(event))
    if request.method == "GET" or not form.validate_on_submit():
        return composer(event, form, form.draft()), (400 if form.errors else 200)
    draft, action = form.draft(), request.form.get("action", "preview")
    if action in ("test", "send") and (errors := messages.draft_errors(event, draft)):
        flash(" ".join(errors), "error")
        return composer(event, form, draft), 400
    if action == "test":
        registration = messages_queries.preview_registration(event, draft.chosen, form.preview_as.data)
        if registration is not None:
            messages.send_test(event, draft, registration, current_user.email, actor=f"user:{current_user.id}")
            db.session.commit()
            flash(_("A test was sent to %(address)s.", address=current_user.email), "success")
        return composer(event, form, draft)
    if action == "send":
        if form.shown_count.data != str(count_recipients(event, draft.chosen)):
            flash(_("The number of recipients has changed: check it, then send."), "error")
            return composer(event, form, draft), 409
        sent = messages.send_message(event, draft, actor=f"user:{current_user.id}", sent_by=current_user.email,
                                     user_id=current_user.id)
        db.session.commit()
        flash(_("The message is being sent to %(count)s people.", count=sent.recipients_count), "success")
        return redirect(url_for(".message_detail", slug=slug, registrant_message_id=sent.id), code=303)
    return composer(event, form, draft)


def composer(event: Event, form: TextForm, draft: messages.Draft, *, delegation: Delegation | None = None,
             action_url: str | None = None, sent: list[RegistrantMessage] | None = None) -> str:
    """The editor with the count of recipients and the preview as one of them (shown once the form is valid)."""
    found = recipients(event, draft.chosen) if request.method == "POST" and not form.errors else None
    preview = errors = None
    if found is not None:
        form.shown_count.data = str(len(found))
        errors = messages.draft_errors(event, draft, delegation=delegation)
        form.preview_as.choices = [(str(r.id), f"{r.person.name} <{r.person.email}>") for r in found[:200]]
        chosen = messages_queries.pick(found, form.preview_as.data)
        if chosen is not None and not errors:
            form.preview_as.data = str(chosen.id)
            preview = messages.render_for(chosen, draft)
    return render_template("communications/message_form.html", event=event, form=form, found=found,
                           preview=preview, draft_errors=errors, delegation=delegation,
                           reason_text=reason(event, draft.chosen, current_language()),
                           fields=messages.available_message_fields(),
                           action_url=action_url or url_for(".new_message", slug=event.slug), sent=sent)


@bp.get("/messages/<int:registrant_message_id>")
def message_detail(slug: str, registrant_message_id: int) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    message = get_in_event_or_404(RegistrantMessage, registrant_message_id, event)
    return render_template("communications/message_detail.html", event=event, message=message,
                           rows=messages_queries.recipient_rows(message), progress=messages.progress(message),
                           actions=EmptyForm())


@bp.post("/messages/<int(max=2147483647):registrant_message_id>/<any(pause, resume):action>")
def message_action(slug: str, registrant_message_id: int, action: str) -> ResponseReturnValue:
    """Pause or resume sending a message's mails (a head of delegation's too); then its page, with its progress."""
    event = get_event_or_404(slug)
    message = get_in_event_or_404(RegistrantMessage, registrant_message_id, event)
    if not EmptyForm().validate_on_submit():
        abort(400)
    (messages.pause if action == "pause" else messages.resume)(message, actor=current_actor()[0])
    db.session.commit()
    flash(_("Sending paused: the waiting mails stay in the outbox until you resume.") if action == "pause"
          else _("Sending resumed."), "success")
    return redirect(url_for(".message_detail", slug=slug, registrant_message_id=message.id), code=303)


@bp.route("/reminders", methods=["GET", "POST"])
def reminder_rules(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    form = ReminderRulesForm()
    if request.method == "GET":
        reminders_settings.fill(form, event)
    elif form.validate_on_submit():
        reminders_settings.save_rules(event, form.reminders(), actor=f"user:{current_user.id}")
        db.session.commit()
        flash(_("Reminders saved."), "success")
        return redirect(url_for(".reminder_rules", slug=slug), code=303)
    return render_template("communications/reminders.html", event=event, form=form,
                           defaults=reminders_settings.uses_defaults(event)), (400 if form.errors else 200)
