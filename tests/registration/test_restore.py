"""Organisers cancel a registration (asked to confirm) and restore a cancelled one, whoever cancelled it."""
from __future__ import annotations

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.events.models import EventStatus
from app.registration.models import ChoiceStatus, Registration, RegistrationStatus, SessionChoice
from tests.backoffice.helpers import login_as, post_form
from tests.conftest import csrf_token_from
from tests.factories import make_event, make_registration, make_session


def _registration_with_workshop(db):
    event = make_event(status=EventStatus.REGISTRATION_OPEN)
    workshop = make_session(event, title_fr="Atelier eau", capacity=10)
    registration = make_registration(event, dietary_needs="Végétarienne")
    db.session.add(SessionChoice(registration=registration, session_id=workshop.id, status=ChoiceStatus.CONFIRMED))
    db.session.commit()
    return event, workshop, registration


def test_cancelled_by_the_person_restored_by_an_organiser_with_its_workshop(client, db, app):
    event, workshop, registration = _registration_with_workshop(db)
    private = f"/registration/{registration.manage_token}"
    delegate = app.test_client()
    token = csrf_token_from(delegate.get(private).get_data(as_text=True))
    assert delegate.post(f"{private}/cancel", data={"csrf_token": token}).status_code == 303
    login_as(client, db)
    edit = f"/organiser/events/{event.slug}/registrations/{registration.id}/edit"
    assert post_form(client, edit.replace("/edit", "/restore"), {}, page_url=edit).status_code == 302
    db.session.expire_all()
    restored = db.session.get(Registration, registration.id)
    assert restored.status == RegistrationStatus.CONFIRMED and restored.dietary_needs == "Végétarienne"
    assert [(choice.session_id, choice.status) for choice in restored.choices] == [(workshop.id, ChoiceStatus.CONFIRMED)]
    actions = list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-2:] == ["registration.cancel", "registration.restore"]


def test_organiser_cancel_is_confirmed_on_the_page_and_restorable(client, db):
    event, _workshop, registration = _registration_with_workshop(db)
    login_as(client, db)
    edit = f"/organiser/events/{event.slug}/registrations/{registration.id}/edit"
    assert "data-confirm" in client.get(edit).get_data(as_text=True)
    assert post_form(client, edit.replace("/edit", "/cancel"), {}, page_url=edit).status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == RegistrationStatus.CANCELLED
    assert post_form(client, edit.replace("/edit", "/restore"), {}, page_url=edit).status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == RegistrationStatus.CONFIRMED


def test_restore_refused_when_the_person_registered_again(client, db):
    event, _workshop, registration = _registration_with_workshop(db)
    registration.status = RegistrationStatus.CANCELLED
    make_registration(event, registration.person)
    db.session.commit()
    login_as(client, db)
    edit = f"/organiser/events/{event.slug}/registrations/{registration.id}/edit"
    post_form(client, edit.replace("/edit", "/restore"), {}, page_url=edit)
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == RegistrationStatus.CANCELLED
