"""Organisers' registration pages: filtered list and counts, exports, delegations, attendees, editing, moderation."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from app.auth.models import Role
from app.registration.models import (
    ChoiceStatus,
    Delegation,
    RegistrationCategory,
    RegistrationStatus,
)
from tests.backoffice.helpers import login_as, post_form
from tests.conftest import csrf_token_from
from tests.factories import make_collectivite, make_person, make_registration
from tests.registration.helpers import open_event, outbox, register_someone, workshop


def _base(event) -> str:
    return f"/organiser/events/{event.slug}/registrations"


@pytest.fixture
def organiser(client, db):
    return login_as(client, db, Role.ORGANISER)


def _populate(db, event, count: int, session=None):
    """``count`` registrations across statuses, categories, countries, a delegation and a session."""
    delegation = Delegation(event=event, name="Délégation du Japon", country="JP")
    db.session.add(delegation)
    city = make_collectivite(name="Lyon")
    statuses = [RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED]
    for n in range(count):
        registration = make_registration(
            event, make_person(country="JP" if n % 3 == 0 else "FR", collectivite=city),
            status=statuses[n % 3], delegation=delegation if n % 3 == 0 else None,
            category=RegistrationCategory.PRESS if n % 5 == 0 else RegistrationCategory.PARTICIPANT)
        if session is not None and n % 2 == 0:
            registration.choices.append(_choice(session))
    db.session.commit()
    return delegation


def _choice(session):
    from app.registration.models import SessionChoice

    return SessionChoice(session_id=session.id, status=ChoiceStatus.CONFIRMED)


def test_list_filters_and_counts(client, db, organiser):
    event = open_event()
    session = workshop(event)
    delegation = _populate(db, event, 12, session)
    page = client.get(_base(event)).get_data(as_text=True)
    assert 'data-total="12"' in page and 'data-status="confirmed">4<' in page and 'data-country="JP">4<' in page
    page = client.get(_base(event) + "?country=jp&status=confirmed").get_data(as_text=True)
    assert 'data-total="4"' in page and 'data-country="FR"' not in page
    page = client.get(_base(event) + f"?delegation={delegation.id}").get_data(as_text=True)
    assert 'data-total="4"' in page and 'data-category="press">' in page
    page = client.get(_base(event) + f"?session={session.id}&category=press").get_data(as_text=True)
    assert 'data-total="2"' in page  # n = 0 and 10
    assert 'data-total="12"' in client.get(_base(event) + "?status=nonsense&delegation=abc").get_data(as_text=True)


@pytest.mark.parametrize("size", [20, 600])  # 600: past the 500 ids of one selectinload batch
def test_list_uses_at_most_six_queries(client, db, organiser, count_queries, size):
    event = open_event()
    _populate(db, event, size, workshop(event))
    url = _base(event)  # (reading event.slug after the commit is the test's own query)
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200 and f'data-total="{size}"' in response.get_data(as_text=True)
    assert counter.count <= 6, "\n\n".join(s[:120] for s in counter.statements)


def _hostile(db, event):
    person = make_person(given_name="=HYPERLINK(\"http://evil\")", family_name="Nguyễn", country="VN",
                         function="@SUM(A1)")
    registration = make_registration(event, person, dietary_needs="+halal", passport_number="C7654321")
    db.session.commit()
    return registration


def test_csv_export_parses_back_with_formulas_neutralised(client, db, organiser):
    event = open_event()
    _hostile(db, event)
    make_registration(event, make_person(country="FR"), status=RegistrationStatus.CANCELLED)
    db.session.commit()
    response = client.get(_base(event) + "/export.csv?country=VN")
    body = response.get_data()
    assert response.status_code == 200 and body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1
    assert rows[0]["given_name"] == "'=HYPERLINK(\"http://evil\")" and rows[0]["family_name"] == "Nguyễn"
    assert rows[0]["function"] == "'@SUM(A1)" and rows[0]["dietary_needs"] == "'+halal"
    assert "C7654321" not in body.decode("utf-8-sig") and "passport" not in body.decode("utf-8-sig")


def test_xlsx_export_parses_back_with_text_cells(client, db, organiser):
    event = open_event()
    _hostile(db, event)
    response = client.get(_base(event) + "/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    header, row = [list(values) for values in sheet.iter_rows(values_only=True)]
    data = dict(zip(header, row, strict=True))
    assert data["given_name"] == "=HYPERLINK(\"http://evil\")" and data["family_name"] == "Nguyễn"
    cell = sheet.cell(row=2, column=header.index("given_name") + 1)
    assert cell.data_type == "s" and cell.quotePrefix
    assert "passport_number" not in header and "C7654321" not in [str(value) for value in row]


def test_delegation_and_session_attendee_pages(client, db, organiser):
    event = open_event()
    session = workshop(event, capacity=1)
    first = register_someone(event, "first@example.org", [session])
    second = register_someone(event, "second@example.org", [session])
    delegation = Delegation(event=event, name="Délégation arménienne", country="AM")
    db.session.add(delegation)
    first.delegation = delegation
    db.session.commit()
    page = client.get(f"{_base(event)}/delegations/{delegation.id}").get_data(as_text=True)
    assert "Délégation arménienne" in page and "Alex first" in page and "Alex second" not in page
    page = client.get(f"{_base(event)}/sessions/{session.id}").get_data(as_text=True)
    confirmed, waiting = page.split('id="waiting"')
    assert "Alex first" in confirmed and "Alex second" in waiting
    other = open_event()
    assert client.get(f"/organiser/events/{other.slug}/registrations/sessions/{session.id}").status_code == 404
    assert second.choices[0].status == ChoiceStatus.WAITLISTED


def test_moderation_queue_approves_and_refuses_with_mails(client, db, organiser):
    event = open_event(requires_approval=True)
    yes, no = register_someone(event, "yes@example.org"), register_someone(event, "no@example.org")
    db.session.commit()
    queue = _base(event) + "/pending"
    page = client.get(queue).get_data(as_text=True)
    assert "Alex yes" in page and "Alex no" in page
    assert post_form(client, f"{_base(event)}/{yes.id}/approve", {}, queue).status_code == 302
    assert post_form(client, f"{_base(event)}/{no.id}/refuse", {}, queue).status_code == 302
    db.session.expire_all()
    assert (yes.status, no.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.REFUSED)
    keys = [mail.dedupe_key for mail in outbox(db)]
    assert f"registration-{yes.id}-approved" in keys and f"registration-{no.id}-refused" in keys
    assert "Alex yes" not in client.get(queue).get_data(as_text=True)
    # Approving again is refused politely, without a second mail.
    post_form(client, f"{_base(event)}/{yes.id}/approve", {}, queue)
    assert len(outbox(db)) == len(keys)


def test_moderation_needs_csrf_token(client, db, organiser):
    event = open_event(requires_approval=True)
    pending = register_someone(event, "wait@example.org")
    db.session.commit()
    assert client.post(f"{_base(event)}/{pending.id}/approve").status_code == 400
    assert client.post(f"{_base(event)}/{pending.id}/edit", data={"status": "cancelled"}).status_code == 400
    db.session.expire_all()
    assert pending.status == RegistrationStatus.PENDING


def _edit(client, event, registration, **fields):
    url = f"{_base(event)}/{registration.id}/edit"
    data = {"category": registration.category.value, "status": registration.status.value,
            "sessions": [choice.session_id for choice in registration.choices]} | fields
    return post_form(client, url, data)


def test_edit_cancel_promotes_the_first_waiting_person(client, db, organiser):
    event = open_event(capacity=1)
    first = register_someone(event, "first@example.org")
    waiting = register_someone(event, "waiting@example.org")
    db.session.commit()
    response = _edit(client, event, first, status="cancelled", category="vip", dietary_needs="Végétarien")
    assert response.status_code == 302
    db.session.expire_all()
    assert first.status == RegistrationStatus.CANCELLED and first.category == RegistrationCategory.VIP
    assert first.dietary_needs == "Végétarien" and waiting.status == RegistrationStatus.CONFIRMED
    keys = [mail.dedupe_key for mail in outbox(db)]
    assert f"registration-{first.id}-cancelled" in keys and f"registration-{waiting.id}-promoted" in keys


def test_edit_changes_choices_and_refuses_impossible_status(client, db, organiser):
    event = open_event()
    a, b = workshop(event, hours=1), workshop(event, hours=4)
    registration = register_someone(event, "someone@example.org", [a])
    db.session.commit()
    page = client.get(f"{_base(event)}/{registration.id}/edit").get_data(as_text=True)
    assert csrf_token_from(page) and "someone@example.org" in page
    assert _edit(client, event, registration, sessions=[b.id]).status_code == 302
    db.session.expire_all()
    assert [choice.session_id for choice in registration.choices] == [b.id]
    response = _edit(client, event, registration, status="pending")  # not a choice from "confirmed"
    assert response.status_code == 200 and 'has-error' in response.get_data(as_text=True)
    db.session.expire_all()
    assert registration.status == RegistrationStatus.CONFIRMED
