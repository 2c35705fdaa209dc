"""The bilateral meetings scheduler: pure functions on plain dataclasses, no database (issue 19, "Scheduling").

One integer program places each accepted request in a slot, at a table and, when the two sides share no
language, with an interpreter who covers one of their language pairs and is available then:

- ``x[r, s]`` = request ``r`` meets in slot ``s`` (only for slots where every participant of both sides is free
  of their own sessions and, when needed, an eligible interpreter is available);
- interpreters with the same language pairs form a group; a group serves, in a slot, at most as many meetings
  as it has interpreters available then; ``y[r, s, g]`` = group ``g`` serves request ``r`` in slot ``s`` (Σ_g y = x)
  when several groups could (with one, x itself counts); who of the group serves is decided after the solve;
- a request meets at most once; a participant is in at most one meeting a slot and in at most their maximum
  of meetings; a slot holds at most as many meetings as there are tables. Tables of a slot are interchangeable,
  so they are given after the solve (pinned tables first, then the table each published meeting had, then the
  first free one) — any set of meetings within the slot's capacity has tables.

The objective is lexicographic, solved in two phases (the second keeps the first's optimum as a constraint),
each a weighted sum whose weights make a level worth more than everything below it:

1. pinned meetings stay where the organisers put them, then published meetings keep their slot ("keeps
   already-published meetings where they are unless impossible": a published meeting moves only when it cannot
   stay — a participant cancelled or became busy, its table was removed, no interpreter is left — and an
   organiser who wants a new protocol meeting in a full slot pins it);
2. priority meetings (protocol, mutual wishes) are placed, then as many meetings as possible, then published
   meetings keep their interpreter's group.

``upper_bound`` is a proven bound on the number of meetings **any** schedule could place: the optimum of the
linear-programming relaxation of "maximise placed meetings" under the same constraints (HiGHS), rounded down,
and never above the table-slots or the number of requests.

The backend (CP-SAT or HiGHS) was chosen by measurement on the RAICT-scale instance (benchmarks/meetings.py,
figures in docs/meetings.md).
"""
from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

DEFAULT_BACKEND = "highs"  # measured: docs/meetings.md
DEFAULT_TIME_LIMIT = 20.0


@dataclass(frozen=True)
class Table:
    id: int
    label: str = ""
    room: str = ""


@dataclass(frozen=True)
class Interpreter:
    """Language pairs as 2-element frozensets ({"fr", "vi"}); ``available`` = the slot indexes (None: all)."""

    id: int
    pairs: frozenset[frozenset[str]]
    available: frozenset[int] | None = None

    def serves(self, languages_a: frozenset[str], languages_b: frozenset[str]) -> bool:
        return any(len(pair) == 2 and any(a in pair and b in pair and a != b
                                          for a in languages_a for b in languages_b) for pair in self.pairs)

    def free_at(self, slot: int) -> bool:
        return self.available is None or slot in self.available


PROTOCOL, MUTUAL, REQUEST = "protocol", "mutual", "request"


@dataclass(frozen=True)
class Request:
    """An accepted meeting request: the participants (person ids) of each side and their languages."""

    id: int
    side_a: tuple[int, ...]
    side_b: tuple[int, ...]
    languages_a: frozenset[str] = frozenset()
    languages_b: frozenset[str] = frozenset()
    kind: str = REQUEST  # PROTOCOL | MUTUAL | REQUEST
    pinned_slot: int | None = None
    pinned_table: int | None = None
    pinned_interpreter: int | None = None  # kept when still serving and free (organisers pinned it)

    @property
    def participants(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(self.side_a + self.side_b))

    @property
    def needs_interpreter(self) -> bool:
        """Both sides said which languages they speak and share none (unknown languages: no interpreter asked)."""
        return bool(self.languages_a) and bool(self.languages_b) and not (self.languages_a & self.languages_b)

    @property
    def pinned(self) -> bool:
        return self.pinned_slot is not None


@dataclass(frozen=True)
class Placement:
    slot: int
    table: int
    interpreter: int | None = None


