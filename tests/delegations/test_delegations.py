"""Delegations: the head creates one, manages members through the private link, imports CSV/XLSX member lists."""
from __future__ import annotations

import io

import sqlalchemy as sa

from app.events.models import EventKind
from app.registration.models import Delegation, DelegationSide, RegistrationCategory, RegistrationStatus
from tests.conftest import csrf_token_from
from tests.factories import make_collectivite
from tests.programme.import_helpers import PAYLOAD, errors_in, xlsx_bytes
from tests.registration.helpers import (
    mailed_link,
    open_event,
    open_mailed_link,
    outbox,
    register_someone,
    registration_mails,
    registrations,
    workshop,
)

MEMBER_HEADER = ["given_name", "family_name", "given_name_latin", "family_name_latin", "honorific", "function",
                 "email", "country", "language"]


def new_url(event) -> str:
    return f"/{event.kind.url_prefix}/{event.slug}/delegations/new"


def head_data(**overrides) -> dict:
    data = {"given_name": "Lan", "family_name": "Trần", "email": "lan.tran@example.vn", "country": "VN",
            "language": "en", "delegation_name": "Délégation de Huế", "delegation_country": "VN", "consent": "y"}
    return data | overrides


def create(client, event, data: dict):
    page = client.get(new_url(event) + "?lang=en").get_data(as_text=True)
    return client.post(new_url(event) + "?lang=en", data={**data, "csrf_token": csrf_token_from(page)})


def create_by_mail(client, event, data: dict):
    """The form, then the link mailed to the head's address (the mailbox proof): the link's response."""
    from app.core.extensions import db

    response = create(client, event, data)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert "\"/delegations/" not in response.get_data(as_text=True)  # the private link goes to the mailbox only
    return open_mailed_link(client, mailed_link(db, data["email"]))


def delegation_of(db) -> Delegation:
    db.session.expire_all()
    return db.session.scalar(sa.select(Delegation))


def make_delegation(client, db, event=None) -> tuple[Delegation, str]:
    event = event or open_event()
    db.session.commit()
    response = create_by_mail(client, event, head_data())
    assert response.status_code == 303, response.get_data(as_text=True)
    delegation = delegation_of(db)
    return delegation, f"/delegations/{delegation.manage_token}"


def post_from(client, page_url: str, action: str, data: dict, **kwargs):
    page = client.get(page_url + "?lang=en").get_data(as_text=True)
    return client.post(action, data={**data, "csrf_token": csrf_token_from(page)}, **kwargs)


