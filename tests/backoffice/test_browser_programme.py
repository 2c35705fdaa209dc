"""In a real browser: an organiser logs in, adds a session with a speaker, and sees it in the public programme."""
from __future__ import annotations

from app.auth.models import Role
from tests.factories import TEST_PASSWORD, make_event, make_person, make_room, make_user


def test_browser_organiser_adds_session_with_speaker(live_server, page, db):
    event = make_event(slug="raict-2030", title_fr="RAICT 2030")
    make_room(event, name="Auditorium")
    make_person(given_name="Thị Hương", family_name="Nguyễn", given_name_latin="Thi Huong", family_name_latin="Nguyen",
                country="VN", function="Vice-présidente du Comité populaire de Hanoï")
    user = make_user(Role.ORGANISER)
    db.session.commit()

    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/organiser/")

    page.click("text=RAICT 2030")
    page.click("text=Ajouter une session")
    page.fill("#title_fr", "Villes et climat : coopérer face aux crises")
    page.fill("#title_en", "Cities and climate: cooperating in crises")
    page.select_option("#type", "workshop")
    page.select_option("#room_id", label="Auditorium")
    page.fill("#day", "2030-09-18")
    page.fill("#start_time", "14:00")
    page.fill("#end_time", "15:30")
    page.click("text=Enregistrer la session")
    page.wait_for_selector("text=Session enregistrée.")
    page.wait_for_load_state()  # the search-as-you-type script listens once loaded: typing earlier searches nothing

    page.fill("#q", "nguyen")  # search as you type: results appear without pressing Search
    page.wait_for_selector("#person-results >> text=Nguyễn Thị Hương")
    page.select_option("#person-results select[name=role]", "moderator")
    page.click("#person-results button:has-text('Ajouter')")
    page.wait_for_selector(".speaker-admin-list >> text=Nguyễn Thị Hương")

    page.goto(f"{live_server}/raict/raict-2030/programme")
    session = page.locator("li.session", has_text="Villes et climat")
    assert session.locator(".session-time").inner_text().startswith("14:00")
    assert "Auditorium" in session.inner_text()
    speaker_line = session.locator(".speakers li").inner_text()
    assert "Nguyễn Thị Hương" in speaker_line and "Modérateur" in speaker_line
