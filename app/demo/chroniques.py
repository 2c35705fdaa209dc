"""The Chroniques' own demo data: organisers' summaries, attendance of the 2023 chronicles (all held),
and a few access requests from non-member collectivités (granted ones registered, refused ones not).

Everything is derived from fixed seeds; rows are created by natural key like the rest of the demo.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from app.chroniques.models import AccessRequest, AccessRequestStatus
from app.demo.collectivites import COLLECTIVITES
from app.demo.data import CHRONIQUES, SEED, chronique_slug
from app.demo.people import Directory
from app.demo.specs import PersonRef
from app.demo.store import Store
from app.registration.models import AttendanceSource, Registration, RegistrationStatus

ATTENDANCE_RATE = 0.8  # share of the registered who joined the call
NON_MEMBERS = {(spec.name, spec.country) for spec in COLLECTIVITES if spec.country == "FR" and not spec.cuf_member}
REQUESTS_PER_CHRONICLE = 3  # two granted, one refused


def summary(chronique) -> dict[str, str]:
    return {
        "summary_fr": (f"Compte rendu de la chronique « {chronique.title_fr} ». {chronique.description_fr}\n\n"
                       "Les échanges avec les élus et techniciens des collectivités adhérentes ont porté sur les "
                       "conséquences pour leurs partenariats de coopération décentralisée."),
        "summary_en": (f"Report of the chronicle “{chronique.title_en}”. {chronique.description_en}\n\n"
                       "The discussion with elected officials and staff of member local authorities dealt with the "
                       "consequences for their decentralised cooperation partnerships."),
    }


def attendance(event_slug: str, person: PersonRef, status: RegistrationStatus, starts_at) -> dict:
    """Attendance fields of a chronicle registration (empty for other events and for people who did not join)."""
    if starts_at is None or status != RegistrationStatus.CONFIRMED:
        return {}
    rng = random.Random(f"{SEED}/attendance/{event_slug}/{person!r}")
    if rng.random() >= ATTENDANCE_RATE:
        return {}
    return {"attended_at": starts_at + timedelta(minutes=rng.randint(-5, 10)),
            "attendance_minutes": rng.randint(25, 65), "attendance_source": AttendanceSource.IMPORT}


def ensure_access_requests(store: Store, directory: Directory, event_ids: dict[str, int],
                           person_ids: dict[PersonRef, int], starts: dict[str, datetime]) -> None:
    """Requests from people of non-member collectivités; the granted ones are registered, confirmed."""
    outsiders = sorted((ref for ref, spec in directory.people.items()
                        if spec.collectivite in NON_MEMBERS and spec.email), key=repr)
    requests, registrations = [], []
    for chronique in CHRONIQUES:
        slug = chronique_slug(chronique)
        rng = random.Random(f"{SEED}/access/{slug}")
        for position, ref in enumerate(rng.sample(outsiders, min(REQUESTS_PER_CHRONICLE, len(outsiders)))):
            granted = position < REQUESTS_PER_CHRONICLE - 1
            decided_at = starts[slug] - timedelta(days=3)
            requests.append(dict(event_id=event_ids[slug], person_id=person_ids[ref], language="fr",
                                 status=AccessRequestStatus.GRANTED if granted else AccessRequestStatus.REFUSED,
                                 consent_at=decided_at - timedelta(days=2), decided_at=decided_at))
            if granted:
                registrations.append(dict(event_id=event_ids[slug], person_id=person_ids[ref],
                                          status=RegistrationStatus.CONFIRMED, consent_at=decided_at - timedelta(days=2),
                                          **attendance(slug, ref, RegistrationStatus.CONFIRMED, starts[slug])))
    store.ensure(AccessRequest, ("event_id", "person_id"), requests)
    store.ensure(Registration, ("event_id", "person_id"), registrations)