@dataclass(frozen=True)
class Instance:
    """``slots``: how many slots (indexes 0…n-1, in time order); ``busy``: person id → slot indexes taken by their
    own sessions (speaker, moderator) and the workshops they are registered to; ``max_meetings``: per person
    (None: no maximum; ``max_per_person`` overrides it); ``published``: request id → where it was published."""

    requests: tuple[Request, ...]
    slots: int
    tables: tuple[Table, ...]
    interpreters: tuple[Interpreter, ...] = ()
    busy: Mapping[int, frozenset[int]] = field(default_factory=dict)
    max_meetings: int | None = None
    max_per_person: Mapping[int, int] = field(default_factory=dict)
    published: Mapping[int, Placement] = field(default_factory=dict)

    def maximum_for(self, person: int) -> int | None:
        return self.max_per_person.get(person, self.max_meetings)


# Reasons a request is not placed (the codes are stable: the organiser page and the CLI translate them).
NO_PARTICIPANTS = "no_participants"
PARTICIPANTS_BUSY = "participants_busy"
NO_INTERPRETER = "no_interpreter"
NO_INTERPRETER_AVAILABLE = "no_interpreter_available"
PINNED_CONFLICT = "pinned_conflict"
MAX_MEETINGS = "max_meetings"
FULL = "full"
NO_TABLES = "no_tables"


@dataclass(frozen=True)
class Unplaced:
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class Move:
    """A published meeting that changed slot or table (``after`` None: it could no longer be placed)."""

    request: int
    before: Placement
    after: Placement | None


@dataclass
class Schedule:
    placements: dict[int, Placement]
    unplaced: dict[int, Unplaced]
    upper_bound: int
    moves: list[Move]
    interpreter_changes: list[int]
    seconds: float
    backend: str
    status: str  # "optimal" | "feasible" (time limit reached) | "empty"

    @property
    def scheduled(self) -> int:
        return len(self.placements)


# ----------------------------------------------------------------------------------------------------- the model


@dataclass
class _Model:
    """A 0-1 program: variables, rows ``lower ≤ Σ coef·var ≤ upper``, an objective to maximise."""

    names: list[tuple] = field(default_factory=list)
    objectives: tuple[dict[int, int], dict[int, int]] = field(default_factory=lambda: ({}, {}))
    count: list[int] = field(default_factory=list)  # 1 for the x variables: "placed meetings"
    rows: list[tuple[list[int], list[int], float, float]] = field(default_factory=list)

    def variable(self, name: tuple, first: int = 0, second: int = 0, counts: bool = False) -> int:
        self.names.append(name)
        index = len(self.names) - 1
        if first:
            self.objectives[0][index] = first
        if second:
            self.objectives[1][index] = second
        self.count.append(1 if counts else 0)
        return index

    def row(self, variables: list[int], coefficients: list[int], lower: float, upper: float) -> None:
        if variables:
            self.rows.append((variables, coefficients, lower, upper))


def _candidate_slots(instance: Instance, request: Request) -> list[int]:
    slots = range(instance.slots) if request.pinned_slot is None else [request.pinned_slot]
    people = request.participants
    return [s for s in slots if 0 <= s < instance.slots and not any(s in instance.busy.get(p, ()) for p in people)]


def _eligible_interpreters(instance: Instance, request: Request) -> list[Interpreter]:
    if not request.needs_interpreter:
        return []
    return [i for i in instance.interpreters if i.serves(request.languages_a, request.languages_b)]


def _is_priority(instance: Instance, request: Request) -> bool:
    return request.kind in (PROTOCOL, MUTUAL)


def _groups(instance: Instance) -> dict[frozenset[frozenset[str]], list[Interpreter]]:
    """Interpreters with the same language pairs are interchangeable in a slot where they are available: the
    model counts them per group and slot; who serves which meeting is decided after the solve."""
    groups: dict[frozenset[frozenset[str]], list[Interpreter]] = defaultdict(list)
    for interpreter in instance.interpreters:
        groups[interpreter.pairs].append(interpreter)
    return groups