def member_csv(rows: list[list[str]], bom: bool = False, delimiter: str = ",") -> bytes:
    lines = [delimiter.join(MEMBER_HEADER)] + [delimiter.join(row) for row in rows]
    return (("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n").encode("utf-8")


def upload(client, url: str, filename: str, content: bytes):
    return post_from(client, url, url + "/import?lang=en", {"file": (io.BytesIO(content), filename)},
                     content_type="multipart/form-data")


def confirm(client, url: str, preview):
    text = preview.get_data(as_text=True)
    payload = PAYLOAD.search(text)
    assert payload, "no confirmation form in the preview"
    return client.post(url + "/import/confirm", data={"csrf_token": csrf_token_from(text), "payload": payload.group(1)})


VALID_ROWS = [
    ["Thị Hương", "Nguyễn", "Thi Huong", "Nguyen", "Mme", "Vice-présidente", "huong@example.vn", "VN", "en"],
    ["Minh", "Lê", "", "", "", "Conseiller", "minh@example.vn", "vn", ""],
]


def test_create_a_delegation_registers_the_head_and_mails_the_link(client, db):
    event = open_event()
    towns = [make_collectivite(name="Huế"), make_collectivite(name="Rennes")]
    db.session.commit()
    response = create_by_mail(client, event, head_data(collectivites=[str(town.id) for town in towns]))
    assert response.status_code == 303
    delegation = delegation_of(db)
    assert response.headers["Location"].endswith(f"/delegations/{delegation.manage_token}")
    assert delegation.name == "Délégation de Huế" and delegation.country == "VN" and delegation.side is None
    assert sorted(item.name for item in delegation.collectivites) == ["Huế", "Rennes"]
    [head] = registrations(db)
    assert head.delegation_id == delegation.id and head.person_id == delegation.head_person_id
    assert head.category == RegistrationCategory.DELEGATION_MEMBER and head.language == "en"
    mails = {mail.dedupe_key: mail for mail in registration_mails(db)}
    assert set(mails) == {f"registration-{head.id}-confirmed", f"delegation-{delegation.id}-link"}
    link = mails[f"delegation-{delegation.id}-link"]
    assert link.to_address == "lan.tran@example.vn" and link.language == "en"
    assert link.subject.startswith("Your delegation") and f"/delegations/{delegation.manage_token}" in link.text_body
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Délégation de Huế" in page and "Trần Lan" in page


def test_assises_side_is_shown_and_required_only_for_assises(client, db):
    raict, assises = open_event(), open_event(kind=EventKind.ASSISES)
    db.session.commit()
    assert 'name="side"' not in client.get(new_url(raict)).get_data(as_text=True)
    assert 'name="side"' in client.get(new_url(assises)).get_data(as_text=True)
    assert create(client, assises, head_data()).status_code == 400
    assert delegation_of(db) is None
    assert create_by_mail(client, assises, head_data(side="partner")).status_code == 303
    assert delegation_of(db).side == DelegationSide.PARTNER


def test_add_edit_and_cancel_a_member_through_the_private_link(client, db):
    event = open_event(capacity=2)
    session = workshop(event, capacity=5)
    delegation, url = make_delegation(client, db, event)
    member = {"given_name": "Hoa", "family_name": "Phạm", "email": "hoa@example.vn", "country": "VN",
              "language": "fr", "sessions": [str(session.id)]}
    assert post_from(client, url, url + "/members", member).status_code == 303
    waiting = {**member, "given_name": "Bao", "email": "bao@example.vn", "sessions": []}
    assert post_from(client, url, url + "/members", waiting).status_code == 303
    head, hoa, bao = registrations(db)
    assert hoa.delegation_id == delegation.id and hoa.status == RegistrationStatus.CONFIRMED
    assert bao.status == RegistrationStatus.WAITLISTED  # capacity 2: the head and Hoa have the seats
    assert any(mail.dedupe_key == f"registration-{hoa.id}-confirmed" and mail.language == "fr" for mail in outbox(db))
    edit_url = f"{url}/members/{hoa.id}/edit"
    response = post_from(client, edit_url, edit_url, {"given_name": "Thu Hoa", "family_name": "Phạm",
                                                        "function": "Maire", "language": "en", "email": "x@x.org"})
    assert response.status_code == 303
    db.session.expire_all()
    assert hoa.person.given_name == "Thu Hoa" and hoa.person.function == "Maire" and hoa.language == "en"
    assert hoa.person.email == "hoa@example.vn"
    assert post_from(client, url, f"{url}/members/{hoa.id}/cancel", {}).status_code == 303
    db.session.expire_all()
    assert hoa.status == RegistrationStatus.CANCELLED and bao.status == RegistrationStatus.CONFIRMED
    keys = [mail.dedupe_key for mail in outbox(db)]
    assert f"registration-{hoa.id}-cancelled" in keys and f"registration-{bao.id}-promoted" in keys


def test_a_member_of_another_delegation_is_not_reachable(client, db):
    event = open_event()
    other = register_someone(event, "someone@example.org")
    _, url = make_delegation(client, db, event)
    assert client.get(f"{url}/members/{other.id}/edit").status_code == 404


def test_csv_with_bom_and_a_vietnamese_name_imports_every_member(client, db):
    delegation, url = make_delegation(client, db)
    preview = upload(client, url, "members.csv", member_csv(VALID_ROWS, bom=True, delimiter=";"))
    assert preview.status_code == 200, errors_in(preview)
    assert "Nguyễn Thị Hương" in preview.get_data(as_text=True)
    assert len(registrations(db)) == 1  # nothing written by the preview
    assert confirm(client, url, preview).status_code == 303
    head, huong, minh = registrations(db)
    assert huong.person.name == "Nguyễn Thị Hương" and huong.person.name_latin == "Nguyen Thi Huong"
    assert huong.language == "en" and minh.language == "fr" and minh.person.country == "VN"
    assert {huong.delegation_id, minh.delegation_id} == {delegation.id}
    assert all(member.category == RegistrationCategory.DELEGATION_MEMBER for member in (huong, minh))
    mails = {mail.dedupe_key: mail for mail in outbox(db)}
    for member in (huong, minh):
        assert f"/registration/{member.manage_token}" in mails[f"registration-{member.id}-confirmed"].text_body


def test_one_bad_line_imports_nothing_and_names_the_line(client, db):
    event = open_event()
    register_someone(event, "taken@example.org")
    _, url = make_delegation(client, db, event)
    rows = VALID_ROWS + [
        ["Bad", "Email", "", "", "", "", "not-an-email", "VN", "en"],
        ["Unknown", "Country", "", "", "", "", "c@example.vn", "XX", "en"],
        ["Dup", "Licate", "", "", "", "", "huong@example.vn", "VN", "en"],
        ["Already", "There", "", "", "", "", "taken@example.org", "FR", "fr"],
        ["A" * 121, "Long", "", "", "", "", "long@example.vn", "VN", "en"],
        ["Ctrl\x07", "Char", "", "", "", "", "ctrl@example.vn", "VN", "en"],
        ["", "Nameless", "", "", "", "", "nameless@example.vn", "VN", "en"],
    ]
    preview = upload(client, url, "members.csv", member_csv(rows))
    assert preview.status_code == 422
    errors = dict(errors_in(preview))
    assert "not-an-email" in errors[4] and "XX" in errors[5] and "line 2" in errors[6]
    assert 7 not in errors  # whether an address is registered is not told (it is mailed its own link instead)
    assert "120" in errors[8] and "Control" in errors[9]
    assert "given_name" in errors[10]
    assert PAYLOAD.search(preview.get_data(as_text=True)) is None
    assert len(registrations(db)) == 2  # the head and the earlier registrant only


def test_xlsx_list_imports(client, db):
    delegation, url = make_delegation(client, db)
    content = xlsx_bytes([row for row in VALID_ROWS], header=MEMBER_HEADER)
    preview = upload(client, url, "members.xlsx", content)
    assert preview.status_code == 200, errors_in(preview)
    assert confirm(client, url, preview).status_code == 303
    assert [r.person.email for r in registrations(db)[1:]] == ["huong@example.vn", "minh@example.vn"]


def test_unknown_column_and_wrong_file_are_refused(client, db):
    _, url = make_delegation(client, db)
    response = upload(client, url, "members.csv", b"given_name,family_name,email,country,passport\r\nA,B,a@b.org,FR,1\r\n")
    assert response.status_code == 422 and "passport" in response.get_data(as_text=True)
    assert upload(client, url, "members.pdf", b"%PDF").status_code == 422
    assert len(registrations(db)) == 1


def test_wrong_token_is_404_and_missing_csrf_is_400(client, db):
    _, url = make_delegation(client, db)
    assert client.get("/delegations/not-the-token").status_code == 404
    assert client.get("/delegations/" + "x" * 100).status_code == 404
    assert client.get("/delegations/not-the-token/members/1/edit").status_code == 404
    member = {"given_name": "Hoa", "family_name": "Phạm", "email": "hoa@example.vn", "country": "VN", "language": "fr"}
    assert client.post(url + "/members", data=member).status_code == 400
    event = open_event()
    db.session.commit()
    assert client.post(new_url(event), data=head_data(email="other@example.vn")).status_code == 400
    assert len(registrations(db)) == 1


def test_delegation_page_queries_do_not_grow_with_members(client, db, count_queries):
    event = open_event()
    session = workshop(event)
    delegation, url = make_delegation(client, db, event)
    counts = []
    for size in (2, 40):
        while len(delegation_of(db).registrations) < size:
            member = register_someone(event, f"member{len(delegation.registrations)}@example.org", [session])
            member.delegation_id = delegation.id
            db.session.commit()
            delegation = delegation_of(db)
        client.get(url)
        with count_queries() as counter:
            page = client.get(url)
        assert page.status_code == 200 and page.get_data(as_text=True).count("@example.org") == size - 1  # + the head
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_a_registrant_creates_a_delegation_and_heads_it_once_their_mailbox_confirms(client, db):
    event = open_event()
    registration = register_someone(event, "lan.tran@example.vn")
    db.session.commit()
    response = create_by_mail(client, event, head_data())
    delegation = delegation_of(db)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/delegations/{delegation.manage_token}")
    db.session.expire_all()
    assert delegation.head_person_id == registration.person_id and registration.delegation_id == delegation.id
    assert len(registrations(db)) == 1  # their registration, not a second one
    assert any(mail.dedupe_key == f"delegation-{delegation.id}-link" for mail in outbox(db))
