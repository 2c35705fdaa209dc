"""``load_demo()``: the demo data of Cités Unies France's 2023 activity report, loaded idempotently.

Every row is found or created by its natural key (event slug, collectivité name and country,
person e-mail, session event + title + start…), one table at a time, and nothing existing is
ever modified: loading twice gives the same database. Everything generated comes from fixed
seeds. This is the top-level command: it commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.auth.models import Role
from app.checkin.models import CheckIn
from app.core.extensions import db
from app.demo import certificates as demo_certificates
from app.demo import chroniques as demo_chroniques
from app.demo import meetings as demo_meetings
from app.demo import meetings_schedule as demo_meetings_schedule
from app.demo import messages as demo_messages
from app.demo import survey as demo_survey
from app.demo import syntheses as demo_syntheses
from app.demo.checkins import DeskDay, plan_check_ins
from app.demo.choices import CHOOSABLE, Chooser, Slot, plan_choices
from app.demo.collectivites import COLLECTIVITES
from app.demo.communications import ensure_communications
from app.demo.data import CHRONIQUES, CUF, EVENTS, ONLINE_URL, PARIS, RAICT_2023, SERIES, chronique_slug
from app.demo.logins import ensure_staff_logins, logins_path
from app.demo.mail import ensure_mail_suppressions
from app.demo.people import Directory
from app.demo.programmes import PROGRAMMES
from app.demo.protocol import assign_demo_protocol_ranks
from app.demo.rosters import build_rosters
from app.demo.specs import PersonRef, Programme, Roster, SessionSpec
from app.demo.store import Store, natural_key
from app.events.models import Event, EventKind, EventSeries, EventStatus
from app.people.models import Collectivite, Person
from app.programme.models import Room, Session, SessionSpeaker, Track
from app.registration.models import Delegation, Registration, RegistrationStatus, SessionChoice

CHOOSING_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING)
SERIES_SLUG = SERIES[0]["slug"]


@dataclass(frozen=True)
class PlacedSession:
    spec: SessionSpec
    id: int
    starts_at: datetime
    ends_at: datetime


def load_demo() -> str:
    """Load (or complete) the demo data, commit, and return a short summary with the staff logins."""
    directory = Directory()
    rosters = build_rosters(directory)
    store = Store()
    event_ids = ensure_events(store)
    person_ids = ensure_people(store, directory)
    sessions = {programme.event: ensure_programme(store, programme, event_ids[programme.event], person_ids)
                for programme in PROGRAMMES}
    registration_ids = ensure_registrations(store, rosters, event_ids, person_ids)
    demo_chroniques.ensure_access_requests(store, directory, event_ids, person_ids, chronique_starts())
    ensure_choices(store, rosters, sessions, registration_ids, directory)
    ensure_check_ins(store, rosters, event_ids, registration_ids)
    demo_certificates.ensure_certificates()  # the RAICT 2023's signer and attendance certificates
    demo_meetings.ensure_meetings()
    demo_meetings_schedule.ensure_schedule()
    assign_demo_protocol_ranks()
    ensure_mail_suppressions()
    ensure_communications()
    demo_messages.ensure_messages()  # the RAICT 2027's reminders and a message sent
    demo_survey.ensure_survey_answers()  # the ended RAICT 2023's survey, answered
    demo_syntheses.ensure_syntheses()  # the ended RAICT 2023's published syntheses
    logins = ensure_staff_logins()
    db.session.commit()
    return summary(store, logins)


def local_time(text: str, zone: str) -> datetime:
    """A "YYYY-MM-DD HH:MM" wall-clock time in ``zone``, as an aware datetime."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(zone))


# --- events -------------------------------------------------------------------------------

EVENT_ZONES = {spec["slug"]: spec["timezone"] for spec in EVENTS} | {
    chronique_slug(chronique): PARIS for chronique in CHRONIQUES}


def ensure_events(store: Store) -> dict[str, int]:
    series_ids = store.ensure(EventSeries, ("slug",), SERIES)
    series_id = series_ids[(SERIES_SLUG,)]
    rows = [event_row(spec, series_ids) for spec in EVENTS] + [chronique_row(chronique, series_id)
                                                              for chronique in CHRONIQUES]
    return {slug: event_id for (slug,), event_id in store.ensure(Event, ("slug",), rows).items()}


def event_row(spec: dict, series_ids: dict | None = None) -> dict:
    row = {name: value for name, value in spec.items() if name not in ("starts", "ends", "series")}
    if spec.get("series") and series_ids is not None:
        row["series_id"] = series_ids[(spec["series"],)]
    row["starts_at"] = local_time(spec["starts"], spec["timezone"])
    row["ends_at"] = local_time(spec["ends"], spec["timezone"])
    return row


