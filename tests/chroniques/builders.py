"""A small series of chronicles for the Chroniques tests: two held, two to come, one member collectivité."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.core.extensions import db
from app.events.models import Event, EventKind, EventSeries, EventStatus
from app.people.models import Collectivite
from app.programme.models import SessionType, SpeakerRole
from tests.factories import add_speaker, make_collectivite, make_event, make_person, make_session

JOIN_URL = "https://visio.example.org/secret-room-4242"


@dataclass
class Series:
    series: EventSeries
    past: list[Event]
    upcoming: list[Event]
    member: Collectivite
    outsider: Collectivite


def make_chronicle(series: EventSeries, starts_at: datetime, title: str, **fields) -> Event:
    event = make_event(kind=EventKind.CHRONIQUE, series_id=series.id, slug=fields.pop("slug", None) or
                       f"chronique-{starts_at:%Y%m%d}", title_fr=f"Chronique : {title}", title_en=f"Chronicle: {title}",
                       theme_fr=f"Thème {title}", description_fr=f"Résumé de {title}", starts_at=starts_at,
                       ends_at=starts_at + timedelta(hours=1), is_online=True, online_url=JOIN_URL,
                       venue_name=None, venue_city=None, venue_country=None,
                       status=fields.pop("status", EventStatus.REGISTRATION_OPEN), **fields)
    session = make_session(event, type=SessionType.ROUND_TABLE, title_fr=title, title_en=title, starts_at=starts_at,
                           ends_at=starts_at + timedelta(hours=1), online_url=JOIN_URL + "-session")
    add_speaker(session, make_person(given_name="Hélène", family_name=f"Experte {title}", function="Chercheuse"),
                SpeakerRole.SPEAKER)
    return event


def build_series(now: datetime | None = None) -> Series:
    now = now or datetime.now(UTC)
    series = EventSeries(slug="chroniques-test", kind=EventKind.CHRONIQUE, title_fr="Chroniques test",
                         title_en="Test chronicles", year=now.year)
    db.session.add(series)
    db.session.flush()
    past = [make_chronicle(series, now - timedelta(days=60), "Ukraine", status=EventStatus.ARCHIVED),
            make_chronicle(series, now - timedelta(days=30), "Brésil", status=EventStatus.ARCHIVED)]
    upcoming = [make_chronicle(series, now + timedelta(days=10), "Japon"),
                make_chronicle(series, now + timedelta(days=40), "Détroits")]
    member = make_collectivite(name="Lyon", cuf_member=True)
    for email in KNOWN_MEMBERS:  # people the network knows as members (their collectivité is on record)
        make_person(email=email, given_name="Marie", family_name="Dupont", collectivite_id=member.id)
    return Series(series, past, upcoming, member, make_collectivite(name="Villeneuve", cuf_member=False))


KNOWN_MEMBERS = ("m@lyon.fr", "marie.dupont@lyon.fr", "wait@lyon.fr", "member@lyon.fr")


def form_data(email: str, collectivite_id: int, **fields) -> dict:
    return {"given_name": "Marie", "family_name": "Dupont", "country": "FR", "email": email,
            "collectivite_id": str(collectivite_id), "language": "fr", "consent": "y", **fields}
