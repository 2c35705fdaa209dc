"""Reminders configured per event: 7 days and 1 day before with the person's own agenda (.ics) and practical
information, the organisers' form, the worker command; transactional (opt-out does not apply)."""
from __future__ import annotations

from datetime import timedelta

import icalendar
import sqlalchemy as sa

from app.communications.messages_models import ReminderRule
from app.communications.reminders import Reminder, due_reminder, late_window, queue_due_reminders
from app.core.extensions import db
from app.mail.models import OutboxMessage
from app.mail.outbox import send_due
from app.mail.suppression import opt_out
from app.registration.models import RegistrationStatus
from tests.backoffice.helpers import login_as
from tests.communications.helpers import choose
from tests.conftest import csrf_token_from
from tests.factories import make_event, make_person, make_registration, make_session
from tests.mail.conftest import smtp_server  # noqa: F401  (the fixture)


def configured_event():
    event = make_event(title_fr="Assises de Hué", title_en="Hue Assises")
    workshop = make_session(event, title_fr="Atelier patrimoine", title_en="Heritage workshop")
    db.session.add_all([
        ReminderRule(event_id=event.id, minutes_before=7 * 24 * 60, with_agenda=True,
                     practical_fr="Navette depuis l'aéroport à 8 h.", practical_en="Shuttle from the airport at 8am."),
        ReminderRule(event_id=event.id, minutes_before=24 * 60, with_agenda=False)])
    person = make_person(given_name="Lan", email="lan@example.vn")
    registration = make_registration(event, person, language="en")
    choose(registration, workshop)
    make_registration(event, make_person(email="waiting@example.org"), status=RegistrationStatus.WAITLISTED)
    db.session.commit()
    return event, registration


def test_a_week_before_each_confirmed_person_gets_their_agenda_and_practical_information(app, smtp_server):  # noqa: F811
    event, registration = configured_event()
    assert queue_due_reminders(event.starts_at - timedelta(days=8)) == 0
    assert queue_due_reminders(event.starts_at - timedelta(days=7) + timedelta(hours=1)) == 1
    db.session.commit()
    assert send_due().sent == 1
    [mail] = smtp_server.messages
    text = mail.get_body(("plain",)).get_content()
    assert mail["To"] == "lan@example.vn" and mail["Subject"] == "In 7 days: Hue Assises"
    assert "Heritage workshop" in text and "Shuttle from the airport at 8am." in text
    assert registration.manage_token in text
    [attachment] = [part for part in mail.iter_attachments() if part.get_content_type() == "text/calendar"]
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    assert "Heritage workshop" in [str(item["SUMMARY"]) for item in calendar.walk("VEVENT")]


def test_the_day_before_without_agenda_and_each_reminder_once(app):
    event, registration = configured_event()
    day_before = event.starts_at - timedelta(hours=23)
    assert queue_due_reminders(day_before) == 1
    assert queue_due_reminders(day_before) == 0
    db.session.commit()
    [message] = db.session.scalars(sa.select(OutboxMessage))
    assert message.dedupe_key == f"registration-{registration.id}-reminder_day" and message.attachments == []


def test_reminders_are_transactional_an_opted_out_person_still_gets_theirs(app, smtp_server):  # noqa: F811
    event, _ = configured_event()
    opt_out("lan@example.vn", actor="test", how="page")
    db.session.commit()
    queue_due_reminders(event.starts_at - timedelta(hours=23))
    db.session.commit()
    assert send_due().sent == 1 and "List-Unsubscribe" not in smtp_server.messages[0]


def test_a_closer_reminder_supersedes_and_a_late_one_is_skipped():
    from datetime import UTC, datetime

    start = datetime(2030, 1, 10, 9, tzinfo=UTC)
    rules = [Reminder(7 * 24 * 60), Reminder(24 * 60), Reminder(60)]
    assert due_reminder(rules, start, start - timedelta(days=7)).minutes_before == 7 * 24 * 60
    assert due_reminder(rules, start, start - timedelta(minutes=55)).minutes_before == 60
    assert due_reminder(rules, start, start - timedelta(hours=12)) is None  # the day's is 12 h late (window 6 h)
    assert due_reminder(rules, start, start) is None
    assert late_window(60) == timedelta(minutes=15) and late_window(7 * 24 * 60) == timedelta(hours=12)


def test_the_organisers_form_sets_the_reminders_and_an_empty_form_stops_the_defaults(client, db):
    from app.events.models import EventKind

    chronicle = make_event(kind=EventKind.CHRONIQUE, is_online=True, online_url="https://visio.example.org/x")
    make_registration(chronicle, make_person())
    db.session.commit()
    login_as(client, db)
    url = f"/organiser/events/{chronicle.slug}/reminders"
    page = client.get(url).get_data(as_text=True)
    assert 'value="24"' not in page and 'name="rows-0-amount"' in page and 'value="1"' in page  # 1 day, 1 hour
    rows = {"csrf_token": csrf_token_from(page)}
    for index in range(4):
        rows |= {f"rows-{index}-amount": "", f"rows-{index}-unit": "days", f"rows-{index}-enabled": "y"}
    rows |= {"rows-0-amount": "3", "rows-0-unit": "hours", "rows-0-with_join_link": "y",
             "rows-0-practical_fr": "Testez votre micro.", "rows-1-amount": "3", "rows-1-unit": "hours"}
    assert client.post(url, data=rows).status_code == 400  # twice the same time
    rows["rows-1-amount"] = ""
    assert client.post(url, data=rows).status_code == 303
    [rule] = db.session.scalars(sa.select(ReminderRule).where(ReminderRule.event_id == chronicle.id))
    assert (rule.minutes_before, rule.with_join_link, rule.with_agenda, rule.practical_fr) == (180, True, False,
                                                                                               "Testez votre micro.")
    assert queue_due_reminders(chronicle.starts_at - timedelta(hours=2, minutes=50)) == 1
    db.session.rollback()
    rows["rows-0-amount"] = ""
    assert client.post(url, data=rows).status_code == 303
    assert queue_due_reminders(chronicle.starts_at - timedelta(minutes=50)) == 0  # no default hour reminder any more


def test_the_reminders_in_force_saved_unchanged_change_nothing(db):
    from app.audit.models import AuditEntry
    from app.communications.reminders_settings import save_rules, uses_defaults
    from app.events.models import EventKind

    chronicle = make_event(kind=EventKind.CHRONIQUE, is_online=True, online_url="https://visio.example.org/x")
    db.session.flush()
    audits = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    save_rules(chronicle, [Reminder(60, with_join_link=True), Reminder(24 * 60, with_join_link=True)], actor="test")
    assert uses_defaults(chronicle)  # still on the kind's defaults: a later change of the defaults reaches it
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == audits
    save_rules(chronicle, [Reminder(7 * 24 * 60)], actor="test")
    [rule] = db.session.scalars(sa.select(ReminderRule).where(ReminderRule.event_id == chronicle.id))
    save_rules(chronicle, [Reminder(7 * 24 * 60)], actor="test")
    assert db.session.scalars(sa.select(ReminderRule).where(ReminderRule.event_id == chronicle.id)).all() == [rule]