def _build(instance: Instance) -> tuple[_Model, dict[tuple[int, int], int], dict[tuple[int, int], list]]:
    """The model, the x variables by (request, slot), and the interpreter groups usable by (request, slot)."""
    requests = [r for r in instance.requests if r.side_a and r.side_b]
    tables = len(instance.tables)
    published = dict(instance.published)
    interpreter_group = {i.id: i.pairs for i in instance.interpreters}
    table_ids = {t.id for t in instance.tables}
    groups = _groups(instance)
    cap = min(len(requests), tables * instance.slots)
    # Level weights: each level outweighs everything below it (see the module docstring).
    pinned_weight = len(published) + 1  # phase 1: pinned, then published kept in their slot
    keep_weight = len(published) + 1  # phase 2: priority, then placed, then interpreter group kept
    priority_weight = cap * keep_weight + len(published) + 1
    model = _Model()
    x: dict[tuple[int, int], int] = {}
    usable: dict[tuple[int, int], list] = {}
    group_load: dict[tuple[frozenset, int], list[int]] = defaultdict(list)
    y_rows: list[tuple[int, list[int]]] = []
    for request in requests:
        eligible = [pairs for pairs, members in groups.items()
                    if request.needs_interpreter and members[0].serves(request.languages_a, request.languages_b)]
        weight = keep_weight + (priority_weight if _is_priority(instance, request) else 0)
        before = published.get(request.id)
        for s in _candidate_slots(instance, request):
            serving = [pairs for pairs in eligible if any(i.free_at(s) for i in groups[pairs])]
            if request.needs_interpreter and not serving:
                continue
            kept = before is not None and before.slot == s and before.table in table_ids
            x[request.id, s] = model.variable(("x", request.id, s), (pinned_weight if request.pinned else 0)
                                              + (1 if kept else 0), weight, counts=True)
            usable[request.id, s] = serving
            if len(serving) == 1:
                group_load[serving[0], s].append(x[request.id, s])
            elif serving:
                ys = []
                for pairs in serving:
                    same = (kept and before is not None and before.interpreter is not None
                            and interpreter_group.get(before.interpreter) == pairs)
                    ys.append(model.variable(("y", request.id, s, pairs), 0, 1 if same else 0))
                    group_load[pairs, s].append(ys[-1])
                y_rows.append((x[request.id, s], ys))
    by_request: dict[int, list[int]] = defaultdict(list)
    by_person_slot: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_person: dict[int, list[int]] = defaultdict(list)
    by_slot: dict[int, list[int]] = defaultdict(list)
    for request in requests:
        for s in range(instance.slots):
            var = x.get((request.id, s))
            if var is None:
                continue
            by_request[request.id].append(var)
            by_slot[s].append(var)
            for person in request.participants:
                by_person_slot[person, s].append(var)
                by_person[person].append(var)
    for variables in by_request.values():
        model.row(variables, [1] * len(variables), 0, 1)
    for variables in by_person_slot.values():
        if len(variables) > 1:
            model.row(variables, [1] * len(variables), 0, 1)
    for person, variables in by_person.items():
        maximum = instance.maximum_for(person)
        if maximum is not None and len(variables) > maximum:
            model.row(variables, [1] * len(variables), 0, maximum)
    for variables in by_slot.values():
        if len(variables) > tables:
            model.row(variables, [1] * len(variables), 0, tables)
    for x_var, ys in y_rows:
        model.row(ys + [x_var], [1] * len(ys) + [-1], 0, 0)
    for (pairs, s), variables in group_load.items():
        available = sum(1 for i in groups[pairs] if i.free_at(s))
        if len(variables) > available:
            model.row(variables, [1] * len(variables), 0, available)
    return model, x, usable


def _solve_cpsat(model: _Model, time_limit: float, seed: int, workers: int,
                 hint: Iterable[int] = ()) -> tuple[list[int], str]:
    from ortools.sat.python import cp_model

    cp = cp_model.CpModel()
    variables = [cp.new_bool_var(f"v{index}") for index in range(len(model.names))]
    for indexes, coefficients, lower, upper in model.rows:
        expression = sum(coefficient * variables[i] for i, coefficient in zip(indexes, coefficients, strict=True))
        if lower == upper:
            cp.add(expression == int(lower))
        elif len(indexes) > 1 and all(c == 1 for c in coefficients) and upper == 1:
            cp.add_at_most_one(variables[i] for i in indexes)
        else:
            cp.add_linear_constraint(expression, int(lower), int(upper))
    current = set(hint)
    deadline = time.perf_counter() + time_limit
    optimal = True
    for number, objective in enumerate(model.objectives):
        if not objective and number == 0:
            continue
        expression = sum(weight * variables[i] for i, weight in objective.items())
        cp.maximize(expression)
        cp.clear_hints()
        for index, variable in enumerate(variables):
            cp.add_hint(variable, index in current)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(deadline - time.perf_counter(), 0.5) / (2 - number)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        status = solver.solve(cp)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return [], "empty"
        optimal = optimal and status == cp_model.OPTIMAL
        current = {i for i, variable in enumerate(variables) if solver.boolean_value(variable)}
        cp.add(expression >= sum(weight for i, weight in objective.items() if i in current))
    return sorted(current), "optimal" if optimal else "feasible"


