"""Registration changes made by the operations (as a CLI or API would) leave the audit lines the web pages
leave: the registrant's own changes, the organisers' moderation and edits, the head of delegation's changes,
letters, and the confirmation of a mailed link."""
from __future__ import annotations

import sqlalchemy as sa

from app.delegations import operations as delegations
from app.people.operations import PersonData
from app.registration import claims, letters, operations
from app.registration.admin_operations import (
    RegistrationChanges,
    moderate_registration,
    update_registration,
)
from app.registration.models import (
    ClaimKind,
    Delegation,
    InvitationLetterStatus,
    PendingClaim,
    RegistrationCategory,
    RegistrationStatus,
)
from tests.audit.lines import audit_lines, last_line
from tests.backoffice.helpers import post_form
from tests.factories import make_person, make_registration
from tests.registration.helpers import open_event, workshop


def test_choose_workshops_writes_audit_line(app, client, db):
    event = open_event()
    first, second = workshop(event, 1), workshop(event, 3)
    by_page, by_operation = make_registration(event), make_registration(event)
    db.session.commit()
    post_form(client, f"/registration/{by_page.manage_token}/choices", {"sessions": [first.id]},
              page_url=f"/registration/{by_page.manage_token}")
    operations.choose_workshops(by_operation, [first, second], actor="delegate")
    web, operation = audit_lines(db, "registration.choices")
    assert web == ("registration.choices", "delegate", None, "registration", by_page.id, event.id,
                   {"sessions": [first.id]})
    assert operation == ("registration.choices", "delegate", None, "registration", by_operation.id, event.id,
                         {"sessions": sorted([first.id, second.id])})
    operations.choose_workshops(by_operation, [second], actor="delegate", by="head_of_delegation")
    assert last_line(db, "registration.choices")[6] == {"sessions": [second.id], "by": "head_of_delegation"}


def test_update_own_details_and_renew_calendar_link_write_audit_lines(app, db):
    event = open_event()
    registration = make_registration(event)
    operations.update_own_details(registration, operations.OwnDetails(given_name="Lan", family_name="Trần"))
    assert last_line(db, "registration.details") == ("registration.details", "delegate", None, "registration",
                                                     registration.id, event.id, {})
    old = registration.calendar_token
    assert operations.renew_calendar_link(registration) != old
    assert last_line(db, "registration.calendar_link_renewed")[:5] == (
        "registration.calendar_link_renewed", "delegate", None, "registration", registration.id)


def test_moderate_registration_writes_audit_line(app, db):
    event = open_event()
    approved = make_registration(event, status=RegistrationStatus.PENDING)
    refused = make_registration(event, status=RegistrationStatus.PENDING)
    moderate_registration(approved, "approve", actor="system")
    moderate_registration(refused, "refuse", actor="system")
    assert last_line(db, "registration.approve") == ("registration.approve", "system", None, "registration",
                                                     approved.id, event.id, {"status": "confirmed"})
    assert last_line(db, "registration.refuse")[6] == {"status": "refused"}


def test_update_registration_writes_one_audit_line(app, db):
    event = open_event()
    chosen = workshop(event)
    registration = make_registration(event)
    update_registration(registration, RegistrationChanges(
        category=RegistrationCategory.SPEAKER, status=RegistrationStatus.CONFIRMED, interpretation_needs=None,
        dietary_needs="végétarien", accessibility_needs=None, sessions=[chosen]), actor="system")
    assert audit_lines(db, "registration.edit") == [("registration.edit", "system", None, "registration",
                                                     registration.id, event.id,
                                                     {"status": "confirmed", "category": "speaker",
                                                      "sessions": [chosen.id]})]
    assert audit_lines(db, "registration.choices") == []  # the building block writes nothing of its own


def test_delegation_operations_write_audit_lines(app, db):
    event = open_event()
    delegation = Delegation(event=event, name="Délégation de Huế", country="VN")
    db.session.add(delegation)
    db.session.flush()
    member = delegations.add_member(delegation, PersonData(given_name="Lan", family_name="Trần", country="VN",
                                                           email="lan@example.vn"), [], "fr", actor="delegate")
    assert last_line(db, "delegation.add_member") == ("delegation.add_member", "delegate", None, "delegation",
                                                      delegation.id, event.id, {})
    delegations.update_member(member, PersonData(given_name="Lan", family_name="Tran", country="VN"), "en")
    assert last_line(db, "registration.edit")[:5] == ("registration.edit", "delegate", None, "registration", member.id)
    plan = delegations.MemberPlan(members=[
        delegations.MemberRow(2, PersonData(given_name="Minh", family_name="Lê", country="VN", email="minh@example.vn"),
                              "fr"),
        delegations.MemberRow(3, PersonData(given_name="Hoa", family_name="Phạm", country="VN",
                                            email="hoa@example.vn"), "en")])
    assert len(delegations.import_members(delegation, plan)) == 2
    assert last_line(db, "delegation.import") == ("delegation.import", "delegate", None, "delegation", delegation.id,
                                                  event.id, {"rows": 2})
    assert len(audit_lines(db, "delegation.add_member")) == 1  # an import is one line, not one per member


def test_letter_decisions_write_audit_lines(app, db):
    event = open_event()
    registration = make_registration(event, make_person(country="VN"),
                                     invitation_letter=InvitationLetterStatus.REQUESTED)
    letters.refuse_letter(registration, actor="system")
    assert last_line(db, "letter.refuse") == ("letter.refuse", "system", None, "registration", registration.id,
                                              event.id, {})


def test_confirming_a_mailed_link_writes_audit_line_once(app, db):
    event = open_event()
    claims.submit(event, ClaimKind.REGISTRATION, "lan@example.vn", "fr",
                  {"person": {"given_name": "Lan", "family_name": "Trần", "country": "VN"}, "details": {},
                   "sessions": []})
    claim = db.session.scalar(sa.select(PendingClaim))
    outcome = claims.confirm(claim)
    assert outcome.registration is not None
    assert audit_lines(db, "registration.address_confirmed") == [
        ("registration.address_confirmed", "delegate", None, "registration", outcome.registration.id, event.id,
         {"form": "registration"})]

