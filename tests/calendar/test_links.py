"""Google / Outlook "add event" links, webcal subscriptions, and the calendar links on the pages (FR and EN)."""
from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from app.calendar.links import MAX_DETAILS, web_calendar_links, webcal_url
from app.events.models import EventKind, EventSeries
from tests.calendar.builders import build_programme, make_chronicle, paris


def params(url: str) -> dict[str, str]:
    query = parse_qs(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(values) == 1 for values in query.values())
    return {key: values[0] for key, values in query.items()}


def test_google_link_has_utc_dates_and_the_event_zone():
    links = web_calendar_links("Đại hội & climat", paris(23, 9, 30), paris(23, 11), "Europe/Paris",
                               details="Atelier\nMme Nguyễn", location="Salle 1, Paris")
    parts = urlsplit(links.google)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "calendar.google.com", "/calendar/render")
    assert params(links.google) == {
        "action": "TEMPLATE", "text": "Đại hội & climat", "dates": "20241023T073000Z/20241023T090000Z",
        "details": "Atelier\nMme Nguyễn", "location": "Salle 1, Paris", "ctz": "Europe/Paris"}
    assert "+" not in parts.query


def test_outlook_link_has_iso_utc_times():
    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    links = web_calendar_links("Assises", datetime(2024, 4, 11, 9, tzinfo=hanoi), datetime(2024, 4, 11, 10, tzinfo=hanoi),
                               "Asia/Ho_Chi_Minh", details="Plénière", location="Huế")
    parts = urlsplit(links.outlook)
    assert (parts.netloc, parts.path) == ("outlook.live.com", "/calendar/0/deeplink/compose")
    assert params(links.outlook) == {
        "path": "/calendar/action/compose", "rru": "addevent", "subject": "Assises",
        "startdt": "2024-04-11T02:00:00Z", "enddt": "2024-04-11T03:00:00Z", "body": "Plénière", "location": "Huế"}
    assert "+" not in parts.query


def test_long_details_are_shortened_and_empty_fields_left_out():
    links = web_calendar_links("T", paris(23, 9), paris(23, 10), "Europe/Paris", details="x" * 5000)
    google = params(links.google)
    assert len(google["details"]) == MAX_DETAILS and google["details"].endswith("…")
    assert "location" not in google and "location" not in params(links.outlook)


def test_webcal_url_replaces_the_scheme():
    assert webcal_url("https://rencontres.example.org/raict/x/programme.ics?lang=fr") == \
        "webcal://rencontres.example.org/raict/x/programme.ics?lang=fr"
    assert webcal_url("http://localhost/a.ics") == "webcal://localhost/a.ics"


def test_add_to_google_and_outlook_redirect_with_the_session(client, db):
    programme = build_programme(db)
    db.session.commit()
    base = f"/raict/{programme.event.slug}/sessions/{programme.workshop.id}/add-to"
    google = client.get(f"{base}/google?lang=en")
    assert google.status_code == 303
    query = params(google.headers["Location"])
    assert query["text"] == "Cities and climate" and query["dates"] == "20241030T083000Z/20241030T100000Z"
    assert query["ctz"] == "Europe/Paris" and "Moderator: Mme Nguyễn Thị Lan" in query["details"]
    assert query["details"].endswith(f"/raict/{programme.event.slug}/programme?lang=en#session-{programme.workshop.id}")
    outlook = params(client.get(f"{base}/outlook?lang=fr").headers["Location"])
    assert outlook["subject"] == "Villes et climat" and outlook["startdt"] == "2024-10-30T08:30:00Z"
    assert client.get(f"/raict/{programme.event.slug}/sessions/{programme.hidden.id}/add-to/google").status_code == 404
    assert client.get(f"{base}/yahoo").status_code == 404


def test_programme_page_offers_download_subscribe_and_per_session_links_in_english(client, db):
    programme = build_programme(db)
    db.session.commit()
    slug = programme.event.slug
    page = client.get(f"/raict/{slug}/programme?lang=en").get_data(as_text=True)
    assert f'href="/raict/{slug}/programme.ics?download=1&amp;lang=en"' in page
    assert "Download the programme (.ics)" in page
    assert f'href="webcal://localhost/raict/{slug}/programme.ics?lang=en">Subscribe (webcal://…)</a>' in page
    # each track: a subscription (webcal://) and a plain download
    assert f'href="webcal://localhost/raict/{slug}/tracks/climat.ics?lang=en">subscribe' in page
    assert f'href="/raict/{slug}/tracks/climat.ics?download=1&amp;lang=en" type="text/calendar">download (.ics)' in page
    assert client.get(f"/raict/{slug}/tracks/climat.ics?download=1&lang=en").headers["Content-Disposition"].startswith(
        "attachment")
    workshop = programme.workshop.id
    assert f'href="/raict/{slug}/sessions/{workshop}.ics" type="text/calendar" download>Add to my calendar (.ics)</a>' in page
    assert f'href="/raict/{slug}/sessions/{workshop}/add-to/google" rel="nofollow">Google Calendar</a>' in page
    assert f'href="/raict/{slug}/sessions/{workshop}/add-to/outlook" rel="nofollow">Outlook</a>' in page
    assert 'aria-label="Add “Cities and climate” to a calendar"' in page
    assert f"/sessions/{programme.cancelled.id}.ics" not in page  # nothing to add for a cancelled session


def test_programme_page_calendar_links_in_french(client, db):
    programme = build_programme(db)
    db.session.commit()
    page = client.get(f"/raict/{programme.event.slug}/programme?lang=fr").get_data(as_text=True)
    for text in ("Télécharger le programme (.ics)", "S'abonner (webcal://…)", "Ajouter à mon agenda (.ics)",
                 ">Google Agenda</a>", "Une dynamique ou un pôle dans votre agenda :", "télécharger (.ics)",
                 "Ajouter « Villes et climat » à un agenda"):
        assert text in page, text
    assert "programme.ics?download=1&amp;lang=fr" in page


def test_event_page_links_to_the_programme_feed(client, db):
    programme = build_programme(db)
    db.session.commit()
    slug = programme.event.slug
    french = client.get(f"/raict/{slug}/?lang=fr").get_data(as_text=True)
    assert "Dans votre agenda" in french and f"webcal://localhost/raict/{slug}/programme.ics?lang=fr" in french
    english = client.get(f"/raict/{slug}/?lang=en").get_data(as_text=True)
    assert "In your calendar" in english and "Download the programme (.ics)" in english


def test_series_page_links_to_the_series_feed(client, db):
    series = EventSeries(slug="chroniques-2024", kind=EventKind.CHRONIQUE, title_fr="Chroniques 2024", title_en="Chronicles")
    db.session.add(series)
    make_chronicle(series, datetime(2024, 1, 18, 12, 30, tzinfo=ZoneInfo("Europe/Paris")))
    db.session.commit()
    page = client.get("/chroniques/chroniques-2024/?lang=fr").get_data(as_text=True)
    assert 'href="/chroniques/chroniques-2024/series.ics?download=1&amp;lang=fr"' in page
    assert "Télécharger la série (.ics)" in page and "webcal://localhost/chroniques/chroniques-2024/series.ics" in page
    english = client.get("/chroniques/chroniques-2024/?lang=en").get_data(as_text=True)
    assert "Download the series (.ics)" in english