def _highs(model: _Model, integral: bool, time_limit: float, seed: int, workers: int):
    import highspy
    import numpy as np

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("random_seed", seed)
    h.setOptionValue("threads", workers)
    if integral:
        h.setOptionValue("mip_rel_gap", 0.0)
    n = len(model.names)
    h.addVars(n, np.zeros(n), np.ones(n))
    if model.rows:
        starts: list[int] = []
        indexes: list[int] = []
        values: list[int] = []
        lowers: list[float] = []
        uppers: list[float] = []
        for row_indexes, coefficients, lower, upper in model.rows:
            starts.append(len(indexes))
            indexes.extend(row_indexes)
            values.extend(coefficients)
            lowers.append(lower)
            uppers.append(upper)
        h.addRows(len(model.rows), np.asarray(lowers, dtype=float), np.asarray(uppers, dtype=float), len(indexes),
                  np.asarray(starts, dtype=np.int32), np.asarray(indexes, dtype=np.int32),
                  np.asarray(values, dtype=float))
    if integral and n:
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                                np.full(n, highspy.HighsVarType.kInteger))
    return h


def _maximise(h, n: int, objective: Mapping[int, int]) -> None:
    import numpy as np

    costs = np.zeros(n)
    for index, weight in objective.items():
        costs[index] = -weight
    h.changeColsCost(n, np.arange(n, dtype=np.int32), costs)


def _solve_highs(model: _Model, time_limit: float, seed: int, workers: int) -> tuple[list[int], str]:
    import highspy
    import numpy as np

    n = len(model.names)
    h = _highs(model, True, time_limit, seed, workers)
    deadline = time.perf_counter() + time_limit
    optimal = True
    values = None
    for number, objective in enumerate(model.objectives):
        if not objective and number == 0:
            continue
        _maximise(h, n, objective)
        h.setOptionValue("time_limit", max(deadline - time.perf_counter(), 0.5) / (2 - number) + h.getRunTime())
        if values is not None:
            start = highspy.HighsSolution()
            start.col_value = list(values)
            h.setSolution(start)
        h.run()
        status = h.getModelStatus()
        if status in (highspy.HighsModelStatus.kModelError, highspy.HighsModelStatus.kSolveError):
            raise RuntimeError(f"HiGHS: {h.modelStatusToString(status)}")
        if not h.getSolution().value_valid:
            return [], "empty"
        optimal = optimal and status == highspy.HighsModelStatus.kOptimal
        values = np.round(np.asarray(h.getSolution().col_value))
        indexes = list(objective)
        reached = float(sum(objective[i] * values[i] for i in indexes))
        h.addRow(reached - 0.5, highspy.kHighsInf, len(indexes), np.asarray(indexes, dtype=np.int32),
                 np.asarray([float(objective[i]) for i in indexes]))
    assert values is not None
    return [i for i, value in enumerate(values) if value > 0.5], "optimal" if optimal else "feasible"


def lp_upper_bound(instance: Instance, *, workers: int = 2) -> int:
    """A proven bound on the meetings any schedule could place: the LP relaxation of "maximise placed" (HiGHS)."""
    model, x, _ = _build(instance)
    return _lp_bound(instance, model, x, workers)


def _lp_bound(instance: Instance, model: _Model, x: Mapping[tuple[int, int], int], workers: int) -> int:
    import highspy

    if not x:
        return 0
    trivial = min(len({r for r, _ in x}), len(instance.tables) * instance.slots)
    h = _highs(model, False, 60.0, 0, workers)
    _maximise(h, len(model.names), {i: 1 for i, c in enumerate(model.count) if c})
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return trivial
    # Allow for the solver's tolerance before rounding down.
    value = -h.getInfo().objective_function_value
    return min(trivial, int(value + 1e-6))


