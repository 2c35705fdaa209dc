"""A head of delegation saves a member's form unchanged: no refusal, even for a member who speaks at the event."""
from __future__ import annotations

from app.events.models import EventStatus
from app.registration.models import Delegation, Registration
from tests.conftest import csrf_token_from
from tests.factories import add_speaker, make_event, make_person, make_registration, make_session


def test_head_saves_a_speaking_member_unchanged_without_refusal(client, db):
    event = make_event(status=EventStatus.REGISTRATION_OPEN)
    member = make_person(given_name="Thị Hương", family_name="Nguyễn", given_name_latin="Thi Huong",
                         family_name_latin="Nguyen", function="Vice-présidente")
    add_speaker(make_session(event), member)  # a shared record: only organisers may rename her
    delegation = Delegation(event=event, name="Délégation du Vietnam", country="VN")
    db.session.add(delegation)
    registration = make_registration(event, member, delegation=delegation, language="fr")
    db.session.commit()
    url = f"/delegations/{delegation.manage_token}/members/{registration.id}/edit"
    page = client.get(url).get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "given_name": "Thị Hương", "family_name": "Nguyễn",
            "given_name_latin": "Thi Huong", "family_name_latin": "Nguyen", "honorific": "",
            "function": "Vice-présidente", "language": "en"}
    response = client.post(url, data=data)
    assert response.status_code == 303
    followed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "flash-error" not in followed
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).language == "en"
    refused = client.post(url, data=data | {"function": "Présidente"})
    assert "flash-error" in client.get(refused.headers["Location"]).get_data(as_text=True)
