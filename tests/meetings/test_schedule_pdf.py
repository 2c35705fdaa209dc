"""Door sheets per table, each person's meetings and the interpreters' schedules, as PDFs, in every script."""
from __future__ import annotations

import pytest

from app.auth.models import Role
from app.meetings import operations
from app.meetings.scheduling import schedule_event
from tests.backoffice.helpers import login_as
from tests.meetings.test_schedule_event import _meeting, _setup
from tests.pdf_support import normalised, page_count, pdf_text, require_fonts, require_pdf_tools


@pytest.fixture(autouse=True)
def _tools():
    require_fonts()
    require_pdf_tools()


def test_meeting_pdfs_show_tables_people_and_interpreters_in_every_script(app, client, db):
    a = _setup(tables=2, slots=2, languages=("fr", "vi"))
    a.binh.person.family_name, a.binh.person.given_name = "Nguyễn", "Bình"
    a.dung.person.family_name, a.dung.person.given_name = "山田", "太郎"
    operations.add_interpreter(a.event, "Lê Thị Lan", "lan@example.org", "fr-vi", [], actor="test")
    _meeting(a, a.anne, a.binh)
    _meeting(a, a.anne, a.dung)
    schedule_event(a.event, publish=True, actor="test")
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    base = f"/organiser/events/{a.event.slug}/meetings/schedule/"
    page = client.get(base).get_data(as_text=True)
    bodies = {}
    for what in ("doors", "people", "interpreters"):
        assert f"{base}{what}.pdf" in page
        response = client.get(f"{base}{what}.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        bodies[what] = response.data
    doors = normalised(pdf_text(bodies["doors"]))
    assert "Table 1" in doors and "Salon Hô Chi Minh" in doors and "Nguyễn" in doors and "山田" in doors
    people = normalised(pdf_text(bodies["people"]))
    assert page_count(bodies["people"]) == 3  # Anne, Bình, 太郎
    assert "Bình" in people and "Lê Thị Lan" in people
    interpreters = normalised(pdf_text(bodies["interpreters"]))
    assert page_count(bodies["interpreters"]) == 1 and "Lê Thị Lan" in interpreters and "Nguyễn" in interpreters
