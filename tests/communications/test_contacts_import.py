"""Contacts import: French or English headers, one contact per normalised address, links added but never
replacing what organisers curated; web preview → confirm and the CLI's dry run."""
from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import Workbook

from app.auth.models import Role
from app.communications.contacts import CONTACT_IMPORT, apply_import, plan_import
from app.communications.models import Contact
from app.core.tabular import MAX_FILE_BYTES
from app.people.models import Collectivite, Person
from tests.backoffice.helpers import login_as
from tests.communications.helpers import make_contact
from tests.conftest import csrf_token_from
from tests.factories import make_collectivite, make_person

FRENCH = ("Courriel;Prénom;Nom;Civilité;Fonction;Collectivité;Pays;Langue;Membre\n"
          "Lan.Nguyen@Hanoi.VN;Lan;Nguyễn;Mme;Vice-présidente;Ville de Hanoï;Vietnam;anglais;oui\n"
          "marie@lyon.fr;Marie;Curie;;Maire;Ville de Lyon;FR;fr;non\n"
          "MARIE@lyon.fr;Marie;Doublon;;;;;;\n"
          "pas-une-adresse;X;Y;;;;;;\n")


def read(content: bytes, filename: str = "contacts.csv"):
    from werkzeug.datastructures import FileStorage

    return CONTACT_IMPORT.read(FileStorage(stream=io.BytesIO(content), filename=filename))


def contacts(db) -> dict[str, Contact]:
    db.session.expire_all()
    return {contact.email: contact for contact in db.session.scalars(sa.select(Contact))}


def test_import_french_headers_creates_deduplicated_contacts_and_skips_bad_lines(app, db):
    with app.test_request_context():
        plan = plan_import(read(FRENCH.encode("utf-8")))
        assert [row.email for row in plan.create] == ["lan.nguyen@hanoi.vn", "marie@lyon.fr"]
        assert [line for line, _reason in plan.skip] == [4, 5]
        apply_import(plan, actor="test")
        db.session.commit()
    found = contacts(db)
    lan = found["lan.nguyen@hanoi.vn"]
    assert (lan.given_name, lan.family_name, lan.honorific, lan.country, lan.language, lan.is_member) == \
        ("Lan", "Nguyễn", "Mme", "VN", "en", True)
    assert lan.collectivite_name == "Ville de Hanoï"
    assert found["marie@lyon.fr"].is_member is False


