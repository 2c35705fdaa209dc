"""Issue 13, chronicles are online: the form asks nothing about workshops, meals or badges; the mails give the
date, the time and the time zone, the join link to confirmed registrants only, and a calendar file."""
from __future__ import annotations

import base64
import re
from datetime import UTC, datetime

from app.communications.reminders import queue_due_reminders
from app.registration.mails import queue_mail
from tests.chroniques.builders import JOIN_URL, make_chronicle
from tests.registration.helpers import outbox, register_someone

START = datetime(2030, 10, 13, 10, 30, tzinfo=UTC)  # 12:30 in Paris (summer time)


def chronicle(db, **fields):
    from app.events.models import EventKind, EventSeries

    series = EventSeries(slug="chroniques-2030", kind=EventKind.CHRONIQUE, title_fr="Chroniques", title_en="Chronicles")
    db.session.add(series)
    db.session.flush()
    return make_chronicle(series, START, "Japon", **fields)


def ics_of(mail) -> str | None:
    for attachment in mail.attachments:
        if attachment["content_type"] == "text/calendar":
            return base64.b64decode(attachment["data_base64"]).decode("utf-8")
    return None


def test_the_chronicle_form_asks_nothing_about_workshops_meals_or_badges(client, db):
    event = chronicle(db)
    db.session.commit()
    page = client.get(f"/chroniques/{event.slug}/register?lang=en").get_data(as_text=True)
    assert 'name="given_name"' in page and 'name="email"' in page
    for asked in ('name="sessions"', 'name="dietary_needs"', 'name="given_name_latin"', "Workshops"):
        assert asked not in page, asked


def test_the_private_page_of_a_chronicle_offers_no_badge_nor_meals(client, db):
    event = chronicle(db)
    registration = register_someone(event, "online@example.org", language="en")
    db.session.commit()
    page = client.get(f"/registration/{registration.manage_token}?lang=en").get_data(as_text=True)
    assert "My badge" not in page and "/badge" not in page
    assert JOIN_URL in page  # confirmed: the join link
    details = client.get(f"/registration/{registration.manage_token}/details?lang=en").get_data(as_text=True)
    assert 'name="dietary_needs"' not in details and 'name="given_name"' in details


def test_chronicle_mails_give_date_time_zone_join_link_and_a_calendar_file(db):
    event = chronicle(db)
    registration = register_someone(event, "online@example.org", language="en")
    db.session.commit()
    [mail] = outbox(db)
    assert re.search(r"2030, 12:30–13:30 Paris time", mail.text_body), mail.text_body
    assert JOIN_URL in mail.text_body
    calendar = ics_of(mail)
    assert calendar is not None and "BEGIN:VEVENT" in calendar and JOIN_URL in calendar.replace("\r\n ", "")
    assert not any(attachment["content_type"] == "application/pdf" for attachment in mail.attachments)  # no badge
    # the reminders of a confirmed registrant carry the calendar file too
    queue_due_reminders(datetime(2030, 10, 13, 9, 45, tzinfo=UTC))
    db.session.commit()
    reminder = next(mail for mail in outbox(db) if mail.dedupe_key == f"registration-{registration.id}-reminder_hour")
    assert ics_of(reminder) is not None and JOIN_URL in reminder.text_body


def test_the_join_link_and_calendar_go_to_confirmed_registrants_only(db):
    event = chronicle(db, capacity=1)
    register_someone(event, "seated@example.org")
    waiting = register_someone(event, "waiting@example.org", language="en")
    db.session.commit()
    mail = next(mail for mail in outbox(db) if mail.dedupe_key == f"registration-{waiting.id}-waitlisted")
    assert JOIN_URL not in mail.text_body and ics_of(mail) is None
    assert "12:30–13:30 Paris time" in mail.text_body
    link = queue_mail(waiting, "link", key_suffix="again")
    assert JOIN_URL not in link.text_body and ics_of(link) is None
