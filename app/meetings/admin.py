"""Organisers' meeting pages, under ``/organiser/events/<slug>/meetings`` (linked from the event's admin nav).

| URL | page |
| --- | --- |
| ``/`` | settings (slot length, maximum per person, requests open), requests, meetings (place by hand, |
|        | publish), protocol meetings |
| ``/themes``, ``/blocks``, ``/tables``, ``/interpreters`` | the lists, with add (POST); |
|        | ``/<list>/<id>/remove`` and ``…/restore`` (POST) |
"""
from __future__ import annotations

from datetime import date, datetime
from typing import cast

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.audit.operations import current_actor
from app.auth.login import organiser_required
from app.core.dates import NonexistentLocalTime, local_to_utc
from app.core.extensions import db
from app.core.forms import EmptyForm, add_error, fill_form
from app.core.lookups import get_in_event_or_404
from app.events.models import Event
from app.events.queries import get_event_or_404
from app.meetings import operations, queries
from app.meetings.forms import BlockForm, InterpreterForm, PinForm, ProtocolForm, SettingsForm, TableForm, ThemeForm
from app.meetings.messages import message
from app.meetings.models import Interpreter, Meeting, MeetingBlock, MeetingRequest, MeetingTable, MeetingTheme
from app.meetings.operations import MeetingError
from app.people.models import Person
from app.registration.models import ACTIVE_STATUSES, Registration

bp = Blueprint("meetings_admin", __name__)


@bp.before_request
@organiser_required
def require_organiser():
    return None


def _event(slug: str) -> Event:
    event = get_event_or_404(slug)
    if not event.profile.has_meetings:
        abort(404)
    return event


def _actor() -> str:
    """The signed-in organiser, as the audit log names staff (``user:<id>``), like the schedule and desk pages."""
    return current_actor()[0]


@bp.route("/", methods=["GET", "POST"])
def index(slug: str) -> ResponseReturnValue:
    event = _event(slug)
    settings = operations.settings_for(event)
    form = SettingsForm()
    if not form.is_submitted():
        fill_form(form, settings)
    if form.validate_on_submit():
        operations.save_settings(event, slot_minutes=form.slot_minutes.data or 30,
                                 max_meetings_per_person=form.max_meetings_per_person.data,
                                 requests_open=bool(form.requests_open.data), actor=_actor())
        db.session.commit()
        flash(_("The meeting settings are saved."), "success")
        return redirect(url_for(".index", slug=slug), code=303)
    return _index_page(event, form), (400 if form.errors else 200)


def _index_page(event: Event, form: SettingsForm, protocol_form: ProtocolForm | None = None) -> str:
    requests = list(db.session.scalars(sa.select(MeetingRequest).where(MeetingRequest.event_id == event.id)
                                       .order_by(MeetingRequest.id.desc())))
    meetings = list(db.session.scalars(sa.select(Meeting).where(Meeting.event_id == event.id)
                                       .order_by(Meeting.starts_at.is_(None), Meeting.starts_at, Meeting.id)))
    return render_template("meetings/admin/index.html", event=event, form=form, requests=requests,
                           meetings=meetings, protocol_form=protocol_form or _protocol_form(event),
                           pin_form=_pin_form(event), slots=operations.slot_starts(event), action_form=EmptyForm())


def _registrants(event: Event) -> list[tuple[int, str]]:
    rows = db.session.execute(sa.select(Registration.id, Person.given_name, Person.family_name).join(Person).where(
        Registration.event_id == event.id, Registration.status.in_(ACTIVE_STATUSES))
        .order_by(Person.family_name, Person.given_name))
    return [(row.id, f"{row.given_name} {row.family_name}") for row in rows]


def _protocol_form(event: Event) -> ProtocolForm:
    form = ProtocolForm()
    form.side_a.choices = form.side_b.choices = _registrants(event)
    return form


def _pin_form(event: Event) -> PinForm:
    form = PinForm()
    form.slot.choices = [(start.isoformat(), start.isoformat()) for start in operations.slot_starts(event)]
    form.table.choices = [(table.id, str(table.number)) for table in _tables(event) if table.active]
    form.interpreter.choices = [(0, "—")] + [(item.id, item.name) for item in _interpreters(event) if item.active]
    return form


