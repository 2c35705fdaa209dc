"""Protocol ranks for the demo's speakers, guessed once from their functions (organisers can change them)."""
from __future__ import annotations

import re

import sqlalchemy as sa

from app.core.extensions import db
from app.core.text import search_key
from app.people.models import Person
from app.people.operations import ensure_default_protocol_ranks
from app.programme.models import SessionSpeaker

# (precedence of a default rank, pattern on the accent-free, lower-case function), first match wins.
RULES = [
    (10, r"\bministre\b|\bminister\b"),
    (20, r"ambassad"),
    (30, r"\bsenat|\bdepute|parlement"),
    (40, r"^president(e)? (de la region|du conseil regional)|gouverneur|governor"),
    (50, r"^president(e)? (du conseil departemental|du departement)"),
    (70, r"adjoint|vice-president|vice president|deputy"),
    (60, r"^maire\b|^mayor\b|^president(e)? (de|du) .*(metropole|communaute|comite populaire|agglomeration)"),
    (80, r"conseill|councillor"),
    (90, r"direct|delegu|chef|head of|secretaire general|responsable|charge(e)? de|membre"),
    (100, r"chercheu|professeu|expert|research"),
]


def rank_for(function: str | None) -> int | None:
    text = search_key(function)
    for precedence, pattern in RULES:
        if re.search(pattern, text):
            return precedence
    return None


def assign_demo_protocol_ranks() -> int:
    """Give each unranked speaker the rank their function suggests; returns how many were ranked."""
    ranks = {rank.precedence: rank.id for rank in ensure_default_protocol_ranks()}
    speakers = db.session.scalars(sa.select(Person).where(
        Person.protocol_rank_id.is_(None), Person.id.in_(sa.select(SessionSpeaker.person_id)))).all()
    ranked = 0
    for person in speakers:
        precedence = rank_for(person.function)
        if precedence in ranks:
            person.protocol_rank_id = ranks[precedence]
            ranked += 1
    db.session.flush()
    return ranked
