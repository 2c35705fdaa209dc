"""Guards found in review: private links only by mail for known addresses, no 500s on odd input,
void letters after cancellation, shared people not renamed by a delegation head."""
from __future__ import annotations

import sqlalchemy as sa

from app.people.models import Person
from app.registration.letters import letter_downloadable
from app.registration.models import InvitationLetterStatus, Registration, RegistrationStatus
from app.registration.operations import cancel
from tests.factories import add_speaker, make_person, make_session
from tests.registration.helpers import form_data, open_event, outbox, post_registration, register_someone


def test_registering_a_known_email_sends_the_private_link_by_mail_only(client, db):
    event = open_event()
    victim = make_person(given_name="Sonia", family_name="Zdorovtsoff", email="sonia@example.org")
    db.session.commit()
    response = post_registration(client, event, form_data(email="sonia@example.org", given_name="Mallory"))
    assert response.status_code == 200 and "Location" not in response.headers
    # nothing registered, nothing written on Sonia: the link to confirm goes to her mailbox only
    assert db.session.scalar(sa.select(Registration).where(Registration.person_id == victim.id)) is None
    db.session.expire_all()
    assert victim.given_name == "Sonia"
    [message] = outbox(db)
    assert message.to_address == "sonia@example.org" and "/registration/" not in response.get_data(as_text=True)


def test_non_ascii_email_gets_a_form_error_not_a_crash(client, db):
    event = open_event()
    db.session.commit()
    response = post_registration(client, event, form_data(email="josé@exemple.fr"))
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_new_collectivite_without_name_gets_a_form_error_not_a_crash(client, db):
    event = open_event()
    db.session.commit()
    response = post_registration(client, event, form_data(collectivite_id="-1", new_collectivite_name=""))
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_approved_letter_void_once_registration_cancelled(db):
    event = open_event()
    registration = register_someone(event, "delegate@example.org")
    registration.invitation_letter = InvitationLetterStatus.APPROVED
    db.session.flush()
    assert letter_downloadable(registration)
    cancel(registration)
    assert registration.status == RegistrationStatus.CANCELLED
    assert not letter_downloadable(registration)


def test_delegation_head_cannot_rename_a_speaker(db):
    import pytest

    from app.delegations.operations import update_member
    from app.people.operations import PersonData
    from app.registration.operations import NotAllowed

    event = open_event()
    registration = register_someone(event, "speaker@example.org")
    add_speaker(make_session(event), registration.person)
    with pytest.raises(NotAllowed):
        update_member(registration, PersonData(given_name="Evil", family_name="Rename", country="FR"), "en")
    assert db.session.get(Person, registration.person_id).given_name != "Evil"
    assert registration.language == "en"
