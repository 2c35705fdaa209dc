"""The meetings solver's rules on hand-made instances: priorities, published meetings kept, pinned first,
interpreters, reasons for what could not be placed, moves reported."""
from __future__ import annotations

from dataclasses import replace

import pytest

from app.meetings.solver import (
    FULL,
    MAX_MEETINGS,
    MUTUAL,
    NO_INTERPRETER,
    NO_INTERPRETER_AVAILABLE,
    NO_PARTICIPANTS,
    PARTICIPANTS_BUSY,
    PROTOCOL,
    Instance,
    Interpreter,
    Move,
    Placement,
    Request,
    Table,
    lp_upper_bound,
    solve,
    violations,
)

BACKENDS = ("highs", "cpsat")
FR_VI = frozenset({frozenset({"fr", "vi"})})


def one_table(*requests: Request, slots: int = 1, **extra) -> Instance:
    return Instance(tuple(requests), slots, (Table(1, "T1", "Salon"),), **extra)


@pytest.mark.parametrize("backend", BACKENDS)
def test_solver_protocol_and_mutual_first(backend):
    instance = one_table(Request(1, (1,), (2,)), Request(2, (3,), (4,), kind=MUTUAL),
                         Request(3, (5,), (6,)), slots=1)
    schedule = solve(instance, backend=backend)
    assert list(schedule.placements) == [2]
    assert schedule.unplaced[1].reason == FULL and schedule.unplaced[3].reason == FULL
    assert schedule.upper_bound == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_solver_published_meeting_kept_before_new_protocol(backend):
    published = {1: Placement(0, 1)}
    instance = one_table(Request(1, (1,), (2,)), Request(2, (3,), (4,), kind=PROTOCOL), published=published)
    schedule = solve(instance, backend=backend)
    assert schedule.placements == {1: Placement(0, 1)}
    assert schedule.moves == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_solver_pinned_beats_published_and_the_move_is_reported(backend):
    instance = one_table(Request(1, (1,), (2,)), Request(2, (3,), (4,), pinned_slot=0, pinned_table=1),
                         published={1: Placement(0, 1)})
    schedule = solve(instance, backend=backend)
    assert schedule.placements == {2: Placement(0, 1)}
    assert schedule.moves == [Move(1, Placement(0, 1), None)]


def test_solver_moves_a_published_meeting_whose_participant_became_busy():
    instance = one_table(Request(1, (1,), (2,)), slots=2, published={1: Placement(0, 1)},
                         busy={2: frozenset({0})})
    schedule = solve(instance)
    assert schedule.placements == {1: Placement(1, 1)}
    assert schedule.moves == [Move(1, Placement(0, 1), Placement(1, 1))]


def test_solver_cancelled_request_is_no_move():
    instance = one_table(Request(2, (3,), (4,)), published={1: Placement(0, 1)})
    assert solve(instance).moves == []


def test_solver_gives_an_interpreter_only_when_no_language_is_shared():
    interpreters = (Interpreter(7, FR_VI, frozenset({1})), Interpreter(8, FR_VI, frozenset({0})))
    instance = Instance((Request(1, (1,), (2,), frozenset({"fr"}), frozenset({"vi"})),
                         Request(2, (3,), (4,), frozenset({"fr", "en"}), frozenset({"en", "vi"}))), 2,
                        (Table(1), Table(2)), interpreters)
    schedule = solve(instance)
    assert schedule.placements[1].interpreter in (7, 8)
    assert schedule.placements[2].interpreter is None
    assert violations(instance, schedule.placements) == []


def test_solver_one_interpreter_serves_one_meeting_a_slot():
    interpreters = (Interpreter(7, FR_VI),)
    fr, vi = frozenset({"fr"}), frozenset({"vi"})
    instance = Instance((Request(1, (1,), (2,), fr, vi), Request(2, (3,), (4,), fr, vi)), 1,
                        (Table(1), Table(2)), interpreters)
    schedule = solve(instance)
    assert schedule.scheduled == 1 and schedule.upper_bound == 1
    (unplaced,) = schedule.unplaced.values()
    assert unplaced.reason == FULL


def test_solver_reasons_for_the_unplaced():
    fr, vi, ar = frozenset({"fr"}), frozenset({"vi"}), frozenset({"ar"})
    instance = Instance(
        (Request(1, (1,), ()),  # a side without anyone
         Request(2, (2,), (3,)),  # 3 is busy all day
         Request(3, (4,), (5,), fr, ar),  # no Arabic interpreter
         Request(4, (6,), (7,), fr, vi),  # the Vietnamese interpreter is away in the only free slot of 6
         Request(5, (8,), (9,)), Request(6, (8,), (10,))),  # 8 may have one meeting only
        2, (Table(1), Table(2), Table(3)), (Interpreter(7, FR_VI, frozenset({0})),),
        busy={3: frozenset({0, 1}), 6: frozenset({0})}, max_per_person={8: 1})
    schedule = solve(instance)
    reasons = {r: item.reason for r, item in schedule.unplaced.items()}
    assert reasons[1] == NO_PARTICIPANTS
    assert reasons[2] == PARTICIPANTS_BUSY
    assert reasons[3] == NO_INTERPRETER
    assert reasons[4] == NO_INTERPRETER_AVAILABLE
    assert len([r for r in (5, 6) if r in schedule.placements]) == 1
    assert MAX_MEETINGS in reasons.values()


def test_solver_upper_bound_is_the_relaxation_below_the_table_slots():
    # Three people who all want to meet each other in one slot: at most one meeting (a person per slot), although
    # there are three tables; the LP relaxation gives 1.5, rounded down to 1.
    instance = Instance((Request(1, (1,), (2,)), Request(2, (2,), (3,)), Request(3, (1,), (3,))), 1,
                        (Table(1), Table(2), Table(3)))
    assert lp_upper_bound(instance) == 1
    assert solve(instance).scheduled == 1


def test_solver_removed_table_moves_its_meeting_to_a_free_one():
    instance = Instance((Request(1, (1,), (2,)), Request(2, (3,), (4,))), 1, (Table(1), Table(2), Table(3)),
                        published={1: Placement(0, 1), 2: Placement(0, 2)})
    schedule = solve(replace(instance, tables=(Table(2), Table(3))))
    assert schedule.placements == {1: Placement(0, 3), 2: Placement(0, 2)}
    assert schedule.moves == [Move(1, Placement(0, 1), Placement(0, 3))]
