"""Calendar feeds of published events, the chronicle series and each registrant's agenda.

| URL | feed |
| --- | --- |
| ``/<kind>/<slug>/programme.ics`` | the programme (the event itself while it has no session) |
| ``/<kind>/<slug>/sessions/<id>.ics`` | one session, always as a download (attachment) |
| ``/<kind>/<slug>/tracks/<track-slug>.ics`` | the sessions of one track |
| ``/<kind>/<slug>/speakers/<person-id>.ics`` | the sessions one person speaks at |
| ``/chroniques/<series-slug>/series.ics`` | every published chronicle of a series |
| ``/agenda/<token>.ics`` | plenaries + chosen sessions, with join links (confirmed registrations) |

Feeds are ``inline`` (to subscribe), or an ``attachment`` with ``?download=1``; text follows
``?lang=`` like every page. The feeds of an event archived long ago (``FEED_GONE_AFTER`` after its end)
answer ``410 Gone``, so that calendar apps stop polling them; a series feed leaves such events out.
``/<kind>/<slug>/sessions/<id>/add-to/<google|outlook>`` redirects to the web calendar's "new event" form, filled in.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, redirect, request
from flask.typing import ResponseReturnValue

from app.calendar import feeds, queries
from app.calendar.extra import extra_entries
from app.calendar.links import web_calendar_links, webcal_url
from app.calendar.responses import ics_response
from app.core.cors import cross_origin
from app.core.db import utcnow
from app.core.i18n import current_language, localized
from app.core.urls import external_url, public_host
from app.events.models import Event, EventStatus
from app.events.queries import get_public_event_or_404
from app.events.urls import KIND_URL_PART, KINDS_BY_URL
from app.programme.models import Session, Track
from app.registration.agenda import personal_agenda
from app.registration.models import Registration

bp = Blueprint("calendar", __name__)
# An archived event's feeds answer 410 Gone this long after its end (calendar apps then stop asking).
FEED_GONE_AFTER = timedelta(days=90)


@bp.app_template_global("feed_gone")
def archived_long_ago(event: Event) -> bool:
    """An event archived ``FEED_GONE_AFTER`` ago or more: its feeds answer 410 and its pages link to none."""
    return event.status == EventStatus.ARCHIVED and event.ends_at + FEED_GONE_AFTER < utcnow()



@bp.get(f"/{KIND_URL_PART}/<slug>/programme.ics")
@cross_origin
def programme(kind: str, slug: str) -> ResponseReturnValue:
    event = _event(kind, slug)
    sessions = queries.programme_sessions(event)
    calendar = feeds.build_feed(localized(event, "title"), [event], sessions, _context(),
                                bare_events=[] if sessions else [event])
    return _feed_response(calendar, f"{event.slug}.ics", [event], sessions)


@bp.get(f"/{KIND_URL_PART}/<slug>/sessions/<int(max=2147483647):session_id>.ics")
@cross_origin
def session_feed(kind: str, slug: str, session_id: int) -> ResponseReturnValue:
    event = _event(kind, slug)
    session = queries.find_session(event, session_id) or abort(404)
    calendar = feeds.build_feed(localized(session, "title"), [event], [session], _context())
    return ics_response(calendar, f"{event.slug}-session-{session.id}.ics", modified=_modified([event], [session]),
                        attachment=True)


@bp.get(f"/{KIND_URL_PART}/<slug>/tracks/<track_slug>.ics")
@cross_origin
def track_feed(kind: str, slug: str, track_slug: str) -> ResponseReturnValue:
    event = _event(kind, slug)
    track = queries.find_track(event, track_slug) or abort(404)
    sessions = queries.track_sessions(event, track)
    name = f"{localized(event, 'title')} — {localized(track, 'name')}"
    calendar = feeds.build_feed(name, [event], sessions, _context())
    return _feed_response(calendar, f"{event.slug}-{track.slug}.ics", [event], sessions)


@bp.get(f"/{KIND_URL_PART}/<slug>/speakers/<int(max=2147483647):person_id>.ics")
@cross_origin
def speaker_feed(kind: str, slug: str, person_id: int) -> ResponseReturnValue:
    event = _event(kind, slug)
    person = queries.find_speaker(event, person_id) or abort(404)
    sessions = queries.speaker_sessions(event, person)
    calendar = feeds.build_feed(f"{localized(event, 'title')} — {person.name}", [event], sessions, _context())
    return _feed_response(calendar, f"{event.slug}-speaker-{person.id}.ics", [event], sessions)


@bp.get("/chroniques/<series_slug>/series.ics")
@cross_origin
def series_feed(series_slug: str) -> ResponseReturnValue:
    series = queries.find_chronicle_series(series_slug) or abort(404)
    events = [event for event in queries.series_events(series) if not archived_long_ago(event)]
    sessions = queries.events_sessions(events) if events else []
    with_sessions = {session.event_id for session in sessions}
    calendar = feeds.build_feed(localized(series, "title"), events, sessions, _context(),
                                bare_events=[event for event in events if event.id not in with_sessions])
    return _feed_response(calendar, f"{series.slug}.ics", [series, *events], sessions)


@bp.get("/agenda/<token>.ics")
@cross_origin
def agenda_feed(token: str) -> ResponseReturnValue:
    registration = queries.find_open_registration(token) or abort(404)
    event = registration.event
    if archived_long_ago(event):
        abort(410)
    agenda = personal_agenda(registration)
    context = _context()
    extra = extra_entries(registration, context.language)
    return _feed_response(feeds.agenda_feed(agenda, context, extra), f"{event.slug}-agenda.ics",
                          [event, registration], agenda.sessions, [entry.modified for entry in extra])


@bp.get(f"/{KIND_URL_PART}/<slug>/sessions/<int(max=2147483647):session_id>/add-to/<any(google, outlook):service>")
def add_to_web_calendar(kind: str, slug: str, session_id: int, service: str) -> ResponseReturnValue:
    """Redirect to Google's or Outlook's "new event" form, filled in with the session (public data only)."""
    event = _event(kind, slug)
    session = queries.find_session(event, session_id) or abort(404)
    language = current_language()
    details = f"{feeds.session_description(session, language)}\n\n{_page_url(event, session)}"
    links = web_calendar_links(localized(session, "title"), session.starts_at, session.ends_at, event.timezone,
                               details=details, location=feeds.session_location(session, event))
    return redirect(getattr(links, service), code=303)


@bp.app_template_filter("webcal")
def webcal_filter(url: str) -> str:
    return webcal_url(url)


@bp.app_template_global("agenda_feed_url")
def agenda_feed_url(registration: Registration, language: str | None = None) -> str:
    """The personal feed's full URL, for the self-service page and the confirmation mail
    (``|webcal`` gives the subscription link); in the registrant's language unless told."""
    language = language or registration.person.preferred_language or current_language()
    return external_url("calendar.agenda_feed", token=registration.calendar_token, lang=language)


