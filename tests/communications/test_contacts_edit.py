"""Editing, deleting and restoring a contact: the edit page round-trips, the address stays unique (lower case),
a deleted contact leaves the list, the audiences and the campaigns' recipients (its invitations stay in the
history), an import does not bring it back, Restore does; each change has its audit line; only organisers act."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import Role
from app.communications import audiences, campaigns, contacts
from app.communications.campaigns import CampaignData
from app.communications.models import Contact, Invitation
from app.core.tabular import Table
from tests.backoffice.helpers import login_as, post_form
from tests.communications.helpers import make_contact
from tests.factories import make_collectivite
from tests.registration.helpers import open_event

DATA = CampaignData(name="Invitation", audience={"kind": "all"}, subject_fr="Invitation", body_fr="Bonjour {given_name}",
                    subject_en="Invitation", body_en="Dear {given_name}")



@pytest.fixture(autouse=True)
def english(client):
    """The pages in English (the messages below are the English ones)."""
    client.get("/login?lang=en")


def setup(db):
    lyon = make_collectivite(name="Métropole de Lyon", country="FR")
    lan = make_contact("lan@hanoi.vn", given_name="Lan", family_name="Nguyen", honorific="Mme", language="en",
                       country="VN", function="Chargée de mission", collectivite_name="Ville de Hanoï")
    marie = make_contact("marie@lyon.fr", given_name="Marie", family_name="Curie", country="FR", is_member=True,
                         collectivite_name="Métropole de Lyon", collectivite_id=lyon.id)
    db.session.commit()
    return lan, marie


def shown(contact: Contact) -> dict[str, str]:
    """The edit form's fields as the page fills them (a checkbox sends "y" when ticked, nothing otherwise)."""
    values = contacts.ContactValues.of(contact)
    data = {name: getattr(values, name) or "" for name in ("email", "given_name", "family_name", "honorific",
                                                          "function", "collectivite", "country", "language")}
    return data | ({"is_member": "y"} if values.is_member else {})


def audit(db, action: str) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def columns(db, contact_id: int) -> tuple:
    db.session.expire_all()
    table = Contact.__table__
    return tuple(db.session.execute(sa.select(*[c for c in table.columns if c.name != "updated_at"])
                                    .where(table.c.id == contact_id)).one())


def test_contact_edit_page_shows_every_field_and_saved_unchanged_changes_nothing(app, client, db):
    lan, marie = setup(db)
    login_as(client, db)
    for contact in (lan, marie):
        page = client.get(f"/organiser/contacts/{contact.id}/edit").get_data(as_text=True)
        for name, value in shown(contact).items():
            if name not in ("country", "language", "is_member"):
                assert re.search(rf'name="{name}"[^>]*value="{re.escape(value)}"', page) or not value, name
        assert re.search(rf'<option selected value="{contact.country}"|<option value="{contact.country}" selected',
                         page), "the country is not chosen"
        before = columns(db, contact.id)
        response = post_form(client, f"/organiser/contacts/{contact.id}/edit", shown(contact))
        assert response.status_code == 303
        assert columns(db, contact.id) == before
    assert audit(db, "contact.changed") == []


def test_contact_edit_changes_every_field_with_an_audit_line(app, client, db):
    lan, _ = setup(db)
    user = login_as(client, db)
    data = {"email": "  Lan.Nguyen@Hanoi.VN ", "given_name": "Thi Lan", "family_name": "Nguyễn", "honorific": "Dr",
            "function": "Directrice", "collectivite": "Métropole de Lyon", "country": "JP", "language": "fr",
            "is_member": "y"}
    response = post_form(client, f"/organiser/contacts/{lan.id}/edit", data)
    assert response.status_code == 303 and response.location.endswith(f"/organiser/contacts/{lan.id}")
    db.session.expire_all()
    contact = db.session.get(Contact, lan.id)
    assert (contact.email, contact.given_name, contact.family_name, contact.honorific, contact.function,
            contact.country, contact.language, contact.is_member) == (
        "lan.nguyen@hanoi.vn", "Thi Lan", "Nguyễn", "Dr", "Directrice", "JP", "fr", True)
    # The collectivité named is the directory's: the contact is linked to it.
    assert contact.collectivite is not None and contact.collectivite.name == "Métropole de Lyon"
    [line] = audit(db, "contact.changed")
    assert line.actor == f"user:{user.id}" and line.target_id == lan.id
    assert line.details["changes"]["email"] == "lan.nguyen@hanoi.vn"


