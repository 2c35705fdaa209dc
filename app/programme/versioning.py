"""What of the programme bumps ``Event.version`` (app/events/version.py): sessions, rooms, tracks, speakers,
and the people shown as speakers (names, functions, collectivités, protocol ranks)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session as OrmSession

from app.events.version import event_id_of, register_version_source
from app.people.models import Collectivite, Person, ProtocolRank
from app.programme.models import Room, Session, SessionSpeaker, Track

# What the public pages show of a person, a collectivité, a rank (e-mail, phone… are not shown).
PERSON_FIELDS = ("given_name", "family_name", "given_name_latin", "family_name_latin", "honorific", "function",
                 "country", "collectivite_id", "collectivite", "protocol_rank_id", "protocol_rank")
COLLECTIVITE_FIELDS = ("name", "name_latin", "country")
RANK_FIELDS = ("precedence", "name_fr", "name_en")


def _of_speaker(orm_session: OrmSession, speaker: SessionSpeaker) -> Any:
    if speaker.session is not None:
        return event_id_of(speaker.session)
    return sa.select(Session.event_id).where(Session.id == speaker.session_id)


def _events_speaking(condition: Any) -> sa.Select:
    return (sa.select(Session.event_id).distinct().join(SessionSpeaker, SessionSpeaker.session_id == Session.id)
            .join(Person, Person.id == SessionSpeaker.person_id).where(condition))


def _of_person(orm_session: OrmSession, person: Person) -> Any:
    return None if person.id is None else _events_speaking(Person.id == person.id)


def _of_collectivite(orm_session: OrmSession, collectivite: Collectivite) -> Any:
    return None if collectivite.id is None else _events_speaking(Person.collectivite_id == collectivite.id)


def _of_rank(orm_session: OrmSession, rank: ProtocolRank) -> Any:
    return None if rank.id is None else _events_speaking(Person.protocol_rank_id == rank.id)


def _of_row(orm_session: OrmSession, obj: Any) -> Any:
    return event_id_of(obj)


register_version_source(Session, _of_row)
register_version_source(Room, _of_row)
register_version_source(Track, _of_row)
register_version_source(SessionSpeaker, _of_speaker)
register_version_source(Person, _of_person, PERSON_FIELDS)
register_version_source(Collectivite, _of_collectivite, COLLECTIVITE_FIELDS)
register_version_source(ProtocolRank, _of_rank, RANK_FIELDS)
