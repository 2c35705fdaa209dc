"""The desk's search, the arrivals page and its CSV, the organisers' desk tokens, the head of delegation's page."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import sqlalchemy as sa

from app.auth.models import Role
from app.badges.tokens import badge_code_for
from app.checkin.models import DeskToken, hash_desk_token
from app.core.db import utcnow
from app.registration.models import Delegation, RegistrationCategory, RegistrationStatus
from tests.backoffice.helpers import login_as, post_form
from tests.checkin.helpers import desk_token, event_now, scan
from tests.factories import make_person, make_registration


def _delegation(db, event, name, country="VN"):
    delegation = Delegation(event=event, name=name, country=country)
    db.session.add(delegation)
    return delegation


def _crowd(db, event, size: int):
    """``size`` confirmed members of one delegation, every second one checked in today."""
    delegation = _delegation(db, event, "Délégation de Hué")
    members = [make_registration(event, make_person(given_name=f"Lan{n}", family_name="Nguyễn", country="VN"),
                                 delegation=delegation, category=RegistrationCategory.DELEGATION_MEMBER)
               for n in range(size)]
    db.session.commit()
    return delegation, members


def _check_in_half(client, event, members):
    token = desk_token(event)
    for member in members[::2]:
        assert scan(client, event, token, badge_code_for(member)).get_json()["status"] == "ok"


def test_search_finds_people_of_the_event_whatever_the_accents_case_or_script(client, db):
    event = event_now()
    wanted = make_registration(event, make_person(given_name="Thị Lan", family_name="Nguyễn",
                                                  given_name_latin="Thi Lan", family_name_latin="Nguyen", country="VN"))
    han = make_registration(event, make_person(given_name="小明", family_name="王", given_name_latin="Xiaoming",
                                               family_name_latin="Wang", country="CN"))
    make_registration(event_now(), make_person(given_name="Thi Lan", family_name="Nguyen"))  # another event
    db.session.commit()
    login_as(client, db, Role.DESK)
    results = client.get(f"/desk/{event.slug}/search.json?q=NGUYEN thi").get_json()["results"]
    assert [result["id"] for result in results] == [wanted.id]
    assert results[0]["badge_url"] == f"/desk/{event.slug}/badges/{wanted.id}.pdf"
    assert results[0]["checked_in_at"] is None and results[0]["status"] == "confirmed"
    assert [r["id"] for r in client.get(f"/desk/{event.slug}/search.json?q=王").get_json()["results"]] == [han.id]
    assert client.get(f"/desk/{event.slug}/search.json?q=").get_json() == {"results": []}


def test_search_runs_a_fixed_number_of_queries(client, db, count_queries):
    event = event_now()
    _delegation_row, members = _crowd(db, event, 12)
    _check_in_half(client, event, members)
    login_as(client, db, Role.DESK)
    client.get(f"/desk/{event.slug}/search.json?q=warm")  # the first request after login may load more
    with count_queries() as few:
        assert len(client.get(f"/desk/{event.slug}/search.json?q=lan1").get_json()["results"]) == 3
    with count_queries() as many:
        results = client.get(f"/desk/{event.slug}/search.json?q=nguyen").get_json()["results"]
    assert len(results) == 12 and sum(1 for result in results if result["checked_in_at"]) == 6
    assert many.count == few.count


def test_arrivals_counts_by_day_category_country_delegation_and_lists_missing_members(client, db):
    event = event_now()
    _delegation_row, members = _crowd(db, event, 6)
    vip = make_registration(event, make_person(given_name="Anne", family_name="Hidalgo", country="FR"),
                            category=RegistrationCategory.VIP)
    make_registration(event, status=RegistrationStatus.CANCELLED)  # not expected
    db.session.commit()
    _check_in_half(client, event, members + [vip])
    login_as(client, db, Role.DESK)
    page = client.get(f"/desk/{event.slug}/arrivals").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page  # refreshed by fetch (static/js/arrivals.js), not by reloading
    assert 'data-refresh-seconds="30"' in page
    assert re.search(r'id="arrivals-total"[^>]*><strong>4</strong> / 7', page)
    assert "3 / 6" in page  # the delegation and Viet Nam
    assert "1 / 1" in page  # the VIP and France
    missing = page.split("delegation-missing", 1)[1]
    for member in members[1::2]:
        assert member.person.name in missing
    for member in members[::2]:
        assert member.person.name not in missing
    tomorrow = (utcnow().astimezone(event.zone).date() + timedelta(days=1)).isoformat()
    other_day = client.get(f"/desk/{event.slug}/arrivals?day={tomorrow}").get_data(as_text=True)
    assert re.search(r'id="arrivals-total"[^>]*><strong>0</strong> / 7', other_day)


def test_arrivals_page_runs_a_fixed_number_of_queries(client, db, count_queries):
    event = event_now()
    _delegation_row, members = _crowd(db, event, 4)
    _check_in_half(client, event, members)
    login_as(client, db, Role.ORGANISER)
    client.get(f"/desk/{event.slug}/arrivals")  # the first request after login may load more
    with count_queries() as small:
        assert client.get(f"/desk/{event.slug}/arrivals").status_code == 200
    more = [make_registration(event, make_person(country=country), delegation=_delegation(db, event, f"D{n}", country))
            for n, country in enumerate(["JP", "KR", "MA", "AM", "GR", "IL"] * 5)]
    db.session.commit()
    _check_in_half(client, event, more)
    with count_queries() as large:
        assert client.get(f"/desk/{event.slug}/arrivals").status_code == 200
    assert large.count == small.count <= 8


def test_arrivals_csv_neutralises_formulas(client, db):
    event = event_now()
    evil = make_registration(event, make_person(given_name="=HYPERLINK(\"x\")", family_name="@SUM(1)"))
    other = make_registration(event, make_person(given_name="Camille", family_name="Dupont"))
    db.session.commit()
    _check_in_half(client, event, [other])
    login_as(client, db, Role.ORGANISER)
    response = client.get(f"/desk/{event.slug}/arrivals.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:5] == ["name", "name_latin", "delegation", "category", "country"]
    assert len(rows[0]) == 5 + len(event.days)
    by_name = {row[0]: row for row in rows[1:]}
    assert "'=HYPERLINK(\"x\") @SUM(1)" in by_name
    today_column = rows[0].index(utcnow().astimezone(event.zone).date().isoformat())
    assert re.fullmatch(r"\d\d:\d\d B", by_name["Camille Dupont"][today_column])
    assert by_name["'=HYPERLINK(\"x\") @SUM(1)"][today_column] == ""
    del evil


def test_organiser_issues_a_token_shown_once_then_revokes_it(client, db):
    event = event_now()
    registration = make_registration(event)
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    url = f"/organiser/events/{event.slug}/desk-tokens"
    response = post_form(client, url, {"desk": "Entrée 2"})
    page = response.get_data(as_text=True)
    token = re.search(r'<code class="token">([^<]+)</code>', page).group(1)
    row = db.session.scalar(sa.select(DeskToken))
    assert row.token_hash == hash_desk_token(token) and row.desk == "Entrée 2"
    assert token not in client.get(url).get_data(as_text=True)
    assert scan(client, event, token, badge_code_for(registration)).get_json()["status"] == "ok"
    revoked = post_form(client, f"{url}/{row.id}/revoke", {}, page_url=url)
    assert revoked.status_code == 303
    assert scan(client, event, token, badge_code_for(registration)).status_code == 401


def test_organiser_token_form_refuses_a_bad_desk_name(client, db):
    event = event_now()
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    url = f"/organiser/events/{event.slug}/desk-tokens"
    for desk in ["", "B" * 21, "<script>"]:
        assert post_form(client, url, {"desk": desk}).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeskToken)) == 0


def test_desk_page_carries_its_configuration_in_data_attributes_without_inline_script(client, db):
    event = event_now()
    db.session.commit()
    login_as(client, db, Role.DESK)
    page = client.get(f"/desk/{event.slug}/").get_data(as_text=True)
    assert f'data-scan-url="/api/checkin/{event.slug}/scan"' in page and "data-csrf-token=" in page
    assert re.findall(r"<script(?![^>]*\bsrc=)", page) == []
    assert "vendor/jsqr/jsQR.js" in page and "js/desk.js" in page


def test_head_of_delegation_sees_who_has_not_arrived_yet(client, db):
    event = event_now()
    delegation, members = _crowd(db, event, 4)
    _check_in_half(client, event, members)
    page = client.get(f"/delegations/{delegation.manage_token}").get_data(as_text=True)
    section = page.split('id="not-arrived"', 1)[1].split("</section>", 1)[0]
    assert "(2)" in section
    for member in members[1::2]:
        assert member.person.name in section
    for member in members[::2]:
        assert member.person.name not in section


def test_head_of_delegation_page_has_no_arrivals_before_the_event(client, db):
    event = event_now(starts_at=utcnow() + timedelta(days=10))
    delegation, _members = _crowd(db, event, 2)
    assert 'id="not-arrived"' not in client.get(f"/delegations/{delegation.manage_token}").get_data(as_text=True)


def test_header_links_follow_the_role(client, db):
    event_now()
    login_as(client, db, Role.DESK)
    html = client.get("/desk/?lang=en").get_data(as_text=True)
    assert 'href="/desk/"' in html and "Reception desk" in html
    assert "/organiser/" not in html  # a desk account has no back office: no link to a 403
    organiser = client.application.test_client()
    login_as(organiser, db, Role.ORGANISER)
    html = organiser.get("/?lang=en").get_data(as_text=True)
    assert 'href="/organiser/"' in html and 'href="/desk/"' in html