@bp.post("/protocol")
def protocol(slug: str) -> ResponseReturnValue:
    event = _event(slug)
    form = _protocol_form(event)
    if form.validate_on_submit():
        side_a, side_b = (db.session.get(Registration, form.side_a.data), db.session.get(Registration, form.side_b.data))
        try:
            operations.create_protocol_meeting(event, side_a, side_b, message=form.message.data or "",  # type: ignore[arg-type]
                                               actor=_actor())
        except MeetingError as error:
            db.session.rollback()
            add_error(form.side_b, message(error.code))
        else:
            db.session.commit()
            flash(_("The protocol meeting is created."), "success")
            return redirect(url_for(".index", slug=slug), code=303)
    settings_form = SettingsForm(formdata=None)
    fill_form(settings_form, operations.settings_for(event))
    return _index_page(event, settings_form, form), 400


@bp.post("/requests/<int:request_id>/<any(cancel, restore):action>")
def request_action(slug: str, request_id: int, action: str) -> ResponseReturnValue:
    event = _event(slug)
    meeting_request = get_in_event_or_404(MeetingRequest, request_id, event)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        if action == "cancel":
            operations.cancel(meeting_request, by=None, actor=_actor())
        else:
            operations.restore(meeting_request, actor=_actor())
    except MeetingError as error:
        db.session.rollback()
        flash(message(error.code), "error")
    else:
        db.session.commit()
        flash(_("The request is cancelled.") if action == "cancel" else _("The request is restored."), "success")
    return redirect(url_for(".index", slug=slug), code=303)


@bp.post("/meetings/<int:meeting_id>/pin")
def pin(slug: str, meeting_id: int) -> ResponseReturnValue:
    event = _event(slug)
    meeting = get_in_event_or_404(Meeting, meeting_id, event)
    form = _pin_form(event)
    if not form.validate_on_submit():
        flash(_("Choose a slot and a table."), "error")
        return redirect(url_for(".index", slug=slug), code=303)
    table = get_in_event_or_404(MeetingTable, form.table.data, event)
    interpreter = get_in_event_or_404(Interpreter, form.interpreter.data, event) if form.interpreter.data else None
    try:
        operations.pin(meeting, datetime.fromisoformat(form.slot.data), table, interpreter, actor=_actor())
    except MeetingError as error:
        db.session.rollback()
        flash(message(error.code), "error")
    else:
        db.session.commit()
        flash(_("The meeting is placed and pinned."), "success")
    return redirect(url_for(".index", slug=slug), code=303)


@bp.post("/meetings/<int:meeting_id>/<any(unpin, publish, unpublish):action>")
def meeting_action(slug: str, meeting_id: int, action: str) -> ResponseReturnValue:
    event = _event(slug)
    meeting = get_in_event_or_404(Meeting, meeting_id, event)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        {"unpin": operations.unpin, "publish": operations.publish, "unpublish": operations.unpublish}[action](
            meeting, actor=_actor())
    except MeetingError as error:
        db.session.rollback()
        flash(message(error.code), "error")
    else:
        db.session.commit()
    return redirect(url_for(".index", slug=slug), code=303)


# --- lists: themes, blocks, tables, interpreters ---------------------------------------------------------------

def _tables(event: Event) -> list[MeetingTable]:
    return list(db.session.scalars(sa.select(MeetingTable).where(MeetingTable.event_id == event.id)
                                   .order_by(MeetingTable.number)))


def _interpreters(event: Event) -> list[Interpreter]:
    return list(db.session.scalars(sa.select(Interpreter).where(Interpreter.event_id == event.id)
                                   .order_by(Interpreter.name)))


def _blocks(event: Event) -> list[MeetingBlock]:  # removed ones too (they can be restored)
    return list(db.session.scalars(sa.select(MeetingBlock).where(MeetingBlock.event_id == event.id)
                                   .order_by(MeetingBlock.starts_at)))


def _list_page(event: Event, what: str, form, status: int = 200) -> ResponseReturnValue:
    items = {"themes": lambda event: queries.themes_of(event, removed=True), "blocks": _blocks, "tables": _tables,
             "interpreters": _interpreters}[what]
    return render_template(f"meetings/admin/{what}.html", event=event, form=form, items=items(event),
                           action_form=EmptyForm(), settings=operations.settings_for(event)), status