@bp.app_template_global("programme_tracks")
def programme_tracks(days: list) -> list[Track]:
    """The tracks of a programme's sessions (``ProgrammeDay`` list), in order of first appearance."""
    tracks: dict[int, Track] = {}
    for day in days:
        for session in day.sessions:
            if session.track is not None:
                tracks.setdefault(session.track.id, session.track)
    return list(tracks.values())


def _event(kind: str, slug: str) -> Event:
    event = get_public_event_or_404(KINDS_BY_URL[kind], slug)
    if archived_long_ago(event):
        abort(410)
    return event


def _context() -> feeds.FeedContext:
    return feeds.FeedContext(host=public_host(), language=current_language(),
                             page_url=_page_url)


def _page_url(event: Event, session: Session | None) -> str:
    """The session on the programme page (or the event page), in the feed's language."""
    if session is None:
        return external_url(f"{event.kind.url_prefix}.event_page", slug=event.slug, lang=current_language())
    return external_url(f"{event.kind.url_prefix}.programme", slug=event.slug, lang=current_language(),
                        _anchor=f"session-{session.id}")


def _feed_response(calendar, filename: str, owners: list, sessions: list[Session],
                   also_modified: list | None = None) -> ResponseReturnValue:
    attachment = request.args.get("download") in {"1", "true", "yes"}
    return ics_response(calendar, filename, modified=_modified(owners, sessions) + (also_modified or []),
                        attachment=attachment)


def _modified(owners: list, sessions: list[Session]) -> list:
    """Every known modification time of what the feed shows: its owners (event, series, registration), the
    sessions with their rooms, tracks, speakers and collectivités, and the latest change to any session,
    room or track of the feed's events, hidden ones included (a session hidden since leaves the feed: its
    change must still move Last-Modified, or a client asking If-Modified-Since would keep it for ever)."""
    people = [speaker.person for session in sessions for speaker in session.speakers]
    collectivites = [person.collectivite for person in people if person.collectivite is not None]
    places = [item for session in sessions for item in (session.room, session.track) if item is not None]
    event_ids = {owner.id for owner in owners if isinstance(owner, Event)}
    return [item.updated_at for item in [*owners, *sessions, *people, *collectivites, *places]] \
        + [queries.programme_changed_at(event_ids)]
