from __future__ import annotations

import pytest

from app.registration import operations
from app.registration.models import ChoiceStatus, RegistrationStatus
from tests.registration.helpers import open_event, outbox, register_someone, workshop


def _keys(db) -> list[str]:
    return [mail.dedupe_key for mail in outbox(db)]


def test_capacity_and_promotion_on_cancel(db):
    event = open_event()
    session = workshop(event, capacity=2)
    first, second, third = (register_someone(event, f"p{n}@example.org", [session]) for n in range(3))
    assert [r.choices[0].status for r in (first, second, third)] == [
        ChoiceStatus.CONFIRMED, ChoiceStatus.CONFIRMED, ChoiceStatus.WAITLISTED]
    operations.cancel(first)
    assert first.status == RegistrationStatus.CANCELLED and first.choices == []
    assert third.choices[0].status == ChoiceStatus.CONFIRMED
    assert f"registration-{first.id}-cancelled" in _keys(db)
    assert any(key.startswith(f"registration-{third.id}-session_promoted") for key in _keys(db))


def test_full_event_waitlists_and_promotes_first_waiting(db):
    event = open_event(capacity=1)
    first = register_someone(event, "a@example.org")
    second = register_someone(event, "b@example.org", language="en")
    third = register_someone(event, "c@example.org")
    assert (second.status, third.status) == (RegistrationStatus.WAITLISTED, RegistrationStatus.WAITLISTED)
    operations.cancel(first)
    assert second.status == RegistrationStatus.CONFIRMED and third.status == RegistrationStatus.WAITLISTED
    promoted = [mail for mail in outbox(db) if mail.dedupe_key == f"registration-{second.id}-promoted"]
    assert promoted and promoted[0].language == "en" and promoted[0].subject.startswith("A place is free")


def test_moderation_pending_then_approved_or_refused(db):
    event = open_event(requires_approval=True)
    session = workshop(event, capacity=5)
    accepted = register_someone(event, "yes@example.org", [session])
    refused = register_someone(event, "no@example.org")
    assert accepted.status == refused.status == RegistrationStatus.PENDING
    assert accepted.choices[0].status == ChoiceStatus.WAITLISTED
    operations.approve(accepted)
    operations.refuse(refused)
    assert accepted.status == RegistrationStatus.CONFIRMED and accepted.choices[0].status == ChoiceStatus.CONFIRMED
    assert refused.status == RegistrationStatus.REFUSED
    keys = _keys(db)
    for key in (f"registration-{accepted.id}-pending", f"registration-{accepted.id}-approved",
                f"registration-{refused.id}-refused"):
        assert key in keys
    refused_mail = next(mail for mail in outbox(db) if mail.dedupe_key.endswith("-refused"))
    assert refused_mail.subject.startswith("Inscription non retenue")


def test_change_choices_frees_seat_and_refuses_overlaps(db):
    event = open_event()
    a, b = workshop(event, hours=1, capacity=1), workshop(event, hours=3, capacity=1)
    overlapping = workshop(event, hours=1)
    first = register_someone(event, "first@example.org", [a])
    second = register_someone(event, "second@example.org", [a])
    assert second.choices[0].status == ChoiceStatus.WAITLISTED
    operations.change_choices(first, [b])
    assert [c.session_id for c in first.choices] == [b.id] and first.choices[0].status == ChoiceStatus.CONFIRMED
    assert second.choices[0].status == ChoiceStatus.CONFIRMED
    with pytest.raises(operations.InvalidChoices):
        operations.change_choices(first, [a, overlapping])
    assert [c.session_id for c in first.choices] == [b.id]


def test_same_email_refused_with_the_existing_registration(db):
    event = open_event()
    existing = register_someone(event, "same@example.org")
    try:
        register_someone(event, "SAME@example.org")
    except operations.AlreadyRegistered as error:
        assert error.existing.id == existing.id
    else:
        raise AssertionError("second registration accepted")