# ----------------------------------------------------------------------------------------------- the operation


def solve(instance: Instance, *, backend: str = DEFAULT_BACKEND, time_limit: float = DEFAULT_TIME_LIMIT,
          seed: int = 0, workers: int = 2, bound: bool = True) -> Schedule:
    """Schedule ``instance``: placements, unplaced requests with their reason, the proven bound, the moves."""
    started = time.perf_counter()
    model, x, usable = _build(instance)
    chosen: list[int]
    if not model.names:
        chosen, status = [], "empty"
    elif backend == "cpsat":
        chosen, status = _solve_cpsat(model, time_limit, seed, workers, _published_hint(instance, model, x))
    elif backend == "highs":
        chosen, status = _solve_highs(model, time_limit, seed, workers)
    else:
        raise ValueError(f"unknown backend {backend!r}")
    picked = [model.names[i] for i in chosen]
    slot_of = {name[1]: name[2] for name in picked if name[0] == "x"}
    group_of = {name[1]: name[3] for name in picked if name[0] == "y"}
    for request_id, s in slot_of.items():
        if request_id not in group_of and usable[request_id, s]:
            group_of[request_id] = usable[request_id, s][0]
    placements = _give_tables(instance, slot_of, _give_interpreters(instance, slot_of, group_of))
    usage = _usage(instance, placements)
    unplaced = {r.id: explain(instance, r, placements, usage) for r in instance.requests if r.id not in placements}
    moves, interpreter_changes = compare(instance.published, placements,
                                         {r.id for r in instance.requests})
    upper = (_lp_bound(instance, model, x, workers) if bound
             else min(len(instance.requests), len(instance.tables) * instance.slots))
    upper = max(upper, len(placements))  # (the relaxation's tolerance can never hide a placed meeting)
    return Schedule(placements, unplaced, upper, moves, interpreter_changes, time.perf_counter() - started,
                    backend, status)


def _published_hint(instance: Instance, model: _Model, x: Mapping[tuple[int, int], int]) -> list[int]:
    """Start the search from the published schedule (what can still be kept): rescheduling then moves little."""
    groups = {i.id: i.pairs for i in instance.interpreters}
    wanted: set[tuple] = set()
    for request_id, before in instance.published.items():
        if (request_id, before.slot) in x:
            wanted.add(("x", request_id, before.slot))
            if before.interpreter in groups:
                wanted.add(("y", request_id, before.slot, groups[before.interpreter]))
    return [index for index, name in enumerate(model.names) if name in wanted]


def _give_interpreters(instance: Instance, slot_of: Mapping[int, int],
                       group_of: Mapping[int, frozenset]) -> dict[int, int]:
    """Within each group and slot: the pinned, then the published interpreter first, then the first available (the
    model made sure there are enough). A pinned meeting that needs no interpreter keeps the one organisers gave
    it when that interpreter is still free then."""
    groups = _groups(instance)
    by_id = {r.id: r for r in instance.requests}
    taken: set[tuple[int, int]] = set()
    interpreter_of: dict[int, int] = {}

    def preferred(request_id: int) -> int | None:
        request, before = by_id[request_id], instance.published.get(request_id)
        if request.pinned_interpreter is not None and request.pinned_slot == slot_of[request_id]:
            return request.pinned_interpreter
        if before is not None and before.slot == slot_of[request_id]:
            return before.interpreter
        return None

    for request_id in sorted(group_of, key=lambda r: (by_id[r].pinned_interpreter is None, r)):
        wanted, s = preferred(request_id), slot_of[request_id]
        if wanted is not None and (wanted, s) not in taken and any(
                i.id == wanted and i.free_at(s) for i in groups[group_of[request_id]]):
            interpreter_of[request_id] = wanted
            taken.add((wanted, s))
    for request_id in sorted(group_of):
        if request_id in interpreter_of:
            continue
        s = slot_of[request_id]
        interpreter = next(i.id for i in groups[group_of[request_id]] if i.free_at(s) and (i.id, s) not in taken)
        interpreter_of[request_id] = interpreter
        taken.add((interpreter, s))
    known = {i.id: i for i in instance.interpreters}
    for request_id, s in sorted(slot_of.items()):
        request = by_id[request_id]
        wanted = request.pinned_interpreter
        if (request_id not in group_of and wanted in known and request.pinned_slot == s
                and known[wanted].free_at(s) and (wanted, s) not in taken):
            interpreter_of[request_id] = wanted
            taken.add((wanted, s))
    return interpreter_of


