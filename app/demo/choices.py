"""Which workshops each registrant chooses: 1 to 3 sessions that do not overlap in time.

Speakers choose their own sessions first. People prefer the sessions of their part of the
world and sessions with seats left; once a session is full, further choices are waitlisted.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from app.demo.data import SEED
from app.programme.models import SessionType
from app.registration.models import ChoiceStatus

CHOOSABLE = frozenset({SessionType.WORKSHOP, SessionType.GEOGRAPHIC_GROUP, SessionType.MICRO_WORKSHOP,
                       SessionType.ROUND_TABLE})
MAX_CHOICES = 3
AFFINITY_WEIGHT = 6.0
FULL_WEIGHT = 0.05


@dataclass(frozen=True)
class Slot:
    session_id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int | None
    countries: tuple[str, ...]

    def overlaps(self, other: Slot) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


@dataclass(frozen=True)
class Chooser:
    registration_id: int
    country: str
    own_sessions: frozenset[int]  # sessions they speak at


def plan_choices(event: str, slots: list[Slot], choosers: list[Chooser]) -> list[tuple[int, int, ChoiceStatus]]:
    """(registration id, session id, status) for every choice, in a fixed order."""
    if not slots:
        return []
    rng = random.Random(f"{SEED}/choices/{event}")
    taken: Counter[int] = Counter()
    choices = []
    for chooser in choosers:
        for slot in _sessions_for(chooser, slots, taken, rng):
            full = slot.capacity is not None and taken[slot.session_id] >= slot.capacity
            taken[slot.session_id] += 1
            status = ChoiceStatus.WAITLISTED if full else ChoiceStatus.CONFIRMED
            choices.append((chooser.registration_id, slot.session_id, status))
    return choices


def _sessions_for(chooser: Chooser, slots: list[Slot], taken: Counter[int], rng: random.Random) -> list[Slot]:
    chosen = [slot for slot in slots if slot.session_id in chooser.own_sessions][:MAX_CHOICES]
    wanted = max(len(chosen), rng.randint(1, MAX_CHOICES))
    while len(chosen) < wanted:
        free = [slot for slot in slots if not any(slot.overlaps(other) for other in chosen)]
        if not free:
            break
        weights = [_weight(slot, chooser, taken) for slot in free]
        chosen.append(rng.choices(free, weights)[0])
    return chosen


def _weight(slot: Slot, chooser: Chooser, taken: Counter[int]) -> float:
    weight = AFFINITY_WEIGHT if chooser.country in slot.countries else 1.0
    if slot.capacity is not None and taken[slot.session_id] >= slot.capacity:
        weight *= FULL_WEIGHT
    return weight
