"""iCalendar feeds (RFC 5545) built from already-loaded events and sessions; no SQL here.

- One VEVENT per visible session: ``UID`` ``session-<id>@<host>`` (stable across edits),
  ``SEQUENCE`` from ``Session.sequence``, ``DTSTAMP`` and ``LAST-MODIFIED`` from the latest
  ``updated_at`` of the session, its room and its track (so the same data gives the same bytes, and a
  stable ETag; a renamed room is a modified entry),
  ``STATUS`` CONFIRMED or CANCELLED (a cancelled session stays, its summary says so).
- An event without a visible session (a chronicle, a programme not yet published) is one
  VEVENT ``event-<id>@<host>`` with the event's own dates.
- Times are written in the event's zone (``TZID=<IANA name>``) with a VTIMEZONE covering
  them (see ``app.calendar.vtimezone``); a wall-clock time that occurs twice (the night the
  clocks go back) is written in UTC instead, which no client can misread.
- Join links only go into personal feeds (``Personal.join_links``), never into public ones, and never
  for a session the registrant is on the waiting list of.
- A feed with no entry still holds one component, the VTIMEZONE of its zone (RFC 5545 needs one).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from icalendar import Calendar, Conference, Timezone, vDuration, vText
from icalendar import Event as VEvent

from app.calendar.extra import AgendaEntry
from app.calendar.vtimezone import vtimezone
from app.core.i18n import localized
from app.core.labels import label
from app.events.models import Event
from app.people.models import Person
from app.programme.models import Session
from app.registration.agenda import PersonalAgenda
from app.registration.models import ChoiceStatus, RegistrationStatus

PRODID = "-//Cites Unies France//Rencontres//EN"
REFRESH = timedelta(hours=1)
DEFAULT_ZONE = "Europe/Paris"

PageUrl = Callable[[Event, "Session | None"], str]


@dataclass(frozen=True)
class FeedContext:
    """What every feed needs besides the data: the UID host, the language, and page links."""

    host: str
    language: str
    page_url: PageUrl


@dataclass(frozen=True)
class Personal:
    """A registrant's own view: their choices, and the join links (only if they may see them)."""

    choices: Mapping[int, ChoiceStatus] = field(default_factory=dict)
    join_links: bool = False


def new_calendar(name: str, tzid: str) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("NAME", vText(name))
    calendar.add("X-WR-CALNAME", vText(name))
    calendar.add("X-WR-TIMEZONE", vText(tzid))
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    return calendar


def build_feed(name: str, events: Sequence[Event], sessions: Sequence[Session], context: FeedContext,
               *, bare_events: Sequence[Event] = (), personal: Personal | None = None,
               extra: Sequence[AgendaEntry] = ()) -> Calendar:
    """A calendar with one VEVENT per session (and per event of ``bare_events``, per ``extra`` entry), in time
    order."""
    by_id = {event.id: event for event in events}
    entries = [(session.starts_at, session.id, session_vevent(session, by_id[session.event_id], context, personal))
               for session in sessions]
    entries += [(event.starts_at, -event.id, event_vevent(event, context, personal)) for event in bare_events]
    zone = events[0].zone if events else ZoneInfo(DEFAULT_ZONE)
    entries += [(entry.starts_at, 0, extra_vevent(entry, zone, context)) for entry in extra]
    tzid = events[0].timezone if events else DEFAULT_ZONE
    calendar = new_calendar(name, tzid)
    vevents = [vevent for _start, _key, vevent in sorted(entries, key=lambda entry: entry[:2])]
    components = timezones_for(vevents)
    if not vevents:  # RFC 5545: a calendar has at least one component; the feed's zone is a true one
        instants = [instant for event in events for instant in (event.starts_at, event.ends_at)]
        components = [vtimezone(tzid, min(instants), max(instants))] if instants \
            else [vtimezone(tzid, datetime.now(UTC), datetime.now(UTC))]
    for component in components:
        calendar.add_component(component)
    for vevent in vevents:
        calendar.add_component(vevent)
    return calendar


def agenda_feed(agenda: PersonalAgenda, context: FeedContext, extra: Sequence[AgendaEntry] = ()) -> Calendar:
    """A registrant's personal agenda as a calendar, named after the event in the context's language; join
    links only for a confirmed registration; ``extra``: the entries of ``app.calendar.extra``'s providers."""
    registration = agenda.registration
    event = registration.event
    personal = Personal(choices=agenda.choices, join_links=registration.status == RegistrationStatus.CONFIRMED)
    name = _("%(event)s — my agenda", event=localized(event, "title", context.language))
    return build_feed(name, [event], agenda.sessions, context, personal=personal,
                      bare_events=[] if agenda.sessions or extra else [event], extra=extra)


def timezones_for(vevents: Sequence[VEvent]) -> list[Timezone]:
    """One VTIMEZONE per zone used, covering every time written in it."""
    spans: dict[str, list[datetime]] = {}
    for vevent in vevents:
        for name in ("DTSTART", "DTEND"):
            value = vevent.decoded(name)
            if isinstance(value.tzinfo, ZoneInfo):
                spans.setdefault(value.tzinfo.key, []).append(value)
    return [vtimezone(tzid, min(instants), max(instants)) for tzid, instants in sorted(spans.items())]


def session_modified(session: Session) -> datetime:
    """The latest change to what a session's entry shows: the session, its room, its track."""
    return max(item.updated_at for item in (session, session.room, session.track)
               if item is not None and item.updated_at is not None)


