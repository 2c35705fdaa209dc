"""``flask privacy export|erase EMAIL`` and ``flask privacy purge-passports``."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.mail.models import OutboxMessage
from app.people.models import Person
from app.registration.admin_queries import RegistrationFilters, count_registrations, filtered_registrations
from app.registration.models import Delegation, Registration, RegistrationCategory, RegistrationStatus
from tests.factories import make_collectivite, make_event, make_registration
from tests.registration.helpers import open_event, outbox, register_someone, workshop


def _someone(db):
    event = open_event()
    session = workshop(event)
    registration = register_someone(event, "Anh.Nguyen@example.org", [session], language="en")
    person = registration.person
    person.collectivite = make_collectivite(name="Huế", country="VN")
    person.phone, person.function, person.country = "+84 1234", "Maire", "VN"
    registration.dietary_needs, registration.passport_number = "Végétarien", "C1234567"
    registration.category = RegistrationCategory.VIP
    registration.delegation = Delegation(event=event, name="Délégation du Vietnam", country="VN", head=person)
    register_someone(event, "other@example.org")
    db.session.commit()
    return event, registration


def test_export_prints_everything_held_as_json(cli, db):
    event, registration = _someone(db)
    result = cli.invoke(args=["privacy", "export", "anh.nguyen@example.org"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["person"]["email"] == "anh.nguyen@example.org" and data["person"]["phone"] == "+84 1234"
    assert data["collectivite"]["name"] == "Huế"
    [held] = data["registrations"]
    assert held["event"]["slug"] == event.slug and held["category"] == "vip" and held["passport_number"] == "C1234567"
    assert held["choices"][0]["status"] == "confirmed" and held["delegation"]["is_head"] is True
    assert "manage_token" not in held
    assert [mail["to_address"] for mail in data["mails"]] == ["anh.nguyen@example.org"]
    assert data["mails"][0]["attachments"] == [f"{event.slug}-agenda.ics", f"{event.slug}-badge-{registration.id}.pdf"]


def test_unknown_email_exits_1_with_a_message(cli, db):
    for command in ("export", "erase"):
        result = cli.invoke(args=["privacy", command, "nobody@example.org"])
        assert result.exit_code == 1 and "no person with the email" in result.output


def test_erase_removes_personal_data_and_keeps_counts(cli, db):
    event, registration = _someone(db)
    before = count_registrations(filtered_registrations(event, RegistrationFilters()))
    old_token = registration.manage_token
    result = cli.invoke(args=["privacy", "erase", "anh.nguyen@example.org"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    person = db.session.get(Person, registration.person_id)
    assert (person.given_name, person.family_name, person.email, person.phone, person.function) == (
        "Anonymised", "Anonymised", None, None, None)
    assert person.country == "VN" and person.collectivite.name == "Huế"
    kept = db.session.get(Registration, registration.id)
    assert kept.status == RegistrationStatus.CONFIRMED and kept.category == RegistrationCategory.VIP
    assert kept.dietary_needs is None and kept.passport_number is None and kept.manage_token != old_token
    assert [mail.to_address for mail in outbox(db)] == ["other@example.org"]
    assert count_registrations(filtered_registrations(event, RegistrationFilters())) == before
    assert cli.invoke(args=["privacy", "export", "anh.nguyen@example.org"]).exit_code == 1


def test_purge_passports_of_ended_events(cli, db):
    past = make_event(starts_at=datetime(2020, 9, 18, 9, tzinfo=UTC))
    future = open_event()
    travel = dict(passport_number="C1", passport_expires_on=date(2030, 1, 1), date_of_birth=date(1980, 1, 1),
                  nationality="VN")
    ended = [make_registration(past, **travel), make_registration(past, **travel), make_registration(past)]
    coming = make_registration(future, **travel)
    db.session.commit()
    result = cli.invoke(args=["privacy", "purge-passports"])
    assert result.exit_code == 0 and "2 registration(s)" in result.output
    db.session.expire_all()
    assert all(r.passport_number is None and r.date_of_birth is None and r.nationality is None for r in ended)
    assert coming.passport_number == "C1" and coming.nationality == "VN"
    result = cli.invoke(args=["privacy", "purge-passports", "--event", future.slug])
    assert result.exit_code == 0 and "1 registration(s)" in result.output
    db.session.expire_all()
    assert coming.passport_number is None and coming.passport_expires_on is None
    assert cli.invoke(args=["privacy", "purge-passports", "--event", "nope"]).exit_code != 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 4
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_erase_and_purge_leave_an_audit_line_without_personal_data(cli, db):
    """The privacy commands change data like any operation: each leaves its audit line (actor ``system`` from the
    command line), naming the person by id only and the purge by its count."""
    event, registration = _someone(db)
    assert cli.invoke(args=["privacy", "purge-passports", "--event", event.slug]).exit_code == 0
    assert cli.invoke(args=["privacy", "erase", "anh.nguyen@example.org"]).exit_code == 0
    lines = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action.in_(
        ["registration.purge_passports", "person.erase"])).order_by(AuditEntry.id)).all()
    assert [(line.action, line.actor) for line in lines] == [("registration.purge_passports", "system"),
                                                             ("person.erase", "system")]
    assert lines[0].details == {"registrations": 1} and lines[0].event_id == event.id
    assert (lines[1].target_type, lines[1].target_id) == ("person", registration.person_id)
    assert "anh" not in json.dumps(lines[1].details).lower() and "C1234567" not in json.dumps(lines[0].details)
