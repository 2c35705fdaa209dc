from __future__ import annotations

import base64

from app.events.models import EventStatus
from app.people.models import Collectivite, Person
from app.registration.models import ChoiceStatus, RegistrationStatus
from tests.factories import make_event
from tests.registration.helpers import (
    form_data,
    mailed_link,
    open_event,
    open_mailed_link,
    outbox,
    post_registration,
    register_by_mail,
    register_url,
    registration_mails,
    registrations,
    workshop,
)


def test_register_in_french(client, db):
    event = open_event()
    session = workshop(event, capacity=12)
    db.session.commit()
    page = client.get(register_url(event)).get_data(as_text=True)
    assert "12 places restantes" in page and "/privacy" in page
    response = register_by_mail(client, event, form_data(sessions=[str(session.id)], dietary_needs="Végétarien"))
    assert response.status_code == 303
    [registration] = registrations(db)
    assert registration.status == RegistrationStatus.CONFIRMED and registration.consent_at is not None
    assert registration.dietary_needs == "Végétarien" and registration.language == "fr"
    assert [choice.status for choice in registration.choices] == [ChoiceStatus.CONFIRMED]
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Votre inscription est confirmée." in thanks
    [mail] = registration_mails(db)
    assert mail.subject.startswith("Inscription confirmée") and mail.language == "fr"
    assert f"/registration/{registration.manage_token}" in mail.text_body
    attachment, badge = mail.attachments
    assert attachment["filename"].endswith(".ics") and badge["filename"].endswith(f"-badge-{registration.id}.pdf")
    assert b"BEGIN:VCALENDAR" in base64.b64decode(attachment["data_base64"])


def test_register_in_english_with_a_vietnamese_name_and_a_new_collectivite(client, db):
    event = open_event()
    db.session.commit()
    data = form_data(given_name="Thị Hương", family_name="Nguyễn", given_name_latin="Thi Huong",
                     family_name_latin="Nguyen", email="huong@example.vn", country="VN", language="en",
                     collectivite_id="-1", new_collectivite_name="Thành phố Huế", new_collectivite_type="foreign_authority",
                     new_collectivite_country="VN")
    response = register_by_mail(client, event, data, "?lang=en")
    assert response.status_code == 303
    [registration] = registrations(db)
    person = db.session.get(Person, registration.person_id)
    assert person.name == "Nguyễn Thị Hương" and person.name_latin == "Nguyen Thi Huong"
    collectivite = db.session.get(Collectivite, person.collectivite_id)
    assert collectivite.name == "Thành phố Huế" and collectivite.cuf_member is False
    [mail] = registration_mails(db)
    assert mail.language == "en" and mail.subject.startswith("Registration confirmed")
    assert "Hello Nguyễn Thị Hương" in mail.text_body


def test_same_email_twice_gives_one_registration_and_resends_the_link(client, db):
    event = open_event()
    db.session.commit()
    assert register_by_mail(client, event, form_data()).status_code == 303
    first_page = post_registration(client, event, form_data(email="someone.new@example.org")).get_data(as_text=True)
    response = post_registration(client, event, form_data(given_name="Other"))
    assert response.status_code == 200
    assert response.get_data(as_text=True) == first_page  # the same page as for an address nobody registered
    assert len(registrations(db)) == 1 and registrations(db)[0].person.given_name == "Camille"
    to_camille = [mail for mail in registration_mails(db) if mail.to_address == "camille.durand@example.org"]
    assert [mail.dedupe_key.split("-")[2] for mail in to_camille] == ["confirmed", "link"]


def test_double_submit_of_the_same_form_gives_one_registration(client, db):
    event = open_event()
    db.session.commit()
    page = client.get(register_url(event)).get_data(as_text=True)
    from tests.conftest import csrf_token_from

    data = {**form_data(), "csrf_token": csrf_token_from(page)}
    first = client.post(register_url(event), data=data)
    second = client.post(register_url(event), data=data)
    assert first.status_code == second.status_code == 200
    assert registrations(db) == []  # nothing is registered before the address is confirmed
    link = mailed_link(db, "camille.durand@example.org")
    assert client.get(link).status_code == 200 and registrations(db) == []  # opening alone confirms nothing
    assert open_mailed_link(client, link).status_code == 303 and client.get(link).status_code == 200  # then the private page
    assert len(registrations(db)) == 1


def test_bad_input_is_refused_and_nothing_written(client, db):
    event = open_event()
    db.session.commit()
    cases = [form_data(email="not-an-email"), form_data(country="XX"), form_data(family_name="x" * 121),
             form_data(given_name="Cam\x00ille"), form_data(given_name="Cam\u202eille"), form_data(consent="")]
    for data in cases:
        response = post_registration(client, event, data)
        assert response.status_code == 400, data
        assert 'role="alert"' in response.get_data(as_text=True)
    assert registrations(db) == [] and outbox(db) == []
    assert db.session.query(Person).count() == 0


def test_csrf_is_required(client, db):
    event = open_event()
    db.session.commit()
    client.application.config["WTF_CSRF_ENABLED"] = True
    assert client.post(register_url(event), data=form_data()).status_code == 400
    assert registrations(db) == []


def test_closed_event_shows_the_closed_page(client, db):
    event = make_event(status=EventStatus.REGISTRATION_CLOSED)
    draft = make_event(status=EventStatus.DRAFT)
    db.session.commit()
    response = client.get(register_url(event))
    assert response.status_code == 200 and "Les inscriptions sont closes" in response.get_data(as_text=True)
    assert client.get(register_url(draft)).status_code == 404
    assert registrations(db) == []


def test_overlapping_choices_are_refused(client, db):
    event = open_event()
    first, second = workshop(event, hours=1), workshop(event, hours=1)
    db.session.commit()
    response = post_registration(client, event, form_data(sessions=[str(first.id), str(second.id)]))
    assert response.status_code == 400
    assert "en même temps" in response.get_data(as_text=True)
    assert registrations(db) == []


def test_event_page_links_to_the_form_while_registration_is_open(client, db):
    event = open_event()
    db.session.commit()
    assert register_url(event) in client.get(f"/raict/{event.slug}/").get_data(as_text=True)


def test_privacy_page_in_both_languages(client):
    assert "un an après" in client.get("/privacy?lang=fr").get_data(as_text=True)
    assert "one year after" in client.get("/privacy?lang=en").get_data(as_text=True)
