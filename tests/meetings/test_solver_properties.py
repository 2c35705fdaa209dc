"""Property tests of the meetings solver (app/meetings/solver.py) on random small instances (Hypothesis).

Whatever the instance: every produced schedule satisfies every constraint (nobody in two places at once, own
sessions respected, a table and an interpreter serve one meeting a slot, interpreters speak the languages and are
available, maxima per person, pinned slots), the upper bound is at least what either backend placed, every
request is placed or has a reason, pinned meetings stay, and rescheduling with no change moves nothing.
"""
from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.meetings.solver import (
    FULL,
    MAX_MEETINGS,
    MUTUAL,
    NO_INTERPRETER,
    NO_INTERPRETER_AVAILABLE,
    NO_PARTICIPANTS,
    NO_TABLES,
    PARTICIPANTS_BUSY,
    PINNED_CONFLICT,
    PROTOCOL,
    REQUEST,
    Instance,
    Interpreter,
    Request,
    Table,
    solve,
    violations,
)

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
LANGUAGES = ("fr", "vi", "en", "ar")
REASONS = {FULL, MAX_MEETINGS, NO_INTERPRETER, NO_INTERPRETER_AVAILABLE, NO_PARTICIPANTS, NO_TABLES,
           PARTICIPANTS_BUSY, PINNED_CONFLICT}


@st.composite
def instances(draw, pins: bool = True) -> Instance:
    slots = draw(st.integers(1, 4))
    people = draw(st.integers(2, 8))
    half = people // 2
    languages = st.frozensets(st.sampled_from(LANGUAGES), max_size=2)
    requests = []
    for number in range(draw(st.integers(0, 10))):
        side_a = tuple(draw(st.lists(st.integers(0, half - 1), min_size=1, max_size=2, unique=True)))
        side_b = tuple(draw(st.lists(st.integers(half, people - 1), min_size=0 if number == 3 else 1, max_size=2,
                                     unique=True)))
        pinned = draw(st.none() | st.integers(0, slots - 1)) if pins else None
        requests.append(Request(number + 1, side_a, side_b, draw(languages), draw(languages),
                                draw(st.sampled_from((PROTOCOL, MUTUAL, REQUEST, REQUEST))), pinned,
                                draw(st.none() | st.integers(1, 3)) if pinned is not None else None))
    tables = tuple(Table(t + 1, f"T{t + 1}") for t in range(draw(st.integers(0, 3))))
    pair = st.frozensets(st.sampled_from(LANGUAGES), min_size=2, max_size=2)
    interpreters = tuple(
        Interpreter(10 + i, draw(st.frozensets(pair, min_size=1, max_size=2)),
                    draw(st.none() | st.frozensets(st.integers(0, slots - 1))))
        for i in range(draw(st.integers(0, 3))))
    busy = {p: draw(st.frozensets(st.integers(0, slots - 1), max_size=slots)) for p in range(people)
            if draw(st.booleans())}
    maximum = draw(st.none() | st.integers(1, 3))
    return Instance(tuple(requests), slots, tables, interpreters, busy, maximum,
                    {0: 1} if draw(st.booleans()) else {})


def check(instance: Instance, backend: str):
    schedule = solve(instance, backend=backend, time_limit=10, workers=2)
    assert violations(instance, schedule.placements) == []
    assert schedule.upper_bound >= schedule.scheduled
    assert set(schedule.placements) | set(schedule.unplaced) == {r.id for r in instance.requests}
    assert not set(schedule.placements) & set(schedule.unplaced)
    assert {item.reason for item in schedule.unplaced.values()} <= REASONS
    return schedule


@SETTINGS
@given(instances())
def test_solver_schedule_satisfies_every_constraint(instance):
    highs = check(instance, "highs")
    cpsat = check(instance, "cpsat")
    # Either backend's schedule is a schedule: the bound holds for both.
    assert highs.upper_bound >= cpsat.scheduled
    if highs.status == cpsat.status == "optimal":
        # The same lexicographic optimum: the same number of pinned, priority and placed meetings.
        def levels(schedule):
            placed = [r for r in instance.requests if r.id in schedule.placements]
            return (sum(1 for r in placed if r.pinned), sum(1 for r in placed if r.kind != REQUEST), len(placed))
        assert levels(highs) == levels(cpsat)


@SETTINGS
@given(instances())
def test_solver_reschedule_without_change_moves_nothing(instance):
    first = solve(instance, time_limit=10)
    again = solve(replace(instance, published=first.placements), time_limit=10)
    assert again.moves == []
    assert again.interpreter_changes == []
    assert {r: (p.slot, p.table) for r, p in again.placements.items() if r in first.placements} == {
        r: (p.slot, p.table) for r, p in first.placements.items()}
    assert violations(instance, again.placements) == []


@st.composite
def consistent_pins(draw) -> Instance:
    """An instance whose pinned meetings can all be honoured (distinct people and tables per slot, people free,
    no interpreter needed), plus other requests competing for the same people, tables and slots."""
    instance = draw(instances(pins=False))
    if not instance.tables:
        instance = replace(instance, tables=(Table(1, "T1"),))
    used_people: set[tuple[int, int]] = set()
    used_tables: set[tuple[int, int]] = set()
    requests = []
    for request in instance.requests:
        slot = draw(st.integers(0, instance.slots - 1))
        table = draw(st.sampled_from([t.id for t in instance.tables]))
        free = request.side_a and request.side_b and not any(
            (p, slot) in used_people or slot in instance.busy.get(p, ()) for p in request.participants)
        if draw(st.booleans()) and free and (table, slot) not in used_tables:
            used_people |= {(p, slot) for p in request.participants}
            used_tables.add((table, slot))
            request = replace(request, pinned_slot=slot, pinned_table=table, languages_b=request.languages_a)
        requests.append(request)
    return replace(instance, requests=tuple(requests), max_meetings=None, max_per_person={})


@SETTINGS
@given(consistent_pins())
def test_solver_pinned_meetings_stay(instance):
    schedule = check(instance, "highs")
    for request in instance.requests:
        if request.pinned:
            assert schedule.placements[request.id].slot == request.pinned_slot
            assert schedule.placements[request.id].table == request.pinned_table