def chronique_row(chronique, series_id: int) -> dict:
    day = f"2023-{chronique.month:02d}-{chronique.day:02d}"
    return dict(
        slug=chronique_slug(chronique), kind=EventKind.CHRONIQUE, series_id=series_id, status=EventStatus.ARCHIVED,
        title_fr=f"Chronique géopolitique : {chronique.title_fr}",
        title_en=f"Geopolitical chronicle: {chronique.title_en}",
        theme_fr=chronique.title_fr, theme_en=chronique.title_en,
        description_fr=chronique.description_fr, description_en=chronique.description_en,
        starts_at=local_time(f"{day} 12:30", PARIS), ends_at=local_time(f"{day} 13:30", PARIS), timezone=PARIS,
        is_online=True, online_url=ONLINE_URL.format(month=chronique.month),
        venue_name="En ligne (visioconférence)", co_organisers=CUF, **demo_chroniques.summary(chronique))


def chronique_starts() -> dict[str, datetime]:
    """Chronicle slug → start (UTC)."""
    return {chronique_slug(chronique): local_time(f"2023-{chronique.month:02d}-{chronique.day:02d} 12:30", PARIS)
            for chronique in CHRONIQUES}


# --- people ---------------------------------------------------------------------------------

def ensure_people(store: Store, directory: Directory) -> dict[PersonRef, int]:
    """Create the collectivités and the people; return person id by reference."""
    collectivite_ids = store.ensure(Collectivite, ("name", "country"), [vars(spec) for spec in COLLECTIVITES])
    rows = []
    for spec in directory.people.values():
        row = {name: value for name, value in vars(spec).items() if name not in ("collectivite", "role")}
        row["collectivite_id"] = collectivite_ids[spec.collectivite] if spec.collectivite else None
        rows.append(row)
    ids = store.ensure(Person, ("email",), rows)
    return {ref: ids[(spec.email,)] for ref, spec in directory.people.items()}


# --- programmes -----------------------------------------------------------------------------

def ensure_programme(store: Store, programme: Programme, event_id: int,
                     person_ids: dict[PersonRef, int]) -> list[PlacedSession]:
    zone = EVENT_ZONES[programme.event]
    rooms = store.ensure(Room, ("event_id", "name"), [
        dict(event_id=event_id, name=name, capacity=capacity, position=position)
        for position, (name, capacity) in enumerate(programme.rooms)])
    tracks = store.ensure(Track, ("event_id", "slug"), [
        dict(event_id=event_id, slug=slug, kind=kind, name_fr=name_fr, name_en=name_en)
        for slug, kind, name_fr, name_en in programme.tracks])
    rows = [session_row(spec, event_id, zone, rooms, tracks) for spec in programme.sessions]
    ids = store.ensure(Session, ("event_id", "title_fr", "starts_at"), rows)
    placed = [PlacedSession(spec, ids[natural_key((event_id, row["title_fr"], row["starts_at"]))], row["starts_at"],
                            row["ends_at"]) for spec, row in zip(programme.sessions, rows, strict=True)]
    store.ensure(SessionSpeaker, ("session_id", "person_id", "role"), [
        dict(session_id=session.id, person_id=person_ids[ref], role=role, position=position)
        for session in placed for position, (role, ref) in enumerate(session.spec.speakers)])
    return placed


def session_row(spec: SessionSpec, event_id: int, zone: str, rooms: dict, tracks: dict) -> dict:
    return dict(
        event_id=event_id, type=spec.type, title_fr=spec.title_fr, title_en=spec.title_en,
        description_fr=spec.description_fr, description_en=spec.description_en,
        starts_at=local_time(spec.when[0], zone), ends_at=local_time(spec.when[1], zone),
        room_id=rooms[(event_id, spec.room)] if spec.room else None,
        track_id=tracks[(event_id, spec.track)] if spec.track else None,
        capacity=spec.capacity, languages=list(spec.languages), interpretation=list(spec.interpretation),
        online_url=spec.online_url)


# --- registrations ----------------------------------------------------------------------------

