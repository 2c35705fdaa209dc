"""French and English: chosen by ?lang= (remembered) or Accept-Language; dates in the reader's language."""
from __future__ import annotations

import re

from tests.factories import make_event, make_session


def test_default_language_is_french(client, db):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="fr">' in page and "À venir" in page


def test_accept_language_english(client, db):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Upcoming" in page


def test_lang_parameter_wins_and_is_remembered(client, db):
    page = client.get("/?lang=en", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    again = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="en">' in again
    back = client.get("/?lang=fr").get_data(as_text=True)
    assert '<html lang="fr">' in back


def test_unknown_lang_parameter_ignored(client, db):
    page = client.get("/?lang=xx").get_data(as_text=True)
    assert '<html lang="fr">' in page


def test_event_fields_follow_language(client, db):
    event = make_event(title_fr="Rencontres de l'action internationale", title_en="International action meetings")
    make_session(event)
    db.session.commit()
    assert "International action meetings" in client.get(f"/raict/{event.slug}/?lang=en").get_data(as_text=True)
    assert "Rencontres de l&#39;action internationale" in client.get(f"/raict/{event.slug}/?lang=fr").get_data(as_text=True)


def test_dates_in_reader_language(client, db):
    event = make_event()
    make_session(event)
    db.session.commit()
    french = client.get(f"/raict/{event.slug}/programme?lang=fr").get_data(as_text=True)
    english = client.get(f"/raict/{event.slug}/programme?lang=en").get_data(as_text=True)
    assert "mercredi 18 septembre 2030" in french
    assert "Wednesday 18 September 2030" in english


def test_language_switch_links_keep_the_page(client, db):
    event = make_event()
    db.session.commit()
    page = client.get(f"/raict/{event.slug}/programme").get_data(as_text=True)
    assert f'href="/raict/{event.slug}/programme?lang=en"' in page


def test_lang_parameter_on_feeds_and_api_sets_no_cookie(client, db):
    event = make_event()
    make_session(event)
    db.session.commit()
    for path in (f"/raict/{event.slug}/programme.ics?lang=en", f"/api/events/{event.slug}/programme.json?lang=en"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path
    assert "Set-Cookie" in client.get(f"/raict/{event.slug}/?lang=en").headers


def test_language_links_ignore_query_keys_that_look_like_url_for_options(client, db):
    event = make_event()
    db.session.commit()
    for query in ("endpoint=x", "_external=1", "_anchor=x", "slug=other", "_method=POST"):
        response = client.get(f"/raict/{event.slug}/programme?{query}")
        assert response.status_code == 200, query
        assert "http://" not in response.get_data(as_text=True).split("<main")[0], query


def test_huge_ids_in_urls_are_404_not_500(client, db):
    event = make_event()
    db.session.commit()
    for path in (f"/raict/{event.slug}/sessions/99999999999999999999.ics",
                 f"/raict/{event.slug}/speakers/99999999999999999999.ics"):
        assert client.get(path).status_code == 404, path


def test_browser_in_neither_french_nor_english_gets_english(client, db):
    for header in ("vi-VN,vi;q=0.9", "ar", "ja-JP,ja;q=0.8", "zh-CN,zh;q=0.9,ko;q=0.8"):
        page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
        assert '<html lang="en">' in page and "Upcoming" in page, header


def test_french_browsers_get_french_even_with_a_region_or_second_choice(client, db):
    for header in ("fr-FR,fr;q=0.9", "fr-CA", "vi-VN,fr;q=0.8", "fr-BE,en;q=0.5"):
        page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
        assert '<html lang="fr">' in page and "À venir" in page, header


def test_switcher_choice_is_remembered_over_the_browser_language(client, db):
    home = client.get("/", headers={"Accept-Language": "vi-VN"}).get_data(as_text=True)
    assert '<html lang="en">' in home
    switch_to_french = re.search(r'href="([^"]*lang=fr[^"]*)"', home).group(1).replace("&amp;", "&")
    assert '<html lang="fr">' in client.get(switch_to_french, headers={"Accept-Language": "vi-VN"}).get_data(as_text=True)
    again = client.get("/", headers={"Accept-Language": "vi-VN"}).get_data(as_text=True)
    assert '<html lang="fr">' in again and "À venir" in again