def _give_tables(instance: Instance, slot_of: Mapping[int, int],
                 interpreter_of: Mapping[int, int]) -> dict[int, Placement]:
    by_id = {r.id: r for r in instance.requests}
    table_ids = [t.id for t in instance.tables]
    existing = set(table_ids)
    taken: dict[int, set[int]] = defaultdict(set)
    table_of: dict[int, int] = {}

    def wants(request_id: int) -> int | None:
        request = by_id[request_id]
        if request.pinned_table is not None and request.pinned_slot == slot_of[request_id]:
            return request.pinned_table
        before = instance.published.get(request_id)
        if before is not None and before.slot == slot_of[request_id]:
            return before.table
        return None

    # Pinned tables first, then published tables, then the first free table in the list's order.
    order = sorted(slot_of, key=lambda r: (0 if by_id[r].pinned_table is not None else
                                           1 if r in instance.published else 2, r))
    for request_id in order:
        wanted = wants(request_id)
        s = slot_of[request_id]
        if wanted is not None and wanted in existing and wanted not in taken[s]:
            table_of[request_id] = wanted
            taken[s].add(wanted)
    for request_id in order:
        if request_id in table_of:
            continue
        s = slot_of[request_id]
        table_of[request_id] = next(t for t in table_ids if t not in taken[s])
        taken[s].add(table_of[request_id])
    return {r: Placement(slot_of[r], table_of[r], interpreter_of.get(r)) for r in sorted(slot_of)}


def compare(before: Mapping[int, Placement], after: Mapping[int, Placement],
            still_requested: Iterable[int]) -> tuple[list[Move], list[int]]:
    """Published meetings that changed slot or table or were dropped (a cancelled request is no move), and those
    whose interpreter alone changed."""
    wanted = set(still_requested)
    moves, interpreter_changes = [], []
    for request_id in sorted(before):
        if request_id not in wanted:
            continue
        old, new = before[request_id], after.get(request_id)
        if new is None or (new.slot, new.table) != (old.slot, old.table):
            moves.append(Move(request_id, old, new))
        elif new.interpreter != old.interpreter:
            interpreter_changes.append(request_id)
    return moves, interpreter_changes


@dataclass
class _Usage:
    """What a schedule uses: meetings per person, people taken per slot, meetings per slot."""

    meetings_of: dict[int, int]
    busy_at: set[tuple[int, int]]
    per_slot: dict[int, int]


def _usage(instance: Instance, placements: Mapping[int, Placement]) -> _Usage:
    by_id = {r.id: r for r in instance.requests}
    usage = _Usage(defaultdict(int), set(), defaultdict(int))
    for request_id, placement in placements.items():
        usage.per_slot[placement.slot] += 1
        for person in by_id[request_id].participants:
            usage.meetings_of[person] += 1
            usage.busy_at.add((person, placement.slot))
    return usage


