"""Organisers find people before creating them; protocol order drives the public speaker list."""
from __future__ import annotations

import sqlalchemy as sa

from app.people.models import Collectivite, Person, ProtocolRank
from tests.backoffice.helpers import login_as, post_form
from tests.factories import add_speaker, make_collectivite, make_event, make_person, make_session


def person_form(**fields):
    return {"honorific": "Mme", "given_name": "Sonia", "family_name": "Zdorovtsoff", "given_name_latin": "",
            "family_name_latin": "", "function": "Adjointe au maire", "email": "s.z@example.org", "country": "FR",
            "collectivite_id": "0", "protocol_rank_id": "0", **fields}


def test_person_created_then_same_email_refused(client, db):
    login_as(client, db)
    assert post_form(client, "/organiser/people/new", person_form()).status_code == 302
    again = post_form(client, "/organiser/people/new", person_form(given_name="Autre", family_name="Personne",
                                                                   email="S.Z@example.org", allow_similar_name="y"))
    assert again.status_code == 409
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 1


def test_person_with_similar_name_needs_confirmation(client, db):
    make_person(given_name="Sonia", family_name="Zdorovtsoff", email="first@example.org", country="FR")
    db.session.commit()
    login_as(client, db)
    refused = post_form(client, "/organiser/people/new", person_form(given_name="sonia", family_name="ZDOROVTSOFF"))
    assert refused.status_code == 409 and "first@example.org" in refused.get_data(as_text=True)
    accepted = post_form(client, "/organiser/people/new", person_form(allow_similar_name="y"))
    assert accepted.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 2


def test_person_form_refuses_unknown_country_and_control_characters(client, db):
    login_as(client, db)
    for bad in (dict(country="ZZ"), dict(family_name="Zdo\x07rovtsoff"), dict(email="not-an-email")):
        assert post_form(client, "/organiser/people/new", person_form(**bad)).status_code == 200, bad
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 0


def test_collectivite_duplicate_refused_accents_and_case_ignored(client, db):
    make_collectivite(name="Besançon", country="FR")
    db.session.commit()
    login_as(client, db)
    form = {"name": "BESANCON", "name_latin": "", "type": "commune", "country": "FR"}
    assert post_form(client, "/organiser/people/collectivites/new", form).status_code == 409
    assert post_form(client, "/organiser/people/collectivites/new", form | {"country": "BE"}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Collectivite)) == 2


def test_people_search_json_any_script_accents_ignored(client, db):
    make_person(given_name="Thị Hương", family_name="Nguyễn", given_name_latin="Thi Huong", family_name_latin="Nguyen",
                country="VN", collectivite=make_collectivite(name="Hà Nội", country="VN"))
    make_person(given_name="さくら", family_name="佐藤", given_name_latin="Sakura", family_name_latin="Sato", country="JP")
    db.session.commit()
    login_as(client, db)
    assert [p["name"] for p in client.get("/organiser/people/search.json?q=nguyen huong").json] == ["Nguyễn Thị Hương"]
    assert [p["name_latin"] for p in client.get("/organiser/people/search.json?q=佐藤").json] == ["Sato Sakura"]
    assert client.get("/organiser/people/search.json?q=%25").json == []
    assert [c["name"] for c in client.get("/organiser/people/collectivites.json?q=ha noi").json] == ["Hà Nội"]


def test_protocol_order_on_public_speaker_list(client, db):
    event = make_event()
    session = make_session(event)
    for given, family in (("Anna", "Abadie"), ("Marc", "Mayor"), ("Mina", "Minister")):
        add_speaker(session, make_person(given_name=given, family_name=family))
    db.session.commit()
    login_as(client, db)
    for name_fr, precedence in (("Ministre", "10"), ("Maire", "60")):
        post_form(client, "/organiser/people/protocol", {"name_fr": name_fr, "name_en": name_fr, "precedence": precedence})
    ranks = {rank.name_fr: rank.id for rank in db.session.scalars(sa.select(ProtocolRank))}
    for family, rank in (("Minister", "Ministre"), ("Mayor", "Maire")):
        person = db.session.scalar(sa.select(Person).where(Person.family_name == family))
        edited = post_form(client, f"/organiser/people/{person.id}/edit", person_form(
            given_name=person.given_name, family_name=family, email=person.email, protocol_rank_id=str(ranks[rank])))
        assert edited.status_code == 302, edited.get_data(as_text=True)
    client.get("/")  # shows (and so clears) the flashed confirmations
    protocol = client.get(f"/raict/{event.slug}/speakers?order=protocol").get_data(as_text=True)
    alphabetical = client.get(f"/raict/{event.slug}/speakers").get_data(as_text=True)
    assert protocol.index("Minister") < protocol.index("Mayor") < protocol.index("Abadie")
    assert alphabetical.index("Abadie") < alphabetical.index("Mayor") < alphabetical.index("Minister")


def test_protocol_rank_precedence_zero_is_accepted_and_empty_is_refused(client, db):
    """0 is the first place of the protocol (the form allows 0 to 10,000): it is a value, not a missing one."""
    login_as(client, db)
    post_form(client, "/organiser/people/protocol", {"name_fr": "Président", "name_en": "President", "precedence": "0"})
    [rank] = db.session.scalars(sa.select(ProtocolRank)).all()
    assert (rank.name_fr, rank.precedence) == ("Président", 0)
    refused = post_form(client, "/organiser/people/protocol", {"name_fr": "Maire", "name_en": "Mayor", "precedence": ""})
    assert refused.status_code == 400 and db.session.scalar(sa.select(sa.func.count()).select_from(ProtocolRank)) == 1
