"""One date formatter (app.core.dates) for pages, mails, PDFs and exports: day before month, 24-hour
times, no seconds, never the US "10/13/27, 2:00 PM", and the zone named as a person says it."""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale

from app.core import dates
from app.mail.models import OutboxMessage
from app.registration import mails
from app.registration.models import ChoiceStatus, Registration, SessionChoice
from tests.backoffice.helpers import login_as
from tests.factories import make_event, make_registration, make_session
from tests.pdf_support import normalised, pdf_text, require_pdf_tools

PARIS = ZoneInfo("Europe/Paris")
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
SECONDS = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
US_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
TWELVE_HOUR = re.compile(r"\b\d{1,2}:\d{2}\s?(AM|PM|am|pm)\b")
LONG_ZONE_NAMES = ("Central European", "heure d’Europe centrale", "heure normale", "heure d’été", "Summer Time",
                   "Standard Time", "Europe/Paris", "Asia/Ho_Chi_Minh")


def assert_readable_dates(text: str) -> None:
    assert not SECONDS.search(text), SECONDS.search(text)
    assert not US_DATE.search(text), US_DATE.search(text)
    assert not TWELVE_HOUR.search(text), TWELVE_HOUR.search(text)
    for name in LONG_ZONE_NAMES:
        assert name not in text


@pytest.mark.parametrize("language, expected", [
    ("fr", "13 oct. 2027, 14:00 (heure de Paris)"),
    ("en", "13 Oct 2027, 14:00 Paris time"),
])
def test_format_when_gives_day_month_24_hour_time_and_city_zone(app, language, expected):
    with app.test_request_context(), force_locale(language):
        assert dates.format_when(datetime(2027, 10, 13, 14, 0, tzinfo=PARIS), "Europe/Paris") == expected


@pytest.mark.parametrize("language, expected", [
    ("fr", "11 avr. 2023, 09:30 (heure de Hanoï)"),
    ("en", "11 Apr 2023, 09:30 Hanoi time"),
])
def test_format_when_names_vietnam_time_after_hanoi(app, language, expected):
    with app.test_request_context(), force_locale(language):
        assert dates.format_when(datetime(2023, 4, 11, 9, 30, tzinfo=HANOI), "Asia/Ho_Chi_Minh") == expected


@pytest.mark.parametrize("language, expected", [
    ("fr", "13 oct. 2027, 09:00"), ("en", "13 Oct 2027, 09:00")])
def test_existing_short_datetime_format_has_no_seconds_nor_us_form(app, language, expected):
    with app.test_request_context(), force_locale(language):
        instant = datetime(2027, 10, 13, 9, 0, tzinfo=PARIS)
        assert dates.format_local_datetime(instant, "Europe/Paris", "short") == expected
        assert dates.format_local_datetime(instant, "Europe/Paris", "medium") == expected
        assert dates.format_local_date(instant, "Europe/Paris", "short") == expected.split(",")[0]


def test_english_dates_put_the_day_first(app):
    with app.test_request_context(), force_locale("en"):
        start, end = datetime(2027, 10, 13, 9, 0, tzinfo=PARIS), datetime(2027, 10, 14, 17, 0, tzinfo=PARIS)
        assert dates.format_date_range(start, end, "Europe/Paris") == "13\u2009–\u200914 Oct 2027"
        assert dates.format_day(start.date()) == "Wednesday 13 October 2027"
        assert dates.format_event_when(start, end, "Europe/Paris") == \
            "13 Oct 2027, 09:00 – 14 Oct 2027, 17:00 Paris time"


def test_french_zone_name_elides_before_a_vowel(app):
    with app.test_request_context(), force_locale("fr"):
        assert dates.zone_name("Africa/Abidjan") == "heure d’Abidjan"
        assert dates.zone_name("Asia/Tokyo") == "heure de Tokyo"
        assert dates.zone_name("UTC") == "UTC"


