"""Who registers to which demo event: category, status and delegation of each registrant.

Everything is derived from the static facts with fixed seeds, so every run plans exactly the
same registrations. Nothing here touches the database.
"""
from __future__ import annotations

import random

from app.demo.collectivites import COLLECTIVITES
from app.demo.data import (
    ASSISES,
    CHRONIQUE_COLLECTIVITES,
    CHRONIQUES,
    OPEN_CHRONIQUE,
    OPEN_CHRONIQUE_COLLECTIVITES,
    RAICT_2023,
    RAICT_2023_DELEGATIONS,
    RAICT_2023_FOREIGN,
    RAICT_2023_FRENCH_COLLECTIVITES,
    RAICT_2023_FRENCH_PARTICIPANTS,
    RAICT_2023_GUESTS,
    RAICT_2023_NON_MEMBERS,
    RAICT_2023_OTHER_STATUSES,
    RAICT_2024_PARTICIPANTS,
    RAICT_2027_PARTICIPANTS,
    SEED,
    chronique_slug,
)
from app.demo.people import Directory, PersonSpec, generated_refs
from app.demo.programmes import PROGRAMMES
from app.demo.specs import AssisesPlan, Chronique, DelegationPlan, PersonRef, Programme, Registrant, Roster
from app.registration.models import DelegationSide, RegistrationCategory, RegistrationStatus

CONFIRMED = RegistrationStatus.CONFIRMED
FRENCH_COLLECTIVITES = [spec.name for spec in COLLECTIVITES if spec.country == "FR"]
CUF_MEMBERS = [spec.name for spec in COLLECTIVITES if spec.country == "FR" and spec.cuf_member]


class DemoDataError(ValueError):
    """The static facts no longer add up to the figures of the report."""


class RosterBuilder:
    def __init__(self, directory: Directory, event: str) -> None:
        self.directory = directory
        self.event = event
        self.entries: dict[PersonRef, Registrant] = {}
        self.speakers: set[PersonRef] = set()
        self.delegations: list[tuple[str, str, DelegationSide | None, PersonRef]] = []

    def add(self, ref: PersonRef, status: RegistrationStatus = CONFIRMED, delegation: str | None = None) -> bool:
        """Register someone (once); returns whether they were new."""
        entry = self.entries.get(ref)
        if entry is not None:
            entry.delegation = entry.delegation or delegation
            return False
        self.directory.person(ref)
        self.entries[ref] = Registrant(ref, RegistrationCategory.PARTICIPANT, status, delegation)
        return True

    def add_speakers(self, programme: Programme) -> None:
        for session in programme.sessions:
            for _, ref in session.speakers:
                self.speakers.add(ref)
                self.add(ref)

    def add_round_robin(self, country: str, organisations: list[str], number: int,
                        status: RegistrationStatus = CONFIRMED, delegation: str | None = None) -> None:
        """Register ``number`` new people from these organisations, one from each in turn."""
        added, refs = 0, generated_refs(country, organisations)
        while added < number:
            added += self.add(next(refs), status, delegation)

    def add_delegation(self, plan: DelegationPlan, side: DelegationSide | None) -> None:
        self.delegations.append((plan.name, plan.country, side, plan.head))
        for ref in (plan.head, *plan.named):
            self.add(ref, delegation=plan.name)
        for organisation, number in plan.members:
            self.add_round_robin(plan.country, [organisation], number, delegation=plan.name)

    def person(self, ref: PersonRef) -> PersonSpec:
        return self.directory.person(ref)

    def confirmed(self) -> list[PersonRef]:
        return [ref for ref, entry in self.entries.items() if entry.status == CONFIRMED]

    def join_by_country(self, names: dict[str, str]) -> None:
        """Put confirmed registrants without a delegation into their country's delegation."""
        for ref in self.confirmed():
            entry = self.entries[ref]
            entry.delegation = entry.delegation or names.get(self.person(ref).country)

    def build(self) -> Roster:
        for ref, entry in self.entries.items():
            entry.category = category_of(self.person(ref), ref in self.speakers, entry.delegation)
        return Roster(self.event, list(self.entries.values()), self.delegations)


def category_of(person: PersonSpec, is_speaker: bool, delegation: str | None) -> RegistrationCategory:
    by_role = {"staff": RegistrationCategory.ORGANISER, "vip": RegistrationCategory.VIP,
               "press": RegistrationCategory.PRESS}
    if person.role in by_role:
        return by_role[person.role]
    if is_speaker:
        return RegistrationCategory.SPEAKER
    return RegistrationCategory.DELEGATION_MEMBER if delegation else RegistrationCategory.PARTICIPANT


def build_rosters(directory: Directory) -> list[Roster]:
    programmes = {programme.event: programme for programme in PROGRAMMES}
    for programme in PROGRAMMES:  # speakers of events nobody registers to yet (drafts)
        for session in programme.sessions:
            for _, ref in session.speakers:
                directory.person(ref)
    rosters = [raict_2023_roster(directory, programmes[RAICT_2023]),
               raict_2024_roster(directory, programmes["raict-2024"]),
               raict_2027_roster(directory, programmes["raict-2027"])]
    rosters += [assises_roster(directory, plan, programmes[plan.event]) for plan in ASSISES]
    rosters += [chronique_roster(directory, chronique, programmes[chronique_slug(chronique)])
                for chronique in CHRONIQUES]
    rosters.append(open_chronique_roster(directory, programmes[OPEN_CHRONIQUE]))
    return rosters


# --- RAICT 2023: the figures of the report, exactly -------------------------------------------

