"""Who was welcomed at the desk of the demo's past in-person events, and on which days.

A few confirmed people never come; the others come on the first day more often than on the
following ones, as at a real congress. Fixed seeds: every run plans the same check-ins.
Nothing here touches the database.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.demo.data import SEED

NO_SHOW = 0.07  # share of confirmed people who never come
FIRST_DAY = 0.9  # chance that someone who comes is there on the first day
OTHER_DAYS = 0.75  # … and on each following day
DESKS = ("A", "B", "C")
OPENING = time(8, 0)  # the desk opens; arrivals spread over the next two and a half hours


@dataclass(frozen=True)
class DeskDay:
    event_id: int
    zone: str
    days: tuple[date, ...]


def plan_check_ins(slug: str, desk: DeskDay, registration_ids: list[int]) -> list[dict]:
    """CheckIn rows for these confirmed registrations: at most one per registration and day."""
    rng = random.Random(f"{SEED}/check-in/{slug}")
    zone = ZoneInfo(desk.zone)
    rows = []
    for registration_id in registration_ids:
        if rng.random() < NO_SHOW:
            continue
        days = [day for index, day in enumerate(desk.days) if rng.random() < (FIRST_DAY if index == 0 else OTHER_DAYS)]
        for day in days or [rng.choice(desk.days)]:
            arrival = datetime.combine(day, OPENING, tzinfo=zone) + timedelta(minutes=rng.randrange(150))
            rows.append(dict(event_id=desk.event_id, registration_id=registration_id, day=day, checked_in_at=arrival,
                             recorded_at=arrival, desk=rng.choice(DESKS), badge_version=1))
    return rows
