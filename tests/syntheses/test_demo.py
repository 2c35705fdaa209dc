"""The demo's ended RAICT 2023 has published syntheses, on its sessions' public pages and in its proceedings."""
from __future__ import annotations

import sqlalchemy as sa

from app.core.extensions import db
from app.demo.data import RAICT_2023
from app.events.models import Event
from app.syntheses.proceedings import proceedings_pdf
from app.syntheses.queries import published_syntheses
from tests.pdf_support import normalised, pdf_text, require_pdf_tools


def test_demo_raict_2023_has_published_syntheses_in_its_proceedings(demo_app, demo_client):
    require_pdf_tools()
    event = db.session.scalar(sa.select(Event).where(Event.slug == RAICT_2023))
    published = published_syntheses(event)
    assert len(published) == 3
    session_id = sorted(published)[0]
    page = demo_client.get(f"/raict/{RAICT_2023}/sessions/{session_id}").get_data(as_text=True)
    assert "<strong>former leurs agents</strong>" in page
    text = normalised(pdf_text(proceedings_pdf(event, "fr")))
    assert "former leurs agents" in text and "Sommaire" in text
    assert published[session_id].rapporteur.person.name in text
