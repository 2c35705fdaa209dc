"""Audiences: members, a country group, past participants, chronicle regulars, a type of collectivité, saved
audiences composed by union and difference, and their size."""
from __future__ import annotations

import sqlalchemy as sa

from app.auth.models import Role
from app.communications import audiences
from app.communications.models import SavedAudience
from app.core.db import utcnow
from app.events.models import EventKind
from app.people.models import CollectiviteType
from tests.backoffice.helpers import login_as
from tests.communications.helpers import make_contact
from tests.conftest import csrf_token_from
from tests.factories import make_collectivite, make_event, make_person, make_registration


def ids(definition) -> set[str]:
    return {contact.email for contact in audiences.audience_contacts(definition)}


def build(db):
    region = make_collectivite(name="Région Bretagne", type=CollectiviteType.REGION, country="FR", cuf_member=True)
    hue = make_collectivite(name="Hué", type=CollectiviteType.FOREIGN_AUTHORITY, country="VN", cuf_member=False)
    make_contact("member@bzh.fr", collectivite_id=region.id)
    make_contact("flag@paris.fr", is_member=True, country="FR")
    make_contact("hue@hue.vn", collectivite_id=hue.id)  # no country of its own: its collectivité's
    make_contact("tokyo@tokyo.jp", country="JP")
    past = make_event()
    person = make_person(email="tokyo@tokyo.jp")
    make_registration(past, person)
    for _ in range(3):
        chronicle = make_event(kind=EventKind.CHRONIQUE)
        make_registration(chronicle, make_person(email="regular@x.fr") if _ == 0 else
                          db.session.scalar(sa.select(type(person)).where(type(person).email == "regular@x.fr")),
                          attended_at=utcnow())
    make_contact("regular@x.fr")
    db.session.commit()
    return past


def test_basic_audiences(app, db):
    past = build(db)
    with app.test_request_context():
        assert ids({"kind": "members"}) == {"member@bzh.fr", "flag@paris.fr"}
        assert ids({"kind": "countries", "countries": ["VN", "JP"]}) == {"hue@hue.vn", "tokyo@tokyo.jp"}
        assert ids({"kind": "participants", "event_id": past.id}) == {"tokyo@tokyo.jp"}
        assert ids({"kind": "chronicle_regulars", "min": 3}) == {"regular@x.fr"}
        assert ids({"kind": "chronicle_regulars", "min": 4}) == set()
        assert ids({"kind": "collectivite_type", "type": "region"}) == {"member@bzh.fr"}
        assert audiences.audience_size({"kind": "all"}) == 5


def test_union_and_difference_of_saved_audiences(app, db):
    build(db)
    with app.test_request_context():
        members = audiences.save_audience("Membres", {"kind": "members"}, actor="test")
        asia = audiences.save_audience("Asie", {"kind": "countries", "countries": ["VN", "JP"]}, actor="test")
        both = {"union": [{"kind": "saved", "audience_id": members.id}, {"kind": "saved", "audience_id": asia.id}]}
        assert ids(both) == {"member@bzh.fr", "flag@paris.fr", "hue@hue.vn", "tokyo@tokyo.jp"}
        everyone_but_members = {"difference": [{"kind": "all"}, {"kind": "saved", "audience_id": members.id}]}
        assert ids(everyone_but_members) == {"hue@hue.vn", "tokyo@tokyo.jp", "regular@x.fr"}
        assert audiences.audience_size(everyone_but_members) == 3
        assert "Membres" in audiences.describe(everyone_but_members)


def test_invalid_definitions_refused(app, db):
    with app.test_request_context():
        for definition in ({"kind": "nope"}, {"kind": "countries", "countries": ["XX"]}, {"union": []},
                           {"difference": [{"kind": "all"}]}, {"kind": "saved", "audience_id": 999},
                           {"kind": "participants", "event_id": "1"}, "all", {"kind": "chronicle_regulars", "min": 0}):
            try:
                audiences.validate(definition)
            except audiences.AudienceError:
                continue
            raise AssertionError(f"accepted {definition!r}")


def test_saved_audience_cannot_contain_itself(app, db):
    with app.test_request_context():
        saved = audiences.save_audience("A", {"kind": "all"}, actor="test")
        saved.definition = {"union": [{"kind": "saved", "audience_id": saved.id}]}
        db.session.flush()
        try:
            audiences.validate({"kind": "saved", "audience_id": saved.id})
        except audiences.AudienceError:
            return
        raise AssertionError("a cycle was accepted")


def test_audiences_page_saves_country_group_and_shows_size(client, db):
    build(db)
    login_as(client, db, Role.ORGANISER)
    page = client.get("/organiser/contacts/audiences").get_data(as_text=True)
    response = client.post("/organiser/contacts/audiences", data={
        "csrf_token": csrf_token_from(page), "audience-name": "Vietnam", "audience-kind": "countries",
        "audience-countries": ["VN"], "audience-event_id": "0", "audience-campaign_id": "0",
        "audience-collectivite_type": "commune", "audience-min_chronicles": "3"})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    saved = db.session.scalar(sa.select(SavedAudience))
    listing = client.get("/organiser/contacts/audiences").get_data(as_text=True)
    assert f'id="audience-{saved.id}"' in listing
    assert listing.split(f'id="audience-{saved.id}"')[1].split("</tr>")[0].count("<td class=\"num\" data-size>1<") == 1


def test_audiences_page_bad_input_is_form_error_not_500(client, db):
    login_as(client, db, Role.ORGANISER)
    page = client.get("/organiser/contacts/audiences").get_data(as_text=True)
    response = client.post("/organiser/contacts/audiences", data={
        "csrf_token": csrf_token_from(page), "audience-name": "Nothing", "audience-kind": "participants",
        "audience-event_id": "424242", "audience-campaign_id": "x", "audience-collectivite_type": "commune"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SavedAudience)) == 0


def test_audiences_page_huge_ids_are_form_errors_not_500(client, db):
    login_as(client, db, Role.ORGANISER)
    page = client.get("/organiser/contacts/audiences").get_data(as_text=True)
    for kind, field in (("participants", "audience-event_id"), ("not_registered", "audience-campaign_id")):
        response = client.post("/organiser/contacts/audiences", data={
            "csrf_token": csrf_token_from(page), "audience-name": "Huge", "audience-kind": kind,
            "audience-event_id": "0", "audience-campaign_id": "0", field: str(2**63),
            "audience-collectivite_type": "commune"})
        assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SavedAudience)) == 0