@pytest.fixture
def autumn_event(db):
    event = make_event(slug="raict-dates", starts_at=datetime(2027, 10, 13, 9, 0, tzinfo=PARIS),
                       ends_at=datetime(2027, 10, 14, 17, 0, tzinfo=PARIS))
    session = make_session(event, title_fr="Atelier climat", title_en="Climate workshop",
                           starts_at=datetime(2027, 10, 13, 14, 0, tzinfo=PARIS))
    registration = make_registration(event, language="en")
    db.session.add(SessionChoice(registration=registration, session=session, status=ChoiceStatus.CONFIRMED))
    db.session.commit()
    return event


@pytest.mark.parametrize("language, zone", [("fr", "heure de Paris"), ("en", "Paris time")])
def test_event_and_programme_pages_name_the_zone_and_show_no_seconds(client, autumn_event, language, zone):
    for url in (f"/raict/{autumn_event.slug}/?lang={language}",
                f"/raict/{autumn_event.slug}/programme?lang={language}"):
        html = client.get(url).get_data(as_text=True)
        text = re.sub(r"<[^>]+>", " ", html)
        assert zone in text, url
        assert "14:00" in text or "09:00" in text
        assert_readable_dates(text)


def test_registration_mail_gives_times_with_the_zone_in_day_month_order(autumn_event, db):
    registration = db.session.query(Registration).filter_by(event_id=autumn_event.id).one()
    message = mails.queue_mail(registration, "confirmed")
    db.session.commit()
    body = db.session.get(OutboxMessage, message.id).text_body
    assert "13 Oct 2027, 09:00 – 14 Oct 2027, 17:00 Paris time" in body
    assert "Climate workshop (13 Oct 2027, 14:00–" in body
    assert_readable_dates(body)


def test_programme_pdf_names_the_zone_and_gives_24_hour_times(client, autumn_event):
    require_pdf_tools()
    body = client.get(f"/raict/{autumn_event.slug}/programme.pdf?lang=en").data
    text = normalised(pdf_text(body))
    assert "Paris time" in text
    assert "14:00–15:30" in text
    assert "13 – 14 Oct 2027" in text
    assert_readable_dates(text)


def test_registration_export_gives_the_registration_time_in_the_event_zone(client, db, autumn_event):
    registration = db.session.query(Registration).filter_by(event_id=autumn_event.id).one()
    registration.created_at = datetime(2027, 3, 1, 8, 5, tzinfo=ZoneInfo("UTC"))
    db.session.commit()
    login_as(client, db)
    csv_text = client.get(f"/organiser/events/{autumn_event.slug}/registrations/export.csv?lang=en").get_data(
        as_text=True)
    assert "1 Mar 2027, 09:05" in csv_text  # 08:05 UTC is 09:05 in Paris in winter
    assert_readable_dates(csv_text)


@pytest.mark.parametrize("language, expected", [
    ("fr", "jeudi 23 septembre 2027, 12:30–13:30 (heure de Paris)"),
    ("en", "Thursday 23 September 2027, 12:30–13:30 (Paris time)"),
])
def test_chronicle_series_page_gives_day_time_and_zone(client, db, language, expected):
    from app.events.models import EventKind, EventSeries, EventStatus

    series = EventSeries(slug="chroniques-2027", kind=EventKind.CHRONIQUE, title_fr="Chroniques", title_en="Chronicles")
    db.session.add(series)
    make_event(kind=EventKind.CHRONIQUE, series=series, status=EventStatus.REGISTRATION_OPEN, is_online=True,
               starts_at=datetime(2027, 9, 23, 12, 30, tzinfo=PARIS), ends_at=datetime(2027, 9, 23, 13, 30, tzinfo=PARIS))
    db.session.commit()
    html = client.get(f"/chroniques/{series.slug}/?lang={language}").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert expected in text
    assert_readable_dates(text)