@bp.route("/themes", methods=["GET", "POST"])
def themes(slug: str) -> ResponseReturnValue:
    event = _event(slug)
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            operations.add_theme(event, form.name_fr.data or "", form.name_en.data, actor=_actor())
        except MeetingError as error:
            db.session.rollback()
            add_error(form.name_fr, message(error.code))
        else:
            db.session.commit()
            return redirect(url_for(".themes", slug=slug), code=303)
    return _list_page(event, "themes", form, 400 if form.errors else 200)


@bp.route("/blocks", methods=["GET", "POST"])
def blocks(slug: str) -> ResponseReturnValue:
    event = _event(slug)
    form = BlockForm()
    if form.validate_on_submit():
        try:
            starts_at, ends_at = _local(event, form.day.data, form.starts.data), _local(event, form.day.data,
                                                                                      form.ends.data)
            operations.add_block(event, starts_at, ends_at, actor=_actor())
        except MeetingError as error:
            db.session.rollback()
            add_error(form.ends, message(error.code))
        else:
            db.session.commit()
            return redirect(url_for(".blocks", slug=slug), code=303)
    return _list_page(event, "blocks", form, 400 if form.errors else 200)


def _local(event: Event, day: date | None, time_of_day) -> datetime:
    try:
        return local_to_utc(day, time_of_day, event.timezone)  # type: ignore[arg-type]
    except NonexistentLocalTime as error:
        raise MeetingError("block_order") from error


@bp.route("/tables", methods=["GET", "POST"])
def tables(slug: str) -> ResponseReturnValue:
    event = _event(slug)
    form = TableForm()
    if form.validate_on_submit():
        try:
            operations.add_table(event, form.number.data or 0, form.room.data or "", actor=_actor())
        except MeetingError as error:
            db.session.rollback()
            add_error(form.number, message(error.code))
        else:
            db.session.commit()
            return redirect(url_for(".tables", slug=slug), code=303)
    return _list_page(event, "tables", form, 400 if form.errors else 200)


@bp.route("/interpreters", methods=["GET", "POST"])
def interpreters(slug: str) -> ResponseReturnValue:
    event = _event(slug)
    form = InterpreterForm()
    if form.validate_on_submit():
        try:
            windows = parse_windows(event, form.availability.data or "")
            operations.add_interpreter(event, form.name.data or "", form.email.data, form.language_pairs.data or "",
                                       windows, actor=_actor())
        except MeetingError as error:
            db.session.rollback()
            add_error(form.availability if error.code in ("availability", "block_order") else form.language_pairs,
                      message(error.code))
        else:
            db.session.commit()
            return redirect(url_for(".interpreters", slug=slug), code=303)
    return _list_page(event, "interpreters", form, 400 if form.errors else 200)


def parse_windows(event: Event, text: str) -> list[tuple[datetime, datetime]]:
    """``2030-09-18 09:00-12:30`` per line, in the event's time zone."""
    windows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            day_text, hours = line.split()
            start_text, end_text = hours.split("-")
            day = date.fromisoformat(day_text)
            start = local_to_utc(day, datetime.strptime(start_text, "%H:%M").time(), event.timezone)
            end = local_to_utc(day, datetime.strptime(end_text, "%H:%M").time(), event.timezone)
        except (ValueError, NonexistentLocalTime) as error:
            raise MeetingError("availability") from error
        windows.append((start, end))
    return windows


@bp.post("/<any(themes, blocks, tables, interpreters):what>/<int:item_id>/<any(remove, restore):action>")
def item_action(slug: str, what: str, item_id: int, action: str) -> ResponseReturnValue:
    event = _event(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    model = {"themes": MeetingTheme, "blocks": MeetingBlock, "tables": MeetingTable, "interpreters": Interpreter}[what]
    item = cast(operations.ListItem, get_in_event_or_404(model, item_id, event))  # type: ignore[type-var]
    try:
        operations.set_active(item, action == "restore", actor=_actor())
    except MeetingError as error:
        db.session.rollback()
        flash(message(error.code), "error")
    else:
        db.session.commit()
        flash(_("Restored.") if action == "restore" else _("Removed. It can be restored from this page."), "success")
    return redirect(url_for(f".{what}", slug=slug), code=303)
