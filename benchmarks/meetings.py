"""The bilateral meetings scheduler at RAICT scale, beside a greedy first-fit baseline in the same run.

    .venv/bin/python benchmarks/meetings.py [--backend cpsat|highs|both] [--time-limit 20] [--changes 50] [--seed 7]

A generated instance: 600 participants in 200 collectivités (3 each, half French), 2,000 accepted requests
(5 % protocol, 15 % mutual wishes), 9 slots × 40 tables, 6 interpreter pools (French ↔ vi, ar, es, pt, zh,
ru; 3 interpreters each, each available in 7 of the 9 slots), each participant's own sessions and workshops
as busy slots, 6 meetings at most per person. It prints for the solver and the baseline: seconds, meetings
placed, the proven upper bound and placed / bound; then publishes the solver's schedule, applies 50 random
changes (new requests, cancelled requests, cancelled people, new sessions, a table removed) and reschedules:
the share of published meetings moved, and how many of those moves the changes forced.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.meetings.solver import (  # noqa: E402
    MUTUAL,
    PROTOCOL,
    REQUEST,
    Instance,
    Interpreter,
    Placement,
    Request,
    Schedule,
    Table,
    compare,
    lp_upper_bound,
    solve,
    violations,
)

FOREIGN_LANGUAGES = ("vi", "ar", "es", "pt", "zh", "ru")


def generate(seed: int = 7, participants: int = 600, requests: int = 2000, slots: int = 9, tables: int = 40,
             per_pool: int = 3) -> Instance:
    rng = random.Random(seed)
    size = 3
    collectivites = participants // size
    members = {c: list(range(c * size, (c + 1) * size)) for c in range(collectivites)}
    french = set(range(collectivites // 2))
    languages: dict[int, frozenset[str]] = {}
    for c in range(collectivites):
        if c in french:
            languages[c] = frozenset({"fr", "en"} if rng.random() < 0.3 else {"fr"})
        else:
            own = rng.choice(FOREIGN_LANGUAGES)
            extra = rng.random()
            languages[c] = frozenset({own, "fr"} if extra < 0.6 else {own, "en"} if extra < 0.75 else {own})
    busy: dict[int, frozenset[int]] = {}
    for person in range(participants):
        count = rng.choices((0, 1, 2, 3), weights=(30, 40, 20, 10))[0]
        busy[person] = frozenset(rng.sample(range(slots), count))
    pairs: set[tuple[int, int]] = set()
    made: list[Request] = []
    while len(made) < requests:
        a = rng.choice(sorted(french))
        b = rng.randrange(collectivites // 2, collectivites)
        if (a, b) in pairs:
            continue
        pairs.add((a, b))
        kind = rng.choices((PROTOCOL, MUTUAL, REQUEST), weights=(5, 15, 80))[0]
        made.append(Request(len(made) + 1, tuple(rng.sample(members[a], rng.choice((1, 1, 2)))),
                            tuple(rng.sample(members[b], rng.choice((1, 1, 2)))), languages[a], languages[b], kind))
    interpreters = []
    for pool, language in enumerate(FOREIGN_LANGUAGES):
        for k in range(per_pool):
            interpreters.append(Interpreter(pool * 10 + k + 1, frozenset({frozenset({"fr", language})}),
                                            frozenset(rng.sample(range(slots), 7))))
    return Instance(tuple(made), slots, tuple(Table(t + 1, f"T{t + 1}", "Salle A" if t < 20 else "Salle B")
                                              for t in range(tables)),
                    tuple(interpreters), busy, max_meetings=6)


def first_fit(instance: Instance) -> dict[int, Placement]:
    """The baseline: pinned and published meetings where they were when they still fit, then priority requests,
    then the others, each at the first slot, table and interpreter that fit."""
    placements: dict[int, Placement] = {}
    person_at: set[tuple[int, int]] = set()
    table_at: set[tuple[int, int]] = set()
    interpreter_at: set[tuple[int, int]] = set()
    meetings: dict[int, int] = {}

    def fits(request: Request, slot: int, exact: bool = False) -> Placement | None:
        if request.pinned_slot is not None and slot != request.pinned_slot:
            return None
        for person in request.participants:
            maximum = instance.maximum_for(person)
            if (person, slot) in person_at or slot in instance.busy.get(person, ()) or (
                    maximum is not None and meetings.get(person, 0) >= maximum):
                return None
        preferred = instance.published.get(request.id)
        tables = [t.id for t in instance.tables if (t.id, slot) not in table_at]
        if not tables:
            return None
        table = preferred.table if preferred and preferred.slot == slot and preferred.table in tables else tables[0]
        if exact and (not preferred or table != preferred.table):
            return None
        interpreter = None
        if request.needs_interpreter:
            free = [i.id for i in instance.interpreters if i.serves(request.languages_a, request.languages_b)
                    and i.free_at(slot) and (i.id, slot) not in interpreter_at]
            if not free:
                return None
            interpreter = free[0]
        return Placement(slot, table, interpreter)

    def place(request: Request, placement: Placement) -> None:
        placements[request.id] = placement
        table_at.add((placement.table, placement.slot))
        if placement.interpreter is not None:
            interpreter_at.add((placement.interpreter, placement.slot))
        for person in request.participants:
            person_at.add((person, placement.slot))
            meetings[person] = meetings.get(person, 0) + 1

    rank = {PROTOCOL: 0, MUTUAL: 1, REQUEST: 2}
    order = sorted(instance.requests, key=lambda r: (not r.pinned, rank[r.kind], r.id))
    order = [r for r in order if r.side_a and r.side_b]
    # First pass: pinned meetings, then published ones where they were; second pass: first fit for the rest.
    for request in order:
        preferred = instance.published.get(request.id)
        slot = request.pinned_slot if request.pinned else preferred.slot if preferred else None
        if slot is not None and (placement := fits(request, slot, exact=not request.pinned)) is not None:
            place(request, placement)
    for request in order:
        if request.id in placements:
            continue
        for slot in range(instance.slots):
            placement = fits(request, slot)
            if placement is not None:
                place(request, placement)
                break
    return placements


def change(instance: Instance, published: dict[int, Placement], count: int, seed: int) -> tuple[Instance, dict]:
    """Apply ``count`` random changes; return the new instance (with ``published``) and what was changed."""
    rng = random.Random(seed)
    requests = {r.id: r for r in instance.requests}
    busy = dict(instance.busy)
    tables = list(instance.tables)
    people = sorted({p for r in instance.requests for p in r.participants})
    tally: dict[str, int] = {}
    for _ in range(count):
        kind = rng.choices(("new request", "cancelled request", "cancelled person", "new session", "table removed"),
                           weights=(40, 25, 15, 17, 3))[0]
        tally[kind] = tally.get(kind, 0) + 1
        if kind == "new request":
            a, b = rng.sample(sorted(requests.values(), key=lambda r: r.id), 2)
            new_id = max(requests) + 1
            requests[new_id] = Request(new_id, a.side_a, b.side_b, a.languages_a, b.languages_b,
                                       rng.choices((MUTUAL, REQUEST), weights=(20, 80))[0])
        elif kind == "cancelled request":
            del requests[rng.choice(sorted(requests))]
        elif kind == "cancelled person":
            person = rng.choice(people)
            for request_id, request in list(requests.items()):
                if person in request.participants:
                    requests[request_id] = replace(request, side_a=tuple(p for p in request.side_a if p != person),
                                                   side_b=tuple(p for p in request.side_b if p != person))
        elif kind == "new session":
            person = rng.choice(people)
            busy[person] = busy.get(person, frozenset()) | {rng.randrange(instance.slots)}
        else:
            tables.pop(rng.randrange(len(tables)))
    changed = replace(instance, requests=tuple(requests[k] for k in sorted(requests)), busy=busy, tables=tuple(tables),
                      published=published)
    return changed, tally


def forced_moves(instance: Instance, published: dict[int, Placement]) -> int:
    """Published meetings that can no longer stay where they are, whatever the scheduler does."""
    by_id = {r.id: r for r in instance.requests}
    tables = {t.id for t in instance.tables}
    forced = 0
    for request_id, placement in published.items():
        request = by_id.get(request_id)
        if request is None:
            continue  # cancelled: not a move
        if (not request.side_a or not request.side_b or placement.table not in tables
                or any(placement.slot in instance.busy.get(p, ()) for p in request.participants)):
            forced += 1
    return forced


def line(label: str, seconds: float, placed: int, bound: int, valid: bool) -> str:
    return (f"{label:34} {seconds:8.2f} s {placed:6} placed  bound {bound:5}  {100 * placed / bound:6.2f} %  "
            f"{'valid' if valid else 'INVALID'}")


def run(backends: list[str], time_limit: float, changes: int, seed: int) -> None:
    instance = generate(seed)
    print(f"instance: {len(instance.requests)} requests, {len({p for r in instance.requests for p in r.participants})}"
          f" participants, {instance.slots} slots × {len(instance.tables)} tables, {len(instance.interpreters)} "
          f"interpreters in 6 pools, {sum(1 for r in instance.requests if r.needs_interpreter)} requests needing one")
    started = time.perf_counter()
    bound = lp_upper_bound(instance)
    print(f"LP upper bound (HiGHS relaxation): {bound}, {time.perf_counter() - started:.2f} s "
          f"(table-slots: {instance.slots * len(instance.tables)})")
    started = time.perf_counter()
    greedy = first_fit(instance)
    greedy_seconds = time.perf_counter() - started
    print(line("greedy first-fit (baseline)", greedy_seconds, len(greedy), bound, not violations(instance, greedy)))
    results: dict[str, Schedule] = {}
    for backend in backends:
        schedule = solve(instance, backend=backend, time_limit=time_limit, seed=0, workers=2)
        results[backend] = schedule
        valid = not violations(instance, schedule.placements)
        print(line(f"{backend} ({schedule.status})", schedule.seconds, schedule.scheduled, schedule.upper_bound, valid))
        priority = [r for r in instance.requests if r.kind != REQUEST]
        print(f"{'':34} priority placed {sum(1 for r in priority if r.id in schedule.placements)} / {len(priority)}"
              f" (greedy {sum(1 for r in priority if r.id in greedy)}); reasons: "
              f"{_reasons(schedule)}")
    for backend, schedule in results.items():
        published = dict(schedule.placements)
        changed, tally = change(instance, published, changes, seed + 1)
        forced = forced_moves(changed, published)
        rescheduled = solve(changed, backend=backend, time_limit=time_limit, seed=0, workers=2)
        greedy_again = first_fit(changed)
        greedy_moves, _ = compare(published, greedy_again, {r.id for r in changed.requests})
        still = sum(1 for r in published if r in {q.id for q in changed.requests})
        print(f"\nafter {changes} changes ({', '.join(f'{v} {k}' for k, v in sorted(tally.items()))}), "
              f"{still} published meetings still requested, {forced} of them forced to move:")
        print(f"  {backend}: {rescheduled.seconds:.2f} s, {rescheduled.scheduled} placed / bound "
              f"{rescheduled.upper_bound}, moved {len(rescheduled.moves)} = {100 * len(rescheduled.moves) / max(still, 1):.2f} %"
              f" of the published ({len(rescheduled.moves) - forced} unforced), "
              f"{'valid' if not violations(changed, rescheduled.placements) else 'INVALID'}")
        print(f"  greedy first-fit (published first): {len(greedy_again)} placed, moved {len(greedy_moves)} = "
              f"{100 * len(greedy_moves) / max(still, 1):.2f} %")


def _reasons(schedule: Schedule) -> str:
    counts: dict[str, int] = {}
    for item in schedule.unplaced.values():
        counts[item.reason] = counts.get(item.reason, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=("cpsat", "highs", "both"), default="cpsat")
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    backends = ["cpsat", "highs"] if arguments.backend == "both" else [arguments.backend]
    run(backends, arguments.time_limit, arguments.changes, arguments.seed)


if __name__ == "__main__":
    main()
