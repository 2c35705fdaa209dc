"""Demo: the RAICT 2023 (ended) has rapporteurs for its first workshops, and their syntheses published.

Idempotent: a session that has a synthesis is left as it is. Written through the syntheses' own operations.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.core.extensions import db
from app.demo.data import RAICT_2023
from app.events.models import Event
from app.programme.models import Session, SessionType
from app.registration.models import Registration, RegistrationStatus
from app.syntheses import operations

TEXTS = (
    "## Constats\n\nLes collectivités engagées dans la coopération décentralisée partagent un même besoin : "
    "**former leurs agents** et inscrire l'action internationale dans la durée.\n\n"
    "## Recommandations\n\n- Mutualiser les formations entre collectivités d'une même région\n"
    "- Associer les partenaires étrangers dès la conception des projets\n"
    "- Rendre compte aux habitants des résultats obtenus\n\n"
    "Ressources : [Cités Unies France](https://cites-unies-france.org).",
    "## Échanges\n\nLes intervenants ont rappelé que l'eau et l'assainissement restent au cœur des partenariats, "
    "avec un effet de levier du dispositif *1 % eau*.\n\n## Pistes\n\n1. Favoriser les jumelages techniques\n"
    "2. Suivre les indicateurs de service sur plusieurs années",
    "## Synthèse\n\nL'atelier a montré la place croissante des **jeunes** dans l'action internationale des "
    "territoires : volontariat, échanges scolaires, engagement citoyen.\n\n> « La coopération commence par la "
    "rencontre. »",
)


def ensure_syntheses() -> int:
    """Published syntheses of the RAICT 2023's first workshops; returns how many were written now."""
    event = db.session.scalar(sa.select(Event).where(Event.slug == RAICT_2023))
    if event is None:
        return 0
    sessions = list(db.session.scalars(sa.select(Session).where(
        Session.event_id == event.id, Session.is_hidden.is_(False),
        Session.type.in_((SessionType.WORKSHOP, SessionType.ROUND_TABLE)))
        .order_by(Session.starts_at, Session.id).limit(len(TEXTS))))
    rapporteurs = list(db.session.scalars(sa.select(Registration).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(Registration.id).limit(len(TEXTS))))
    written = 0
    for session, rapporteur, text in zip(sessions, rapporteurs, TEXTS, strict=False):
        if operations.synthesis_of(session) is not None:
            continue
        synthesis = operations.assign_rapporteur(session, rapporteur, None, actor="demo")
        assert synthesis is not None
        operations.save_text(synthesis, text, submit=True, actor="demo", now=event.ends_at)
        operations.publish(synthesis, actor="demo")
        written += 1
    return written
