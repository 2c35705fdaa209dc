"""Organisers' pages for events: create, edit, and start a new edition from a previous one."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.login import organiser_required
from app.core.dates import NonexistentLocalTime, local_to_utc, to_local
from app.core.extensions import db
from app.core.forms import add_error, fill_form, required
from app.core.i18n import current_language
from app.events import operations
from app.events.forms import EventForm, NewEditionForm
from app.events.models import Event, EventKind, EventStatus
from app.events.queries import all_series, get_event_or_404

bp = Blueprint("events_admin", __name__)


@bp.before_request
@organiser_required
def require_organiser():
    return None


def _event_values(form: EventForm) -> dict[str, object] | None:
    try:
        starts_at = local_to_utc(required(form.first_day.data), required(form.start_time.data), form.timezone.data)
        ends_at = local_to_utc(required(form.last_day.data), required(form.end_time.data), form.timezone.data)
    except NonexistentLocalTime:
        add_error(form.start_time, _("This time does not exist in this time zone (daylight saving change)."))
        return None
    if ends_at <= starts_at:
        add_error(form.end_time, _("The event must end after it starts."))
        return None
    values: dict[str, object] = {name: field.data for name, field in form._fields.items()
              if name in operations.EDITABLE_FIELDS and isinstance(field.data, str | int | bool | type(None))}
    values = {name: (None if value == "" else value) for name, value in values.items()}
    values |= {"kind": EventKind(form.kind.data), "status": EventStatus(form.status.data), "starts_at": starts_at,
               "ends_at": ends_at, "venue_country": form.venue_country.data or None,
               "partner_country": form.partner_country.data or None, "online_url": form.online_url.data or None,
               "series_id": form.series_id.data or None}
    return values


def _fill(form: EventForm, event: Event) -> None:
    start, end = to_local(event.starts_at, event.timezone), to_local(event.ends_at, event.timezone)
    fill_form(form, event, kind=event.kind.value, status=event.status.value, first_day=start.date(),
              series_id=event.series_id or 0,
              start_time=start.time(), last_day=end.date(), end_time=end.time(),
              venue_country=event.venue_country or "", partner_country=event.partner_country or "")


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<slug>/edit", methods=["GET", "POST"])
def edit_event(slug: str | None = None):
    event = get_event_or_404(slug) if slug else None
    form = EventForm(current_language(), all_series())
    if request.method == "GET":
        _fill(form, event) if event else form.process(timezone="Europe/Paris", status=EventStatus.DRAFT.value)
    if form.validate_on_submit() and (values := _event_values(form)) is not None:
        try:
            saved = operations.edit_event(values, event)
        except operations.SlugTakenError:
            add_error(form.slug, _("This short name is already used by another event."))
        else:
            db.session.commit()
            flash(_("Event saved."), "info")
            return redirect(url_for("programme_admin.sessions", slug=saved.slug))
    return render_template("events/admin/event_form.html", form=form, event=event)


@bp.route("/<slug>/new-edition", methods=["GET", "POST"])
def new_edition(slug: str):
    source = get_event_or_404(slug)
    form = NewEditionForm()
    if form.validate_on_submit():
        try:
            event = operations.copy_edition(source, operations.NewEdition(
                required(form.slug.data), required(form.title_fr.data).strip(), required(form.title_en.data).strip(),
                required(form.first_day.data), form.edition.data))
        except operations.SlugTakenError:
            add_error(form.slug, _("This short name is already used by another event."))
        else:
            db.session.commit()
            flash(_("New edition created as a draft, with the rooms, tracks and sessions of %(title)s.",
                    title=source.title_fr), "info")
            return redirect(url_for("programme_admin.sessions", slug=event.slug))
    elif request.method == "GET":
        form.process(edition=(source.edition or 0) + 1 if source.edition else None)
    return render_template("events/admin/new_edition.html", form=form, source=source)
