"""Organisers' programme pages: sessions, speakers, rooms, tracks and conflicts of one event."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core.dates import NonexistentLocalTime, local_to_utc, to_local
from app.core.extensions import db
from app.core.forms import EmptyForm, add_error, fill_form, required
from app.core.lookups import get_in_event_or_404
from app.events.models import Event
from app.events.queries import get_event_or_404
from app.people.models import Person
from app.people.operations import find_people
from app.programme import (
    import_routes,  # noqa: F401  (its import / export views are on bp too)
    operations,
)
from app.programme.admin_queries import sessions_for_organisers
from app.programme.blueprint import bp
from app.programme.conflicts import conflicts_among, conflicts_by_session, conflicts_for_event
from app.programme.forms import (
    RestoreSessionForm,
    RestoreSpeakerForm,
    RoomForm,
    SessionForm,
    SpeakerAddForm,
    TrackForm,
    split_languages,
)
from app.programme.models import Room, Session, SessionSpeaker, SessionStatus, SessionType, SpeakerRole, Track, TrackKind


@bp.route("/sessions")
def sessions(slug: str):
    event = get_event_or_404(slug)
    all_sessions = sessions_for_organisers(event)
    conflicts = conflicts_by_session(conflicts_among(event, all_sessions))
    return render_template("programme/admin/sessions.html", event=event, sessions=all_sessions,
                           conflicts=conflicts, form=EmptyForm())


def _session_data(form: SessionForm, event: Event) -> operations.SessionData | None:
    try:
        starts_at = local_to_utc(required(form.day.data), required(form.start_time.data), event.timezone)
        ends_at = local_to_utc(required(form.day.data), required(form.end_time.data), event.timezone)
    except NonexistentLocalTime:
        add_error(form.start_time, _("This time does not exist in %(zone)s (daylight saving change).", zone=event.timezone))
        return None
    return operations.SessionData(
        type=SessionType(form.type.data), title_fr=required(form.title_fr.data).strip(),
        title_en=required(form.title_en.data).strip(),
        description_fr=form.description_fr.data or None, description_en=form.description_en.data or None,
        starts_at=starts_at, ends_at=ends_at, room_id=form.room_id.data or None, track_id=form.track_id.data or None,
        capacity=form.capacity.data, languages=split_languages(form.languages.data),
        interpretation=split_languages(form.interpretation.data), is_hidden=form.is_hidden.data,
        online_url=form.online_url.data or None)


def _fill_form(form: SessionForm, session: Session, event: Event) -> None:
    start, end = to_local(session.starts_at, event.timezone), to_local(session.ends_at, event.timezone)
    fill_form(form, session, day=start.date(), start_time=start.time(), end_time=end.time(),
              room_id=session.room_id or 0, track_id=session.track_id or 0, type=session.type.value,
              languages=", ".join(session.languages), interpretation=", ".join(session.interpretation))


@bp.route("/sessions/new", methods=["GET", "POST"])
@bp.route("/sessions/<int(max=2147483647):session_id>/edit", methods=["GET", "POST"])
def edit_session(slug: str, session_id: int | None = None):
    event = get_event_or_404(slug)
    session = get_in_event_or_404(Session, session_id, event) if session_id else None
    form = SessionForm(operations.event_rooms(event), operations.event_tracks(event))
    if request.method == "GET" and session is not None:
        _fill_form(form, session, event)
    blocking = []
    if form.validate_on_submit() and (data := _session_data(form, event)) is not None:
        try:
            saved, conflicts = operations.edit_session(event, data, session, form.override_reason.data)
        except operations.BlockingConflictsError as error:
            blocking = error.conflicts
        else:
            db.session.commit()
            flash(_("Session saved.") if not conflicts else _("Session saved, with warnings: see the conflicts."), "info")
            return redirect(url_for(".session_speakers", slug=slug, session_id=saved.id))
    current_conflicts = blocking or (conflicts_for_event_of(event, session) if session else [])
    return render_template("programme/admin/session_form.html", event=event, session=session, form=form,
                           blocking=bool(blocking), conflicts=current_conflicts), (422 if blocking else 200)


def conflicts_for_event_of(event: Event, session: Session):
    return [conflict for conflict in conflicts_for_event(event) if session.id in (conflict.session_id, conflict.other_session_id)]


@bp.route("/sessions/<int(max=2147483647):session_id>/<any(cancel, restore, hide, show):action>", methods=["POST"])
def session_action(slug: str, session_id: int, action: str):
    event = get_event_or_404(slug)
    session = get_in_event_or_404(Session, session_id, event)
    form = RestoreSessionForm()
    if not form.validate_on_submit():
        abort(400)
    reason = form.override_reason.data or None
    try:
        if action in ("cancel", "restore"):
            operations.set_session_status(session, SessionStatus.CANCELLED if action == "cancel" else SessionStatus.SCHEDULED,
                                          override_reason=reason)
        else:
            operations.set_session_hidden(session, action == "hide")
    except operations.BlockingConflictsError as error:
        return render_template("programme/admin/session_restore.html", event=event, session=session, form=form,
                               conflicts=error.conflicts), 409
    db.session.commit()
    flash(_("Session updated."), "info")
    return redirect(url_for(".sessions", slug=slug))


@bp.route("/sessions/<int(max=2147483647):session_id>/speakers", methods=["GET", "POST"])
def session_speakers(slug: str, session_id: int):
    event = get_event_or_404(slug)
    session = get_in_event_or_404(Session, session_id, event)
    form, query, conflicts = SpeakerAddForm(), request.args.get("q", "").strip(), []
    if form.validate_on_submit():
        person = db.session.get(Person, int(required(form.person_id.data))) or abort(404)
        try:
            operations.add_speaker(session, person, SpeakerRole(form.role.data), form.override_reason.data)
        except operations.BlockingConflictsError as error:
            conflicts = error.conflicts
        else:
            db.session.commit()
            flash(_("%(name)s added.", name=person.name), "info")
            return redirect(url_for(".session_speakers", slug=slug, session_id=session.id))
    return render_template("programme/admin/session_speakers.html", event=event, session=session, form=form,
                           query=query, results=find_people(query) if query else [], conflicts=conflicts,
                           action_form=EmptyForm(), removed=operations.removed_speakers(session)), (422 if conflicts else 200)


@bp.route("/sessions/<int(max=2147483647):session_id>/speakers/<int(max=2147483647):speaker_id>"
          "/<any(remove, up, down):action>", methods=["POST"])
def speaker_action(slug: str, session_id: int, speaker_id: int, action: str):
    event = get_event_or_404(slug)
    session = get_in_event_or_404(Session, session_id, event)
    speaker = db.session.get(SessionSpeaker, speaker_id)
    if speaker is None or speaker.session_id != session.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if action == "remove":
        operations.remove_speaker(session, speaker)
    else:
        operations.move_speaker(session, speaker, -1 if action == "up" else 1)
    db.session.commit()
    if action == "remove":
        flash(_("Speaker removed: “Put back” below undoes it."), "info")
    return redirect(url_for(".session_speakers", slug=slug, session_id=session.id))


@bp.route("/sessions/<int(max=2147483647):session_id>/speakers/restore", methods=["POST"])
def restore_speaker(slug: str, session_id: int):
    """Undo a removal: the speaker comes back with their role and place (conflict rules as when adding)."""
    event = get_event_or_404(slug)
    session = get_in_event_or_404(Session, session_id, event)
    form = RestoreSpeakerForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        restored = operations.restore_speaker(session, int(required(form.entry_id.data)), form.override_reason.data or None)
    except LookupError:
        abort(404)
    except operations.BlockingConflictsError as error:
        db.session.rollback()
        return render_template("programme/admin/session_speakers.html", event=event, session=session, form=SpeakerAddForm(),
                               query="", results=[], conflicts=error.conflicts, action_form=EmptyForm(),
                               removed=operations.removed_speakers(session)), 409
    db.session.commit()
    flash(_("%(name)s is back.", name=restored.person.name), "info")
    return redirect(url_for(".session_speakers", slug=slug, session_id=session.id))


@bp.route("/conflicts")
def conflicts(slug: str):
    event = get_event_or_404(slug)
    all_sessions = sessions_for_organisers(event)
    return render_template("programme/admin/conflicts.html", event=event, conflicts=conflicts_among(event, all_sessions),
                           sessions={session.id: session for session in all_sessions})


@bp.route("/rooms", methods=["GET", "POST"])
@bp.route("/rooms/<int(max=2147483647):room_id>", methods=["GET", "POST"])
def rooms(slug: str, room_id: int | None = None):
    event = get_event_or_404(slug)
    room = get_in_event_or_404(Room, room_id, event) if room_id else None
    form = RoomForm()
    if request.method == "GET" and room is not None:
        fill_form(form, room)
    if form.validate_on_submit():
        try:
            operations.edit_room(event, required(form.name.data).strip(), form.capacity.data, room)
        except operations.NameTakenError:
            add_error(form.name, _("This event already has a room with this name."))
        else:
            db.session.commit()
            flash(_("Room saved."), "info")
            return redirect(url_for(".rooms", slug=slug))
    return render_template("programme/admin/rooms.html", event=event, rooms=operations.event_rooms(event),
                           form=form, room=room)


@bp.route("/tracks", methods=["GET", "POST"])
@bp.route("/tracks/<int(max=2147483647):track_id>", methods=["GET", "POST"])
def tracks(slug: str, track_id: int | None = None):
    event = get_event_or_404(slug)
    track = get_in_event_or_404(Track, track_id, event) if track_id else None
    form = TrackForm()
    if request.method == "GET" and track is not None:
        fill_form(form, track, kind=track.kind.value)
    if form.validate_on_submit():
        try:
            operations.edit_track(event, required(form.slug.data), TrackKind(form.kind.data),
                                  required(form.name_fr.data).strip(), required(form.name_en.data).strip(), track)
        except operations.NameTakenError:
            add_error(form.slug, _("This event already has a track with this short name."))
        else:
            db.session.commit()
            flash(_("Track saved."), "info")
            return redirect(url_for(".tracks", slug=slug))
    return render_template("programme/admin/tracks.html", event=event, tracks=operations.event_tracks(event),
                           form=form, track=track)