def raict_2023_roster(directory: Directory, programme: Programme) -> Roster:
    builder = RosterBuilder(directory, RAICT_2023)
    builder.add_speakers(programme)
    for key in RAICT_2023_GUESTS:
        builder.add(key)
    for country, target in RAICT_2023_FOREIGN.items():
        present = sum(1 for ref in builder.confirmed() if builder.person(ref).country == country)
        builder.add_round_robin(country, directory.organisations(country), target - present)
    chosen = _add_french_participants(builder)
    for country, (name, head) in RAICT_2023_DELEGATIONS.items():
        builder.delegations.append((name, country, None, head))
    builder.join_by_country({country: name for country, (name, _) in RAICT_2023_DELEGATIONS.items()})
    others = [name for name in FRENCH_COLLECTIVITES if name not in chosen]
    for status, number in RAICT_2023_OTHER_STATUSES.items():
        builder.add_round_robin("FR", others, number, RegistrationStatus(status))
    check_raict_2023(builder)
    return builder.build()


def _add_french_participants(builder: RosterBuilder) -> list[str]:
    """French participants from exactly 130 French collectivités; returns those collectivités."""
    french = [builder.person(ref) for ref in builder.confirmed() if builder.person(ref).country == "FR"]
    covered = list(dict.fromkeys(person.collectivite[0] for person in french if person.collectivite))
    members = [name for name in CUF_MEMBERS if name not in covered]
    non_members = [name for name in FRENCH_COLLECTIVITES if name not in CUF_MEMBERS and name not in covered]
    chosen = covered + members[:RAICT_2023_FRENCH_COLLECTIVITES - RAICT_2023_NON_MEMBERS - len(covered)]
    chosen += non_members[:RAICT_2023_FRENCH_COLLECTIVITES - len(chosen)]
    builder.add_round_robin("FR", chosen, RAICT_2023_FRENCH_PARTICIPANTS - len(french))
    return chosen


def check_raict_2023(builder: RosterBuilder) -> None:
    people = [builder.person(ref) for ref in builder.confirmed()]
    foreign = [person for person in people if person.country != "FR"]
    french_collectivites = {person.collectivite for person in people if person.country == "FR" and person.collectivite}
    figures = (len(people), len(foreign), len({person.country for person in foreign}), len(french_collectivites))
    expected = (RAICT_2023_FRENCH_PARTICIPANTS + sum(RAICT_2023_FOREIGN.values()), sum(RAICT_2023_FOREIGN.values()),
                len(RAICT_2023_FOREIGN), RAICT_2023_FRENCH_COLLECTIVITES)
    if figures != expected:
        raise DemoDataError(f"RAICT 2023 roster gives {figures} (people, foreign, countries, French collectivités), "
                            f"expected {expected}")


# --- the other events ---------------------------------------------------------------------

def raict_2024_roster(directory: Directory, programme: Programme) -> Roster:
    plan = RAICT_2024_PARTICIPANTS
    builder = RosterBuilder(directory, programme.event)
    builder.add_speakers(programme)
    builder.add_round_robin("FR", plan["french"], plan["french_count"])
    for country, number in plan["foreign"]:
        builder.add_round_robin(country, directory.organisations(country), number)
    country, name, head = plan["delegation"]
    builder.delegations.append((name, country, None, head))
    builder.join_by_country({country: name})
    for status, number in plan["other_statuses"].items():
        builder.add_round_robin("FR", plan["french"], number, RegistrationStatus(status))
    return builder.build()


def raict_2027_roster(directory: Directory, programme: Programme) -> Roster:
    builder = RosterBuilder(directory, programme.event)
    builder.add_speakers(programme)
    for status, names in RAICT_2027_PARTICIPANTS.items():
        builder.add_round_robin("FR", names, len(names), RegistrationStatus(status))
    return builder.build()


def assises_roster(directory: Directory, plan: AssisesPlan, programme: Programme) -> Roster:
    builder = RosterBuilder(directory, plan.event)
    builder.add_delegation(plan.french, DelegationSide.FRENCH)
    builder.add_delegation(plan.partner, DelegationSide.PARTNER)
    for side, more in plan.more:
        builder.add_delegation(more, DelegationSide(side))
    builder.add_speakers(programme)
    builder.join_by_country({plan.french.country: plan.french.name, plan.partner.country: plan.partner.name})
    french_organisations = [organisation for organisation, _ in plan.french.members]
    builder.add_round_robin("FR", french_organisations, plan.cancelled, RegistrationStatus.CANCELLED)
    return builder.build()


def chronique_roster(directory: Directory, chronique: Chronique, programme: Programme) -> Roster:
    """The speakers and people from some 44 member collectivités, of which about 35 join the call
    (« en moyenne 35 collectivités adhérentes »)."""
    builder = RosterBuilder(directory, programme.event)
    builder.add_speakers(programme)
    rng = random.Random(f"{SEED}/{programme.event}")
    for organisation in rng.sample(CUF_MEMBERS, rng.randint(*CHRONIQUE_COLLECTIVITES)):
        builder.add(("FR", organisation, rng.randrange(2)))
    return builder.build()


def open_chronique_roster(directory: Directory, programme: Programme) -> Roster:
    """The chronicle open for registration: its speakers and the first few registered members."""
    builder = RosterBuilder(directory, programme.event)
    builder.add_speakers(programme)
    builder.add_round_robin("FR", list(OPEN_CHRONIQUE_COLLECTIVITES), len(OPEN_CHRONIQUE_COLLECTIVITES))
    return builder.build()
