"""Country lists: real ISO 3166-1 countries only, sorted as a reader of the language expects, frequent ones first."""
from __future__ import annotations

import re

import pytest
from babel import Locale
from flask_babel import force_locale

from app.core.countries import country_choices, country_names, is_country_code
from app.events.models import EventStatus
from tests.factories import make_event

NOT_COUNTRIES = ("XA", "XB", "EU", "EZ", "UN", "QO", "ZZ", "XK", "AC", "IC", "EA", "DG", "TA", "CP")


def option_labels(html: str, select_name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_country_choices_are_the_249_iso_countries_and_no_grouping_or_pseudo_locale(app, language):
    with app.test_request_context(), force_locale(language):
        choices = country_choices(language)
    codes = [choice.value for choice in choices]
    assert len(codes) == len(set(codes)) == 249
    assert not set(NOT_COUNTRIES) & set(codes)
    labels = {choice.label for choice in choices}
    babel_names = Locale.parse(language).territories
    not_countries = {name for code, name in babel_names.items() if code in NOT_COUNTRIES or code.isdigit()}
    assert {babel_names["XA"], babel_names["EU"], babel_names["001"], babel_names["002"]} <= not_countries
    assert not labels & not_countries, labels & not_countries
    assert all(not is_country_code(code) for code in NOT_COUNTRIES)
    assert is_country_code("PS") and is_country_code("VN")


def test_french_names_sort_with_their_accents_not_after_z(app):
    names = list(country_names("fr").values())
    assert names.index("Égypte") < names.index("Espagne") < names.index("Zimbabwe")
    assert names.index("Dominique") < names.index("Égypte") < names.index("Émirats arabes unis") \
        < names.index("Équateur") < names.index("Érythrée") < names.index("Estonie")
    assert names.index("Îles Caïmans") < names.index("Inde") < names.index("Irak")
    assert names[-1] == "Zimbabwe"


def test_english_names_sort_with_their_accents(app):
    names = list(country_names("en").values())
    assert names.index("Afghanistan") < names.index("Åland Islands") < names.index("Albania")
    assert names.index("Curaçao") < names.index("Cyprus")
    assert names.index("Réunion") < names.index("Romania")


def test_frequent_countries_come_first_france_leading(app):
    with app.test_request_context(), force_locale("fr"):
        choices = country_choices("fr")
    frequent = [choice for choice in choices if choice.optgroup == "Les plus fréquents"]
    assert frequent == choices[:len(frequent)]
    assert [choice.value for choice in frequent][:1] == ["FR"]
    assert {"VN", "PS", "JP", "SN", "MA"} <= {choice.value for choice in frequent}
    assert len(frequent) <= 15
    rest = [choice.label for choice in choices[len(frequent):]]
    assert {choice.optgroup for choice in choices[len(frequent):]} == {"Autres pays"}
    assert rest.index("Afghanistan") == 0 and rest.index("Égypte") < rest.index("Zimbabwe")


def test_registration_form_offers_grouped_real_countries(client, db):
    event = make_event(status=EventStatus.REGISTRATION_OPEN)
    db.session.commit()
    html = client.get(f"/raict/{event.slug}/register?lang=fr").get_data(as_text=True)
    labels = option_labels(html, "country")
    assert labels[0] == "—" and labels[1] == "France"
    assert "Pseudo-Accents" not in labels and "Pseudo-Bidi" not in labels and "zone euro" not in labels
    assert "Union européenne" not in labels and "Monde" not in labels
    assert labels.index("Égypte") < labels.index("Zimbabwe")
    assert '<optgroup label="Les plus fréquents">' in html and '<optgroup label="Autres pays">' in html
