"""A small programme with everything a feed shows: rooms, tracks, speakers in several scripts,
a cancelled and a hidden session, an online session, and a registrant with choices."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.events.models import Event, EventKind
from app.people.models import Person
from app.programme.models import Session, SessionStatus, SessionType, SpeakerRole, Track
from app.registration.models import ChoiceStatus, Registration, SessionChoice
from tests.factories import (
    add_speaker,
    make_collectivite,
    make_event,
    make_person,
    make_registration,
    make_room,
    make_session,
    make_track,
)

PARIS = ZoneInfo("Europe/Paris")
JOIN_URL = "https://visio.example.org/join/workshop-secret-4821"
EVENT_JOIN_URL = "https://visio.example.org/join/chronicle-secret-7310"


@dataclass
class Programme:
    event: Event
    plenary: Session
    workshop: Session  # track "climat", Vietnamese speaker, online join link
    other_workshop: Session
    cancelled: Session
    hidden: Session
    track: Track
    speaker: Person
    registration: Registration


def paris(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 10, day, hour, minute, tzinfo=PARIS)


def build_programme(db, **event_fields) -> Programme:
    """RAICT 2024 in Paris: 23 October (summer time) and 30 October (after the change)."""
    event = make_event(**({"starts_at": paris(23, 9), "ends_at": paris(30, 18)} | event_fields))
    room = make_room(event, name="Amphithéâtre Gaston Berger")
    track = make_track(event, slug="climat", name_fr="Climat", name_en="Climate")
    hue = make_collectivite(name="Thành phố Huế", name_latin="Ville de Huế", country="VN")
    speaker = make_person(given_name="Lan", family_name="Nguyễn Thị", given_name_latin="Lan",
                          family_name_latin="Nguyen Thi", country="VN", honorific="Mme",
                          function="Vice-présidente du comité populaire", collectivite=hue)
    plenary = make_session(event, type=SessionType.PLENARY, title_fr="Plénière d'ouverture",
                           title_en="Opening plenary", starts_at=paris(23, 9, 30), room=room)
    workshop = make_session(event, title_fr="Villes et climat", title_en="Cities and climate",
                            starts_at=paris(30, 9, 30), track=track, online_url=JOIN_URL)
    add_speaker(workshop, speaker, role=SpeakerRole.MODERATOR)
    other = make_session(event, title_fr="Jeunesses et ECSI", title_en="Youth and global citizenship",
                         starts_at=paris(30, 14))
    cancelled = make_session(event, title_fr="Atelier annulé", title_en="Cancelled workshop",
                             starts_at=paris(23, 14), status=SessionStatus.CANCELLED, track=track)
    hidden = make_session(event, title_fr="Réunion interne cachée", title_en="Hidden internal meeting",
                          starts_at=paris(23, 16), is_hidden=True, track=track)
    add_speaker(hidden, speaker)
    registration = make_registration(event)
    db.session.add(SessionChoice(registration=registration, session=workshop, status=ChoiceStatus.CONFIRMED))
    db.session.flush()
    return Programme(event, plenary, workshop, other, cancelled, hidden, track, speaker, registration)


def make_chronicle(series, day: datetime, **fields) -> Event:
    return make_event(kind=EventKind.CHRONIQUE, series=series, starts_at=day, ends_at=day + timedelta(hours=2),
                      is_online=True, online_url=EVENT_JOIN_URL, venue_name=None, venue_city=None, **fields)


def feed_urls(programme: Programme) -> dict[str, str]:
    """Every public feed of the programme's event."""
    base = f"/{programme.event.kind.url_prefix}/{programme.event.slug}"
    return {
        "programme": f"{base}/programme.ics",
        "session": f"{base}/sessions/{programme.workshop.id}.ics",
        "track": f"{base}/tracks/{programme.track.slug}.ics",
        "speaker": f"{base}/speakers/{programme.speaker.id}.ics",
    }


def unfolded(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