def explain(instance: Instance, request: Request, placements: Mapping[int, Placement],
            usage: _Usage | None = None) -> Unplaced:
    """Why ``request`` is not in ``placements`` (``usage``: ``_usage(instance, placements)``, computed once when
    explaining many)."""
    if not request.side_a or not request.side_b:
        return Unplaced(NO_PARTICIPANTS, "one side has no participant left")
    if not instance.tables:
        return Unplaced(NO_TABLES, "no table is defined")
    free = _candidate_slots(instance, request)
    if request.pinned and not free:
        return Unplaced(PINNED_CONFLICT, "a participant is busy at the pinned slot")
    if not free:
        return Unplaced(PARTICIPANTS_BUSY, "a participant is busy in every slot")
    eligible = _eligible_interpreters(instance, request)
    if request.needs_interpreter and not eligible:
        return Unplaced(NO_INTERPRETER, "no interpreter covers these languages: "
                        f"{'/'.join(sorted(request.languages_a))} – {'/'.join(sorted(request.languages_b))}")
    if request.needs_interpreter:
        free = [s for s in free if any(i.free_at(s) for i in eligible)]
        if not free:
            return Unplaced(NO_INTERPRETER_AVAILABLE, "no interpreter of these languages is available when both "
                                                      "sides are free")
    usage = usage or _usage(instance, placements)
    for person in request.participants:
        maximum = instance.maximum_for(person)
        if maximum is not None and usage.meetings_of[person] >= maximum:
            return Unplaced(MAX_MEETINGS, f"a participant already has their maximum of {maximum} meetings")
    if request.pinned:
        return Unplaced(PINNED_CONFLICT, "the pinned slot is taken (a participant, the tables or the interpreters)")
    tables_full = people_taken = interpreters_taken = 0
    for s in free:
        if usage.per_slot[s] >= len(instance.tables):
            tables_full += 1
        elif any((p, s) in usage.busy_at for p in request.participants):
            people_taken += 1
        else:
            interpreters_taken += 1
    return Unplaced(FULL, f"every possible slot ({len(free)}) is taken: all tables in use at {tables_full}, "
                          f"a participant in another meeting at {people_taken}, "
                          f"the interpreters busy at {interpreters_taken}")


def violations(instance: Instance, placements: Mapping[int, Placement]) -> list[str]:
    """Every constraint a schedule breaks (empty: the schedule is valid). Used by the tests and the benchmark."""
    problems: list[str] = []
    by_id = {r.id: r for r in instance.requests}
    table_ids = {t.id for t in instance.tables}
    interpreters = {i.id: i for i in instance.interpreters}
    seen_person: dict[tuple[int, int], int] = {}
    seen_table: dict[tuple[int, int], int] = {}
    seen_interpreter: dict[tuple[int, int], int] = {}
    meetings_of: dict[int, int] = defaultdict(int)
    for request_id, p in placements.items():
        request = by_id.get(request_id)
        if request is None:
            problems.append(f"request {request_id} placed but not requested")
            continue
        if not 0 <= p.slot < instance.slots:
            problems.append(f"request {request_id}: slot {p.slot} does not exist")
        if p.table not in table_ids:
            problems.append(f"request {request_id}: table {p.table} does not exist")
        if request.pinned_slot is not None and p.slot != request.pinned_slot:
            problems.append(f"request {request_id}: pinned at {request.pinned_slot}, placed at {p.slot}")
        for person in request.participants:
            if p.slot in instance.busy.get(person, ()):
                problems.append(f"request {request_id}: person {person} has a session at slot {p.slot}")
            if (person, p.slot) in seen_person:
                problems.append(f"person {person} in requests {seen_person[person, p.slot]} and {request_id} "
                                f"at slot {p.slot}")
            seen_person[person, p.slot] = request_id
            meetings_of[person] += 1
        if (p.table, p.slot) in seen_table:
            problems.append(f"table {p.table} serves {seen_table[p.table, p.slot]} and {request_id} at {p.slot}")
        seen_table[p.table, p.slot] = request_id
        if request.needs_interpreter:
            interpreter = interpreters.get(p.interpreter) if p.interpreter is not None else None
            if interpreter is None:
                problems.append(f"request {request_id}: needs an interpreter, has none")
            elif not interpreter.serves(request.languages_a, request.languages_b):
                problems.append(f"request {request_id}: interpreter {interpreter.id} lacks the languages")
            elif not interpreter.free_at(p.slot):
                problems.append(f"request {request_id}: interpreter {interpreter.id} unavailable at {p.slot}")
        if p.interpreter is not None:
            if (p.interpreter, p.slot) in seen_interpreter:
                problems.append(f"interpreter {p.interpreter} serves {seen_interpreter[p.interpreter, p.slot]} and "
                                f"{request_id} at {p.slot}")
            seen_interpreter[p.interpreter, p.slot] = request_id
    for person, count in meetings_of.items():
        maximum = instance.maximum_for(person)
        if maximum is not None and count > maximum:
            problems.append(f"person {person}: {count} meetings, maximum {maximum}")
    return problems