def session_vevent(session: Session, event: Event, context: FeedContext, personal: Personal | None = None) -> VEvent:
    waitlisted = personal is not None and personal.choices.get(session.id) == ChoiceStatus.WAITLISTED
    join_url = join_link(session, event) if personal and personal.join_links and not waitlisted else None
    vevent = _vevent(f"session-{session.id}@{context.host}", session_modified(session), session.sequence or 0)
    _add_times(vevent, session.starts_at, session.ends_at, event.zone)
    title = localized(session, "title", context.language)
    vevent.add("SUMMARY", _("Cancelled: %(title)s", title=title) if session.is_cancelled else title)
    vevent.add("STATUS", _session_status(session, personal))
    vevent.add("LOCATION", join_url if join_url and event.is_online else session_location(session, event))
    vevent.add("DESCRIPTION", _with_join_link(session_description(session, context.language), join_url))
    vevent.add("CATEGORIES", [label(session.type)] + ([localized(session.track, "name", context.language)]
                                                      if session.track else []))
    vevent.add("URL", context.page_url(event, session))
    if join_url:
        vevent.conferences = [Conference(join_url, feature=["VIDEO"], label=_("Join online"))]
    return vevent


def event_vevent(event: Event, context: FeedContext, personal: Personal | None = None) -> VEvent:
    """An event as one entry, for events without (visible) sessions."""
    join_url = join_link(None, event) if personal and personal.join_links else None
    vevent = _vevent(f"event-{event.id}@{context.host}", event.updated_at, event.sequence or 0)
    _add_times(vevent, event.starts_at, event.ends_at, event.zone)
    vevent.add("SUMMARY", localized(event, "title", context.language))
    vevent.add("STATUS", "CONFIRMED")
    vevent.add("LOCATION", join_url if join_url and event.is_online else event_location(event))
    text = "\n\n".join(part for part in (localized(event, "theme", context.language),
                                         localized(event, "description", context.language)) if part)
    vevent.add("DESCRIPTION", _with_join_link(text, join_url))
    vevent.add("URL", context.page_url(event, None))
    if join_url:
        vevent.conferences = [Conference(join_url, feature=["VIDEO"], label=_("Join online"))]
    return vevent


def extra_vevent(entry: AgendaEntry, zone: ZoneInfo, context: FeedContext) -> VEvent:
    vevent = _vevent(f"{entry.uid}@{context.host}", entry.modified, entry.sequence)
    _add_times(vevent, entry.starts_at, entry.ends_at, zone)
    vevent.add("SUMMARY", entry.summary)
    vevent.add("STATUS", "CONFIRMED")
    vevent.add("LOCATION", entry.location)
    vevent.add("DESCRIPTION", entry.description)
    return vevent


def _vevent(uid: str, modified: datetime, sequence: int) -> VEvent:
    vevent = VEvent()
    vevent.add("UID", uid)
    vevent.add("DTSTAMP", modified.astimezone(UTC))
    vevent.add("LAST-MODIFIED", modified.astimezone(UTC))
    vevent.add("SEQUENCE", sequence)
    return vevent


def _add_times(vevent: VEvent, starts_at: datetime, ends_at: datetime, zone: ZoneInfo) -> None:
    vevent.add("DTSTART", calendar_time(starts_at, zone))
    vevent.add("DTEND", calendar_time(ends_at, zone))


def calendar_time(instant: datetime, zone: ZoneInfo) -> datetime:
    """The instant in ``zone``, or in UTC when its wall-clock time is ambiguous there."""
    local = instant.astimezone(zone)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return instant.astimezone(UTC)
    return local


def _session_status(session: Session, personal: Personal | None) -> str:
    if session.is_cancelled:
        return "CANCELLED"
    if personal and personal.choices.get(session.id) == ChoiceStatus.WAITLISTED:
        return "TENTATIVE"
    return "CONFIRMED"


def join_link(session: Session | None, event: Event) -> str | None:
    """The session's own join link, else the event's for an online event."""
    if session is not None and session.online_url:
        return session.online_url
    return event.online_url if event.is_online else None


def _with_join_link(text: str, join_url: str | None) -> str:
    if not join_url:
        return text
    line = _("Join online: %(url)s", url=join_url)
    return f"{line}\n\n{text}" if text else line


def event_location(event: Event) -> str:
    if event.is_online:
        return _("Online")
    return ", ".join(part for part in (event.venue_name, event.venue_address, event.venue_city) if part)


def session_location(session: Session, event: Event) -> str:
    place = event_location(event)
    if session.room is None:
        return place
    return ", ".join(part for part in (session.room.name, place) if part)


def session_description(session: Session, language: str) -> str:
    """Type (and track), description, speakers with function and collectivité, languages."""
    heading = " · ".join([label(session.type)] + ([localized(session.track, "name", language)] if session.track else []))
    parts = [heading, localized(session, "description", language)]
    parts.append("\n".join(_("%(role)s: %(person)s", role=label(speaker.role), person=person_line(speaker.person))
                           for speaker in session.speakers))
    if session.languages:
        spoken = _("Languages: %(codes)s", codes=", ".join(session.languages).upper())
        if session.interpretation:
            spoken += " · " + _("Interpretation: %(codes)s", codes=", ".join(session.interpretation).upper())
        parts.append(spoken)
    return "\n\n".join(part for part in parts if part)


def person_line(person: Person) -> str:
    """E.g. "Mme Nguyễn Thị Lan (Nguyen Thi Lan), Vice-présidente, Ville de Huế"."""
    name = f"{person.honorific} {person.name}" if person.honorific else person.name
    if person.has_distinct_latin_name:
        name += f" ({person.name_latin})"
    details = [person.function, person.collectivite.display_name if person.collectivite else None]
    return ", ".join([name] + [detail for detail in details if detail])
