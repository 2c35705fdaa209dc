"""Builders of the syntheses' tests: an event with sessions, speakers in several scripts and a rapporteur."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from app.events.models import Event
from app.programme.models import Session
from app.registration.models import Registration
from tests.badges.helpers import person_in, registration_in
from tests.factories import add_speaker, make_event, make_room, make_session


@dataclass
class Built:
    event: Event
    sessions: list[Session]
    rapporteur: Registration


SPEAKER_SCRIPTS = ("vietnamese", "han_simplified", "arabic", "cyrillic", "greek", "hangul")


def build_event(**fields) -> Built:
    event = make_event(**fields)
    room = make_room(event, name="Salle Jean Jaurès")
    sessions = []
    for index, script in enumerate(SPEAKER_SCRIPTS):
        session = make_session(event, starts_at=event.starts_at + timedelta(hours=index + 1), room=room,
                               title_fr=f"Atelier {index + 1} : coopération", title_en=f"Workshop {index + 1}: cooperation")
        add_speaker(session, person_in(script, function="Maire"))
        sessions.append(session)
    rapporteur = registration_in(event, "vietnamese")
    return Built(event, sessions, rapporteur)


def link_from(text: str) -> str:
    """The path of the rapporteur's link in a mail."""
    found = re.search(r"https?://[^/\s]+(/syntheses/[A-Za-z0-9_-]+)", text)
    assert found, text
    return found.group(1)
