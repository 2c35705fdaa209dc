"""The audit log: who changed what, written with the change, secrets kept out, readable by admins only."""
from __future__ import annotations

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.audit.operations import record_audit
from app.auth.models import Role
from app.backoffice.audit_queries import PAGE_SIZE
from app.registration.models import RegistrationStatus
from tests.backoffice.helpers import login_as, post_form
from tests.conftest import csrf_token_from
from tests.factories import make_event
from tests.registration.helpers import open_event, register_someone


def entries(db, action: str | None = None) -> list[AuditEntry]:
    query = sa.select(AuditEntry).order_by(AuditEntry.id)
    return list(db.session.scalars(query.where(AuditEntry.action == action) if action else query))


def test_moderation_and_edits_are_recorded_with_the_organiser(client, db):
    organiser = login_as(client, db, Role.ORGANISER)
    event = open_event(requires_approval=True)
    yes, no = register_someone(event, "yes@example.org"), register_someone(event, "no@example.org")
    db.session.commit()
    base = f"/organiser/events/{event.slug}/registrations"
    post_form(client, f"{base}/{yes.id}/approve", {}, base + "/pending")
    post_form(client, f"{base}/{no.id}/refuse", {}, base + "/pending")
    approved, refused = entries(db, "registration.approve"), entries(db, "registration.refuse")
    assert [(e.target_type, e.target_id, e.event_id, e.user_id, e.actor) for e in approved] == [
        ("registration", yes.id, event.id, organiser.id, f"user:{organiser.id}")]
    assert approved[0].details == {"status": "confirmed"} and refused[0].target_id == no.id


def test_a_refused_action_records_nothing(client, db):
    login_as(client, db, Role.ORGANISER)
    event = open_event()
    registration = register_someone(event, "done@example.org")  # already confirmed: cannot be approved
    db.session.commit()
    base = f"/organiser/events/{event.slug}/registrations"
    post_form(client, f"{base}/{registration.id}/approve", {}, base + "/pending")
    assert entries(db, "registration.approve") == []


def test_delegate_cancellation_is_recorded_without_the_token(client, db):
    registration = register_someone(open_event(), "self@example.org")
    db.session.commit()
    url = f"/registration/{registration.manage_token}"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    assert client.post(url + "/cancel", data={"csrf_token": token}).status_code == 303
    [entry] = entries(db, "registration.cancel")
    assert entry.actor == "delegate" and entry.user_id is None and entry.target_id == registration.id
    assert registration.manage_token not in str(entry.details)


def test_event_and_session_saves_and_user_creation_are_recorded(client, db, cli):
    result = cli.invoke(args=["users", "create", "new@example.org", "--role", "desk", "--password", "a long password"])
    assert result.exit_code == 0, result.output
    [created] = entries(db, "user.create")
    assert created.actor == "system" and created.details == {"email": "new@example.org", "role": "desk"}
    login_as(client, db, Role.ADMIN)
    event = make_event()
    db.session.commit()
    from tests.factories import make_session

    session = make_session(event)
    db.session.commit()
    post_form(client, f"/organiser/events/{event.slug}/sessions/{session.id}/cancel", {},
              f"/organiser/events/{event.slug}/sessions")
    [cancelled] = entries(db, "session.cancel")
    assert cancelled.target_type == "programme_session" and cancelled.event_id == event.id


def test_secrets_never_reach_the_details(app, db):
    entry = record_audit("test.action", actor="desk:Entrée A", details={
        "manage_token": "s3cr3t", "password": "hunter2", "passport_number": "C123", "desk_token_hash": "ab",
        "url": "/registration/abcdef123/letter", "nested": {"calendar_token": "x", "ok": 1},
        "status": RegistrationStatus.CONFIRMED})
    assert entry.details == {"url": "/registration/[token]/letter", "nested": {"ok": 1}, "status": "confirmed"}
    assert entry.actor == "desk:Entrée A" and entry.user_id is None


def test_admin_page_filters_and_pages_in_constant_queries(client, db, count_queries):
    login_as(client, db, Role.ADMIN)
    event = make_event()
    for number in range(PAGE_SIZE + 5):
        record_audit("registration.edit", target_type="registration", target_id=number, event_id=event.id)
    record_audit("event.edit", target=event, event_id=event.id)
    db.session.commit()
    with count_queries() as counter:
        first = client.get("/organiser/audit/?lang=en")
    page = first.get_data(as_text=True)
    assert first.status_code == 200 and page.count('id="audit-') == PAGE_SIZE and "Older" in page
    assert counter.count <= 6
    second = client.get("/organiser/audit/?page=2&action=registration.edit").get_data(as_text=True)
    assert second.count('id="audit-') == 5
    only_events = client.get(f"/organiser/audit/?action=event.&event={event.id}").get_data(as_text=True)
    assert only_events.count('id="audit-') == 1


def test_only_admins_see_the_audit_log(client, db):
    login_as(client, db, Role.ORGANISER)
    assert client.get("/organiser/audit/").status_code == 403


def test_programme_and_people_edits_are_recorded(client, db):
    login_as(client, db, Role.ORGANISER)
    event = make_event()
    db.session.commit()
    rooms = f"/organiser/events/{event.slug}/rooms"
    assert post_form(client, rooms, {"name": "Salle Europe", "capacity": "120"}).status_code == 302
    assert post_form(client, "/organiser/people/protocol", {"name_fr": "Préfet", "name_en": "Prefect",
                                                            "precedence": "5"}).status_code == 302
    [room] = entries(db, "room.create")
    assert room.event_id == event.id and room.details == {"name": "Salle Europe", "capacity": 120}
    assert entries(db, "protocol_rank.create")[0].details == {"name": "Préfet", "precedence": 5}


def test_audit_page_number_past_any_integer_is_an_empty_page_not_a_500(client, db):
    login_as(client, db, Role.ADMIN)
    response = client.get("/organiser/audit/?page=99999999999999999999")
    assert response.status_code == 200
