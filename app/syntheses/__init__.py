"""Workshop syntheses written by rapporteurs, and the proceedings (actes) compiled from them (issue 18)."""
from __future__ import annotations


def register_hooks() -> None:
    """Called by the application factory: a published synthesis changes the event's public pages (their
    cached copies are keyed on the event's version); a rapporteur's private page links to their syntheses."""
    from app.events.version import register_version_source
    from app.registration.private_page import register_section
    from app.syntheses.models import Synthesis
    from app.syntheses.sections import rapporteur_section

    register_version_source(Synthesis, lambda orm_session, synthesis: [synthesis.event_id],
                            ("published_at", "body", "rapporteur_id"))
    register_section("syntheses", rapporteur_section)