def test_contact_edit_emptied_fields_stored_empty(app, db):
    lan, _ = setup(db)
    with app.test_request_context("/?lang=en"):
        values = contacts.ContactValues.of(lan)
        changes = contacts.edit_contact(lan, contacts.ContactValues(
            values.email, "", "", "", "", "", "", "fr", False), actor="test")
        db.session.commit()
    assert set(changes) == {"given_name", "family_name", "honorific", "function", "collectivite", "country",
                            "language"}
    contact = db.session.get(Contact, lan.id)
    assert (contact.honorific, contact.function, contact.collectivite_name, contact.country) == (None,) * 4


def test_contact_edit_address_of_another_contact_refused_nothing_changed(app, client, db):
    lan, marie = setup(db)
    login_as(client, db)
    before = columns(db, lan.id)
    response = post_form(client, f"/organiser/contacts/{lan.id}/edit",
                         shown(lan) | {"email": "MARIE@lyon.fr", "given_name": "Changed"})
    assert response.status_code == 400
    assert "Another contact, Marie Curie, has this address." in response.get_data(as_text=True)
    assert columns(db, lan.id) == before
    # A deleted contact keeps its address: the message says how to get it back.
    with app.test_request_context("/?lang=en"):
        contacts.delete_contact(db.session.get(Contact, marie.id), actor="test")
        db.session.commit()
    response = post_form(client, f"/organiser/contacts/{lan.id}/edit", shown(lan) | {"email": "marie@lyon.fr"})
    assert response.status_code == 400 and "Another contact (deleted) has this address" in response.get_data(as_text=True)
    assert columns(db, lan.id) == before
    assert audit(db, "contact.changed") == []


def test_contact_edit_address_that_cannot_receive_mail_refused(app, client, db):
    lan, _ = setup(db)
    login_as(client, db)
    response = post_form(client, f"/organiser/contacts/{lan.id}/edit", shown(lan) | {"email": "nobody@"})
    assert response.status_code == 400
    assert db.session.get(Contact, lan.id).email == "lan@hanoi.vn"


def test_contact_edit_unknown_country_refused(app, client, db):
    lan, _ = setup(db)
    login_as(client, db)
    response = post_form(client, f"/organiser/contacts/{lan.id}/edit", shown(lan) | {"country": "ZZ"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Contact, lan.id).country == "VN"


def test_contact_delete_excludes_from_list_audiences_and_campaign_recipients(app, client, db):
    lan, marie = setup(db)
    event = open_event()
    user = login_as(client, db)
    page_url = f"/organiser/contacts/{marie.id}"
    page = client.get(page_url).get_data(as_text=True)
    assert 'data-confirm="Delete this contact?' in page
    response = post_form(client, f"/organiser/contacts/{marie.id}/delete", {}, page_url)
    assert response.status_code == 303 and response.location.endswith(page_url)
    page = client.get(page_url).get_data(as_text=True)
    assert f'action="/organiser/contacts/{marie.id}/restore"' in page and "edit" not in page.split("<h2>")[0].lower()
    listing = client.get("/organiser/contacts").get_data(as_text=True)
    assert "marie@lyon.fr" not in listing and "1 deleted contact" in listing
    assert "marie@lyon.fr" in client.get("/organiser/contacts?deleted=1").get_data(as_text=True)
    assert client.get(f"/organiser/contacts/{marie.id}/edit").status_code == 404
    with app.test_request_context("/?lang=en"):
        assert {c.email for c in audiences.audience_contacts({"kind": "all"})} == {"lan@hanoi.vn"}
        assert audiences.audience_size({"kind": "members"}) == 0
        campaign = campaigns.save_campaign(event, DATA, actor="test")
        assert [c.email for c in campaigns.sample_recipients(campaign)] == ["lan@hanoi.vn"]
        assert campaigns.queue_campaign(campaign, actor="test") == 1
        db.session.commit()
    assert set(db.session.scalars(sa.select(Invitation.email))) == {"lan@hanoi.vn"}
    [line] = audit(db, "contact.deleted")
    assert line.actor == f"user:{user.id}" and line.target_id == marie.id


def test_contact_delete_keeps_the_invitations_already_sent(app, client, db):
    lan, _ = setup(db)
    event = open_event()
    with app.test_request_context("/?lang=en"):
        campaign = campaigns.save_campaign(event, DATA, actor="test")
        campaigns.queue_campaign(campaign, actor="test")
        contacts.delete_contact(db.session.get(Contact, lan.id), actor="test")
        db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)
                             .where(Invitation.contact_id == lan.id)) == 1
    login_as(client, db)
    page = client.get(f"/organiser/contacts/{lan.id}").get_data(as_text=True)
    assert "Invitation" in page and 'id="contact-deleted"' in page