def test_import_xlsx_english_headers(app, db):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Email", "First name", "Last name", "Country", "Language", "Member"])
    sheet.append(["tanaka@kyoto.jp", "Hiroshi", "Tanaka", "Japan", "English", "yes"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with app.test_request_context():
        plan = plan_import(read(buffer.getvalue(), "contacts.xlsx"))
    assert [(row.email, row.values["country"], row.values["language"], row.values["is_member"])
            for row in plan.create] == [("tanaka@kyoto.jp", "JP", "en", True)]


def test_import_update_keeps_empty_cells_and_never_overwrites_person_or_collectivite(app, db):
    lyon = make_collectivite(name="Ville de Lyon", country="FR")
    other = make_collectivite(name="Métropole de Lyon", country="FR")
    person = make_person(given_name="Marie", family_name="Curie-Sklodowska", email="marie@lyon.fr", function="Maire")
    contact = make_contact("marie@lyon.fr", given_name="Marie", family_name="Curie", function="Adjointe",
                           country="FR", collectivite_id=other.id)
    make_contact("paul@lyon.fr")
    db.session.commit()
    csv = "email,function,collectivite,country\nmarie@lyon.fr,Maire,Ville de Lyon,\npaul@lyon.fr,,Ville de Lyon,\n"
    with app.test_request_context():
        plan = plan_import(read(csv.encode()))
        assert [(row.email, changes) for row, changes in plan.update] == [
            ("marie@lyon.fr", {"function": "Maire", "collectivite_name": "Ville de Lyon"}),
            ("paul@lyon.fr", {"collectivite_name": "Ville de Lyon"})]
        counts = apply_import(plan, actor="test")
        db.session.commit()
    found = contacts(db)
    assert found["marie@lyon.fr"].country == "FR"  # empty cell: kept
    assert found["marie@lyon.fr"].collectivite_id == other.id  # the organisers' link is kept
    assert found["marie@lyon.fr"].person_id == person.id  # an empty link is filled
    assert found["paul@lyon.fr"].collectivite_id == lyon.id
    assert counts["linked_people"] == 1
    db.session.expire_all()
    assert db.session.get(Person, person.id).family_name == "Curie-Sklodowska"
    assert db.session.get(Collectivite, lyon.id).name == "Ville de Lyon"
    assert contact.id == found["marie@lyon.fr"].id


def test_import_page_preview_then_confirm(client, db):
    login_as(client, db, Role.ORGANISER)
    page = client.get("/organiser/contacts/import").get_data(as_text=True)
    response = client.post("/organiser/contacts/import", data={
        "csrf_token": csrf_token_from(page), "file": (io.BytesIO(FRENCH.encode()), "contacts.csv")},
        content_type="multipart/form-data")
    preview = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-figure="create">2<' in preview and 'data-figure="skip">2<' in preview
    assert contacts(db) == {}
    payload = preview.split('name="payload" type="hidden" value="')[1].split('"')[0]
    confirmed = client.post("/organiser/contacts/import/confirm",
                            data={"csrf_token": csrf_token_from(preview), "payload": payload})
    assert confirmed.status_code == 303
    assert set(contacts(db)) == {"lan.nguyen@hanoi.vn", "marie@lyon.fr"}
    listing = client.get("/organiser/contacts?q=nguyen").get_data(as_text=True)
    assert "lan.nguyen@hanoi.vn" in listing and "marie@lyon.fr" not in listing


def test_import_page_forged_payload_changes_nothing(client, db):
    login_as(client, db, Role.ORGANISER)
    page = client.get("/organiser/contacts/import").get_data(as_text=True)
    response = client.post("/organiser/contacts/import/confirm",
                           data={"csrf_token": csrf_token_from(page), "payload": "forged.payload"})
    assert response.status_code == 303
    assert contacts(db) == {}


def test_import_page_refuses_oversized_and_unknown_columns(client, db):
    login_as(client, db, Role.ORGANISER)
    page = client.get("/organiser/contacts/import").get_data(as_text=True)
    big = b"email\n" + b"a@b.fr\n" * (MAX_FILE_BYTES // 7 + 10)
    response = client.post("/organiser/contacts/import", data={
        "csrf_token": csrf_token_from(page), "file": (io.BytesIO(big), "contacts.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 400 and 'id="file-error"' in response.get_data(as_text=True)
    response = client.post("/organiser/contacts/import", data={
        "csrf_token": csrf_token_from(page), "file": (io.BytesIO(b"email;shoe size\na@b.fr;42\n"), "c.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 400 and "shoe size" in response.get_data(as_text=True)
    assert contacts(db) == {}


def test_contacts_cli_dry_run_prints_plan_and_changes_nothing(cli, db, tmp_path):
    make_contact("marie@lyon.fr", function="Adjointe")
    db.session.commit()
    path = tmp_path / "contacts.csv"
    path.write_text(FRENCH, encoding="utf-8")
    result = cli.invoke(args=["contacts", "import", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "create  line 2: lan.nguyen@hanoi.vn" in result.output
    assert "update  line 3: marie@lyon.fr" in result.output
    assert "skip    line 4" in result.output and "skip    line 5" in result.output
    assert "dry run" in result.output
    assert set(contacts(db)) == {"marie@lyon.fr"}
    result = cli.invoke(args=["contacts", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert set(contacts(db)) == {"marie@lyon.fr", "lan.nguyen@hanoi.vn"}
    assert contacts(db)["marie@lyon.fr"].function == "Maire"
