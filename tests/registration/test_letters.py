"""Visa invitation letters: the request, the organisers' decision, the mail, the PDF, and who sees the passport."""
from __future__ import annotations

import base64
from datetime import date

import pytest

from app.auth.models import Role
from app.registration.models import InvitationLetterStatus
from tests.backoffice.helpers import login_as
from tests.conftest import csrf_token_from
from tests.factories import make_person, make_registration
from tests.pdf_support import normalised, pdf_text, require_pdf_tools
from tests.registration.helpers import open_event, outbox

PASSPORT = "C7654321"
GOOD = {"passport_number": "c765 4321", "passport_expires_on": "2035-06-30", "nationality": "VN",
        "date_of_birth": "1978-03-14"}


@pytest.fixture
def delegate(db):
    event = open_event(title_en="Franco-Vietnamese Assises", title_fr="Assises franco-vietnamiennes")
    person = make_person(given_name="Minh Anh", family_name="Nguyễn", given_name_latin="Minh Anh",
                         family_name_latin="Nguyen", country="VN", email="minh.anh@example.vn")
    registration = make_registration(event, person, language="en")
    db.session.commit()
    return registration


def letter_url(registration) -> str:
    return f"/registration/{registration.manage_token}/letter"


def post_request(client, registration, data: dict):
    page = client.get(letter_url(registration)).get_data(as_text=True)
    return client.post(letter_url(registration), data={**data, "csrf_token": csrf_token_from(page)})


def admin_url(registration, suffix: str = "") -> str:
    return f"/organiser/events/{registration.event.slug}/letters/{suffix}"


def approve(client, db, registration):
    login_as(client, db, Role.ORGANISER)
    page = client.get(admin_url(registration)).get_data(as_text=True)
    return client.post(admin_url(registration, f"{registration.id}/approve"), data={"csrf_token": csrf_token_from(page)})


@pytest.mark.parametrize("field, value", [
    ("passport_number", "AB1"), ("passport_number", "A" * 21), ("passport_number", "AB-12345"),
    ("passport_expires_on", "2030-09-01"), ("passport_expires_on", "not a date"), ("nationality", "XX"),
    ("date_of_birth", "2999-01-01"), ("date_of_birth", ""),
])
def test_bad_request_shows_errors_and_writes_nothing(client, db, delegate, field, value):
    response = post_request(client, delegate, GOOD | {field: value})
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    db.session.refresh(delegate)
    assert delegate.invitation_letter == InvitationLetterStatus.NONE and delegate.passport_number is None


def test_request_is_recorded_and_passport_number_only_shown_masked(client, db, delegate):
    response = post_request(client, delegate, GOOD)
    assert response.status_code == 303
    db.session.refresh(delegate)
    assert delegate.invitation_letter == InvitationLetterStatus.REQUESTED
    assert delegate.passport_number == PASSPORT and delegate.nationality == "VN"
    assert delegate.date_of_birth == date(1978, 3, 14)
    for url in (f"/registration/{delegate.manage_token}", f"/registration/{delegate.manage_token}/thanks",
                f"/{delegate.event.kind.url_prefix}/{delegate.event.slug}", "/"):
        html = client.get(url).get_data(as_text=True)
        assert PASSPORT not in html and "7654321" not in html, url
    assert "•••••321" in client.get(f"/registration/{delegate.manage_token}").get_data(as_text=True)


def test_letter_not_offered_to_delegates_of_the_host_country(client, db):
    registration = make_registration(open_event(), make_person(country="FR"))
    db.session.commit()
    assert client.get(letter_url(registration)).status_code == 404
    assert "letter" not in client.get(f"/registration/{registration.manage_token}").get_data(as_text=True).lower()


def test_letter_cannot_be_downloaded_before_approval(client, db, delegate):
    pdf_url = f"/registration/{delegate.manage_token}/letter.pdf"
    assert client.get(pdf_url).status_code == 404
    post_request(client, delegate, GOOD)
    assert client.get(pdf_url).status_code == 404
    login_as(client, db, Role.ORGANISER)
    assert client.get(admin_url(delegate, f"{delegate.id}.pdf")).status_code == 404


