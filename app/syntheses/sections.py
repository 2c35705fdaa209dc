"""The rapporteur's block on their private page (``app.registration.private_page``)."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app.core.extensions import db
from app.registration.models import Registration
from app.registration.private_page import PrivateSection
from app.syntheses.models import Synthesis


def rapporteur_section(registration: Registration) -> PrivateSection | None:
    syntheses = list(db.session.scalars(sa.select(Synthesis).where(Synthesis.rapporteur_id == registration.id)
                                        .order_by(Synthesis.id)))
    if not syntheses:
        return None
    return PrivateSection(_("Syntheses to write"), "syntheses/private_section.html", {"syntheses": syntheses}, order=60)