def test_contact_restore_brings_it_back_with_an_audit_line(app, client, db):
    _, marie = setup(db)
    user = login_as(client, db)
    page_url = f"/organiser/contacts/{marie.id}"
    post_form(client, f"/organiser/contacts/{marie.id}/delete", {}, page_url)
    response = post_form(client, f"/organiser/contacts/{marie.id}/restore", {}, "/organiser/contacts?deleted=1")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Contact, marie.id).deleted_at is None
    assert "marie@lyon.fr" in client.get("/organiser/contacts").get_data(as_text=True)
    with app.test_request_context("/?lang=en"):
        assert audiences.audience_size({"kind": "members"}) == 1
    [line] = audit(db, "contact.restored")
    assert line.actor == f"user:{user.id}" and line.target_id == marie.id


def test_contact_import_of_a_deleted_address_skipped(app, db):
    _, marie = setup(db)
    with app.test_request_context("/?lang=en"):
        contacts.delete_contact(db.session.get(Contact, marie.id), actor="test")
        rows = [(2, {"email": "Marie@Lyon.fr", "given_name": "Marie-Claire"}), (3, {"email": "new@lyon.fr"})]
        plan = contacts.plan_import(Table(columns=["email", "given_name"], rows=rows, errors=[]))
        assert [row.email for row in plan.create] == ["new@lyon.fr"] and not plan.update
        assert plan.skip == [(2, "This address is a deleted contact's: restore the contact to import it again.")]
        contacts.apply_import(plan, actor="test")
        db.session.commit()
    contact = db.session.get(Contact, marie.id)
    assert contact.deleted_at is not None and contact.given_name == "Marie"


def test_contact_pages_refused_to_desk_and_anonymous_nothing_changed(app, client, db):
    lan, _ = setup(db)
    before = columns(db, lan.id)
    for url in (f"/organiser/contacts/{lan.id}/edit", f"/organiser/contacts/{lan.id}/delete"):
        response = post_form(client, url, shown(lan) | {"given_name": "Changed"}, "/login")
        assert response.status_code == 302 and "/login" in response.location
    login_as(client, db, Role.DESK)
    assert client.get(f"/organiser/contacts/{lan.id}/edit").status_code == 403
    for url in (f"/organiser/contacts/{lan.id}/edit", f"/organiser/contacts/{lan.id}/delete"):
        assert post_form(client, url, shown(lan) | {"given_name": "Changed"}, "/desk/").status_code == 403
    assert columns(db, lan.id) == before
    assert audit(db, "contact.deleted") == []


def test_contact_action_without_csrf_or_unknown_contact_refused(app, client, db):
    lan, _ = setup(db)
    login_as(client, db)
    assert client.post(f"/organiser/contacts/{lan.id}/delete").status_code == 400
    assert post_form(client, "/organiser/contacts/999999/delete", {}, "/organiser/contacts").status_code == 404
    assert client.get("/organiser/contacts/999999/edit").status_code == 404
    assert db.session.get(Contact, lan.id).deleted_at is None


def test_deleted_contact_pages_in_french(app, client, db):
    lan, _ = setup(db)
    with app.test_request_context():
        contacts.delete_contact(db.session.get(Contact, lan.id), actor="test")
        db.session.commit()
    login_as(client, db)
    client.get("/login?lang=fr")
    assert "1 contact supprimé" in client.get("/organiser/contacts").get_data(as_text=True)
    assert "Rétablir" in client.get("/organiser/contacts?deleted=1").get_data(as_text=True)
    page = client.get(f"/organiser/contacts/{lan.id}").get_data(as_text=True)
    assert "Ce contact a été supprimé le" in page and "Rétablir" in page