def test_refused_letter_cannot_be_downloaded(client, db, delegate):
    post_request(client, delegate, GOOD)
    login_as(client, db, Role.ORGANISER)
    page = client.get(admin_url(delegate)).get_data(as_text=True)
    assert PASSPORT in page  # organisers see it
    response = client.post(admin_url(delegate, f"{delegate.id}/refuse"), data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 303
    db.session.refresh(delegate)
    assert delegate.invitation_letter == InvitationLetterStatus.REFUSED
    assert client.get(f"/registration/{delegate.manage_token}/letter.pdf").status_code == 404
    assert outbox(db) == []


def test_approval_queues_mail_with_the_letter_and_delegate_downloads_it(client, db, delegate):
    require_pdf_tools()
    post_request(client, delegate, GOOD)
    assert approve(client, db, delegate).status_code == 303
    db.session.refresh(delegate)
    assert delegate.invitation_letter == InvitationLetterStatus.APPROVED
    assert delegate.invitation_letter_approved_at is not None
    [message] = outbox(db)
    assert message.to_address == "minh.anh@example.vn" and "invitation letter" in message.subject.lower()
    assert message.dedupe_key.startswith(f"registration-{delegate.id}-letter-")
    assert delegate.manage_token in message.text_body
    [attachment] = message.attachments
    assert attachment["content_type"] == "application/pdf" and attachment["filename"].endswith(".pdf")
    assert PASSPORT in normalised(pdf_text(base64.b64decode(attachment["data_base64"])))
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/login").get_data(as_text=True))})
    response = client.get(f"/registration/{delegate.manage_token}/letter.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = normalised(pdf_text(response.data))
    for expected in ("Nguyễn Minh Anh", "Nguyen", PASSPORT, "Franco-Vietnamese Assises", "To whom it may concern",
                     "18 September 2030", "19 September 2030", "Cités Unies France", "9, rue Christiani"):
        assert expected in text, expected


def test_letter_in_french_with_a_non_latin_name(client, db):
    require_pdf_tools()
    event = open_event(title_fr="Assises franco-japonaises")
    person = make_person(given_name="花子", family_name="山田", given_name_latin="Hanako", family_name_latin="Yamada",
                         country="JP")
    registration = make_registration(event, person, language="fr")
    db.session.commit()
    post_request(client, registration, GOOD | {"nationality": "JP"})
    approve(client, db, registration)
    response = client.get(admin_url(registration, f"{registration.id}.pdf"))
    assert response.status_code == 200
    text = normalised(pdf_text(response.data))
    for expected in ("山田", "花子", "Yamada", "À qui de droit", "Assises franco-japonaises", PASSPORT, "Japon"):
        assert expected in text, expected


def test_approving_twice_queues_one_mail(client, db, delegate):
    post_request(client, delegate, GOOD)
    approve(client, db, delegate)
    page = client.get(admin_url(delegate)).get_data(as_text=True)
    client.post(admin_url(delegate, f"{delegate.id}/approve"), data={"csrf_token": csrf_token_from(page)})
    assert len(outbox(db)) == 1


def test_organiser_pages_refuse_anonymous_and_desk(client, db, delegate):
    post_request(client, delegate, GOOD)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    urls = [("GET", admin_url(delegate)), ("POST", admin_url(delegate, f"{delegate.id}/approve")),
            ("POST", admin_url(delegate, f"{delegate.id}/refuse")), ("GET", admin_url(delegate, f"{delegate.id}.pdf"))]
    for method, url in urls:
        response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    login_as(client, db, Role.DESK)
    for method, url in urls:
        response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code == 403, url
    db.session.refresh(delegate)
    assert delegate.invitation_letter == InvitationLetterStatus.REQUESTED

