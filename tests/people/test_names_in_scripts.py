"""Names in every script survive the database and are shown escaped."""
from __future__ import annotations

import html
import unicodedata

import pytest

from app.people.models import Person
from tests.factories import add_speaker, make_collectivite, make_event, make_person, make_session

NAMES = [
    # (given, family, given latin, family latin, country)
    ("Thị Hương", "Nguyễn", "Thi Huong", "Nguyen", "VN"),
    ("さくら", "佐藤", "Sakura", "Sato", "JP"),
    ("秀明", "髙橋", "Hideaki", "Takahashi", "JP"),
    ("小明", "王", "Xiaoming", "Wang", "CN"),
    ("志明", "陳", "Chih-ming", "Chen", "TW"),
    ("민준", "김", "Min-jun", "Kim", "KR"),
    ("فاطمة", "الزهراء", "Fatima", "Al-Zahra", "MA"),
    ("נועה", "כהן", "Noa", "Cohen", "IL"),
    ("Անի", "Հակոբյան", "Ani", "Hakobyan", "AM"),
    ("Олена", "Коваленко", "Olena", "Kovalenko", "UA"),
    ("Ελένη", "Παπαδοπούλου", "Eleni", "Papadopoulou", "GR"),
]


@pytest.mark.parametrize("given, family, given_latin, family_latin, country", NAMES)
def test_names_round_trip_through_database(db, given, family, given_latin, family_latin, country):
    person = make_person(given_name=given, family_name=family, given_name_latin=given_latin,
                         family_name_latin=family_latin, country=country)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Person, person.id)
    assert (stored.given_name, stored.family_name) == (given, family)
    assert (stored.given_name_latin, stored.family_name_latin) == (given_latin, family_latin)
    assert family in stored.name and given in stored.name


def test_names_in_every_script_shown_on_programme_and_speaker_pages(client, db):
    event = make_event()
    session = make_session(event, title_fr="Atelier des écritures")
    people = []
    for position, (given, family, given_latin, family_latin, country) in enumerate(NAMES):
        collectivite = make_collectivite(name=f"Collectivité {family}", country=country)
        people.append(make_person(given_name=given, family_name=family, given_name_latin=given_latin,
                                  family_name_latin=family_latin, country=country, collectivite=collectivite))
        add_speaker(session, people[-1], position=position)
    db.session.commit()
    for path in (f"/raict/{event.slug}/programme", f"/raict/{event.slug}/speakers"):
        page = client.get(path).get_data(as_text=True)
        for person in people:
            assert html.escape(person.name) in page, person.name
            assert person.name_latin in page
            assert unicodedata.is_normalized("NFC", page)


def test_family_name_first_in_own_script_for_east_asian_names(db):
    person = make_person(given_name="さくら", family_name="佐藤", given_name_latin="Sakura",
                         family_name_latin="Sato", country="JP")
    vietnamese = make_person(given_name="Thị Hương", family_name="Nguyễn", country="VN")
    french = make_person(given_name="Léonore", family_name="Moncond'huy", country="FR")
    assert person.name == "佐藤さくら"
    assert person.name_latin == "Sato Sakura"
    assert vietnamese.name == "Nguyễn Thị Hương"
    assert french.name == "Léonore Moncond'huy" and not french.has_distinct_latin_name


def test_markup_in_a_name_is_shown_as_text(client, db):
    event = make_event()
    session = make_session(event)
    add_speaker(session, make_person(given_name="<script>alert(1)</script>", family_name="<b>Bold</b>"))
    db.session.commit()
    for path in (f"/raict/{event.slug}/programme", f"/raict/{event.slug}/speakers"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<b>Bold</b>" not in page