def ensure_registrations(store: Store, rosters: list[Roster], event_ids: dict[str, int],
                         person_ids: dict[PersonRef, int]) -> dict[tuple[str, PersonRef], int]:
    """Create delegations and registrations; return registration id by (event slug, person reference)."""
    delegation_ids = store.ensure(Delegation, ("event_id", "name"), [
        dict(event_id=event_ids[roster.event], name=name, country=country, side=side, head_person_id=person_ids[head])
        for roster in rosters for name, country, side, head in roster.delegations])
    rows = []
    starts = chronique_starts()
    for roster in rosters:
        event_id = event_ids[roster.event]
        for registrant in roster.registrants:
            delegation_id = delegation_ids[(event_id, registrant.delegation)] if registrant.delegation else None
            rows.append(dict(event_id=event_id, person_id=person_ids[registrant.person], category=registrant.category,
                             status=registrant.status, delegation_id=delegation_id,
                             **demo_chroniques.attendance(roster.event, registrant.person, registrant.status,
                                                          starts.get(roster.event))))
    ids = store.ensure(Registration, ("event_id", "person_id"), rows)
    return {(roster.event, registrant.person): ids[(event_ids[roster.event], person_ids[registrant.person])]
            for roster in rosters for registrant in roster.registrants}


def ensure_choices(store: Store, rosters: list[Roster], sessions: dict[str, list[PlacedSession]],
                   registration_ids: dict[tuple[str, PersonRef], int], directory: Directory) -> None:
    rows = []
    for roster in rosters:
        placed = [session for session in sessions[roster.event] if session.spec.type in CHOOSABLE]
        slots = [Slot(session.id, session.starts_at, session.ends_at, session.spec.capacity, session.spec.countries)
                 for session in placed]
        choosers = [Chooser(registration_ids[(roster.event, registrant.person)],
                            directory.person(registrant.person).country, speaking_at(registrant.person, placed))
                    for registrant in roster.registrants if registrant.status in CHOOSING_STATUSES]
        rows += [dict(registration_id=registration_id, session_id=session_id, status=status)
                 for registration_id, session_id, status in plan_choices(roster.event, slots, choosers)]
    store.ensure_links(SessionChoice, ("registration_id", "session_id"), rows)


def speaking_at(ref: PersonRef, placed: list[PlacedSession]) -> frozenset[int]:
    return frozenset(session.id for session in placed if any(other == ref for _, other in session.spec.speakers))


def ensure_check_ins(store: Store, rosters: list[Roster], event_ids: dict[str, int],
                     registration_ids: dict[tuple[str, PersonRef], int]) -> None:
    """Desk check-ins of the past (archived) in-person events, straight into the table (UNIQUE registration + day)."""
    past = {spec["slug"]: spec for spec in EVENTS if spec["status"] == EventStatus.ARCHIVED and not spec.get("is_online")}
    rows = []
    for roster in rosters:
        spec = past.get(roster.event)
        if spec is None:
            continue
        row = event_row(spec)
        first, last = row["starts_at"].date(), row["ends_at"].date()
        desk = DeskDay(event_ids[roster.event], spec["timezone"],
                       tuple(date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)))
        confirmed = [registration_ids[(roster.event, registrant.person)] for registrant in roster.registrants
                     if registrant.status == RegistrationStatus.CONFIRMED]
        rows += plan_check_ins(roster.event, desk, confirmed)
    store.ensure(CheckIn, ("registration_id", "day"), rows)


# --- summary ------------------------------------------------------------------------------------

def raict_2023_figures() -> dict[str, int]:
    """The report's figures, as the database now has them (computed as the organisers' figures page does)."""
    from app.reports.figures import compute_figures, event_scope

    scope = event_scope(RAICT_2023)
    assert scope is not None, "the demo's RAICT 2023 is loaded first"
    figures = compute_figures(scope)
    return {"participants": figures.participants, "countries": figures.countries, "checked_in": figures.checked_in,
            "french_collectivites": figures.french_collectivites, "conferences": figures.conferences}


def count_rows(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def summary(store: Store, logins: list[tuple[str, Role, str]]) -> str:
    created = sum(store.created.values())
    details = ", ".join(f"{table} {number}" for table, number in store.created.items() if number)
    figures = raict_2023_figures()
    lines = [
        "Demo data from Cités Unies France's 2023 activity report: "
        + (f"{created} rows created ({details})." if created else "already complete, nothing created."),
        f"  {count_rows(Event)} events, {count_rows(Collectivite)} collectivités, {count_rows(Person)} people, "
        f"{count_rows(Registration)} registrations, {count_rows(SessionChoice)} workshop choices.",
        f"  RAICT 2023: {figures['participants']} confirmed participants, from France and {figures['countries']} other "
        f"countries ({figures['checked_in']} checked in); {figures['french_collectivites']} French collectivités; "
        f"{figures['conferences']} conferences.",
        "",
        "Staff logins (log in at /login):",
        *(f"  {email}  {role.value}  {password}" for email, role, password in logins),
    ]
    if logins_path().exists():
        lines.append(f"The demo accounts' passwords are kept in {logins_path()}.")
    return "\n".join(lines)
