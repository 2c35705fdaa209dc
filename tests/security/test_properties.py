"""Property-based tests: arbitrary values posted to every public form and JSON endpoint.

Whatever is sent (any Unicode, control characters, NUL, very long strings, malformed numbers, dates,
choices and repeated fields), the answer is a success, a redirect, or a 4xx with a message — never a
500 — and a 4xx writes nothing (the row count of every table is unchanged). Bounded: a few dozen
examples per form, no deadline, so the suite stays fast.
"""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.events.models import EventKind
from app.registration.models import Delegation
from tests.conftest import FreshContextClient, csrf_token_from
from tests.core.test_limits import app_with
from tests.factories import make_person, make_registration
from tests.registration.helpers import form_data, open_event, workshop

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Cs"], codec="utf-8"), max_size=20),
    st.sampled_from(["", " ", "\x00", "a\x00b", "0", "-1", "1e309", "99999999999999999999999", "NaN", "None",
                     "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "<script>alert(1)</script>", "'; DROP TABLE x;--",
                     "2030-02-30", "0000-00-00", "9999-12-31", "../../etc/passwd", "ﷺ" * 500, "é" * 70000,
                     "fr", "en", "FR", "VN", "zz", "commune", "y", "on", "french", "partner"]),
)
values = st.one_of(nasty_text, st.lists(nasty_text, min_size=2, max_size=3))


def fuzzed(base: dict, fields: list[str]):
    """The valid form, with some fields (or unknown ones) replaced by arbitrary values."""
    keys = st.one_of(st.sampled_from(fields), st.text(min_size=1, max_size=10))
    return st.dictionaries(keys, values, max_size=len(fields)).map(lambda changes: {**base, **changes})


def row_counts(db) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in db.metadata.sorted_tables}


@pytest.fixture
def setup(database_uri, tmp_path):
    with app_with(database_uri, tmp_path, RATELIMIT_ENABLED=False) as (app, _client, db):
        app.test_client_class = FreshContextClient
        event = open_event(kind=EventKind.ASSISES, partner_country="VN")
        session = workshop(event)
        registration = make_registration(event, make_person(country="SN"), language="fr")
        delegation = Delegation(event=event, name="Délégation", country="VN",
                                head=make_person(country="VN"))
        db.session.add(delegation)
        db.session.commit()
        yield {"app": app, "db": db, "client": app.test_client(), "event": event, "session_id": session.id,
               "registration": registration, "delegation": delegation}


def check(setup, url: str, data: dict, page_url: str | None = None, counted: frozenset[str] = frozenset()):
    """POST like a browser; ``counted``: tables a refusal does write (a failed login counts towards lockout)."""
    client, db = setup["client"], setup["db"]
    token = csrf_token_from(client.get(page_url or url).get_data(as_text=True))
    before = row_counts(db)
    response = client.post(url, data={**data, "csrf_token": token})
    assert response.status_code < 500, (url, data, response.status_code)
    if response.status_code >= 400:
        assert response.get_data(as_text=True).strip(), "a 4xx without a message"
        after = row_counts(db)
        assert {name: after[name] for name in after if name not in counted} == {
            name: before[name] for name in before if name not in counted}, (url, data, "partial write on a 4xx")
    return response


REGISTRATION_FIELDS = ["honorific", "given_name", "family_name", "given_name_latin", "family_name_latin", "function",
                       "collectivite_id", "new_collectivite_name", "new_collectivite_type", "new_collectivite_country",
                       "country", "email", "phone", "language", "consent", "sessions"]


def test_registration_form_never_fails(setup):
    event = setup["event"]
    base = form_data(email="fuzz@example.org", sessions=[str(setup["session_id"])], new_collectivite_name="Hanoï")

    @SETTINGS
    @given(fuzzed(base, REGISTRATION_FIELDS))
    def run(data):
        check(setup, f"/assises/{event.slug}/register", data)

    run()


DELEGATION_FIELDS = ["honorific", "given_name", "family_name", "given_name_latin", "family_name_latin", "function",
                     "email", "country", "language", "delegation_name", "delegation_country", "side",
                     "collectivites", "consent"]


def test_new_delegation_form_never_fails(setup):
    event = setup["event"]
    base = {"given_name": "Lan", "family_name": "Nguyễn", "email": "lan@example.org", "country": "VN", "language": "fr",
            "delegation_name": "Province de Lào Cai", "delegation_country": "VN", "side": "partner", "consent": "y"}

    @SETTINGS
    @given(fuzzed(base, DELEGATION_FIELDS))
    def run(data):
        check(setup, f"/assises/{event.slug}/delegations/new", data)

    run()


def test_delegation_member_form_never_fails(setup):
    token = setup["delegation"].manage_token
    base = {"given_name": "Minh", "family_name": "Trần", "email": "minh@example.org", "country": "VN",
            "language": "en", "sessions": [str(setup["session_id"])]}

    @SETTINGS
    @given(fuzzed(base, DELEGATION_FIELDS + ["sessions"]))
    def run(data):
        check(setup, f"/delegations/{token}/members", data, page_url=f"/delegations/{token}")

    run()


def test_self_service_forms_never_fail(setup):
    token = setup["registration"].manage_token
    letter = {"passport_number": "C1234567", "passport_expires_on": "2035-01-01", "nationality": "SN",
              "date_of_birth": date(1980, 5, 1).isoformat()}

    @SETTINGS
    @given(fuzzed({"sessions": [str(setup["session_id"])]}, ["sessions"]), fuzzed(letter, list(letter)))
    def run(choices, letter_data):
        check(setup, f"/registration/{token}/choices", choices, page_url=f"/registration/{token}")
        check(setup, f"/registration/{token}/letter", letter_data)

    run()


def test_login_never_fails(setup):
    @SETTINGS
    @given(fuzzed({"email": "staff@example.org", "password": "x"}, ["email", "password", "next"]),
           st.one_of(st.just(""), nasty_text.map(lambda value: "?next=" + value[:200])))
    def run(data, query):
        check(setup, "/login" + query.replace("\x00", "%00").replace("#", "%23"), data, page_url="/login",
              counted=frozenset({"login_throttle", "audit_entry"}))

    run()


def test_public_json_and_pages_take_any_query(setup):
    client, event = setup["client"], setup["event"]

    @SETTINGS
    @given(st.dictionaries(st.sampled_from(["lang", "day", "track", "room", "q", "since", "page", "kind"]),
                           nasty_text, max_size=4))
    def run(query):
        for url in [f"/api/events/{event.slug}/programme.json", f"/assises/{event.slug}/programme", "/"]:
            response = client.get(url, query_string=query)
            assert response.status_code < 500, (url, query, response.status_code)

    run()


# --- the check-in JSON API, with a desk token -----------------------------------------------------

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=2**31 - 2, max_value=2**70),
                         st.floats(allow_nan=False), nasty_text)
json_values = st.recursive(json_scalars, lambda children: st.one_of(
    st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)), max_leaves=6)
SCANNED_AT = st.sampled_from(["0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00-14:00", "9999-12-31T23:59:59-14:00",
                              "2020-01-01T10:00:00Z", "2020-01-01T10:00:00", "2020-13-01T10:00:00Z", "now", ""])
NON_JSON = st.tuples(st.one_of(st.binary(max_size=300), nasty_text.map(lambda text: text.encode("utf-8", "replace"))),
                     st.sampled_from([None, "application/json", "text/plain", "application/x-www-form-urlencoded",
                                      "multipart/form-data; boundary=x", "application/json; charset=latin-1"]))
WELCOME_TABLES = {"scan", "check_in", "audit_entry"}


@pytest.fixture
def desk(setup):
    from datetime import timedelta

    from app.badges.tokens import badge_code_for
    from app.checkin.operations import issue_desk_token
    from app.core.db import utcnow

    event = setup["event"]  # on today (a desk welcomes only on the event's days: not_event_day otherwise)
    event.starts_at, event.ends_at = utcnow() - timedelta(hours=1), utcnow() + timedelta(hours=10)
    _row, token = issue_desk_token(event, "B")
    setup["db"].session.commit()
    return {**setup, "token": token, "code": badge_code_for(setup["registration"])}


def check_api(desk, action: str, body=None, raw: tuple[bytes, str | None] | None = None):
    """One API call: 200 with a known status, or a 4xx JSON error that changed nothing. A 200 writes its scan
    (none for a replayed nonce), and a check-in exactly when it writes its audit entry."""
    from app.checkin.operations import NOT_FOUND, NOTHING_TO_UNDO, STATUSES, UNDONE

    client, db = desk["client"], desk["db"]
    headers = {"Authorization": f"Bearer {desk['token']}"}
    url = f"/api/checkin/{desk['event'].slug}/{action}"
    before = row_counts(db)
    if raw is None:
        response = client.post(url, json=body, headers=headers)
    else:
        response = client.post(url, data=raw[0], content_type=raw[1], headers=headers)
    after = row_counts(db)
    changed = {name: after[name] - before[name] for name in after if after[name] != before[name]}
    assert response.status_code < 500, (action, body, raw, response.status_code)
    assert response.is_json, (action, response.status_code)
    data = response.get_json()
    if response.status_code == 200 and action != "undo":
        assert data["status"] in STATUSES
        assert set(changed) <= WELCOME_TABLES and changed.get("scan", 0) in (0, 1), changed
        assert changed.get("check_in", 0) == changed.get("audit_entry", 0) <= changed.get("scan", 0), changed
        assert (data["status"] == "ok") >= bool(changed.get("check_in")), (data, changed)
    elif response.status_code == 200:
        assert data["status"] in (UNDONE, NOTHING_TO_UNDO)
        assert changed in ({}, {"check_in": -1, "audit_entry": 1}) and bool(changed) == (data["status"] == UNDONE)
    else:
        assert 400 <= response.status_code < 500 and changed == {}, (action, body, changed)
        assert data.get("error") or data.get("status") == NOT_FOUND, data
    return data


def api_bodies(desk, fields: list[str], valid: dict):
    keys = st.one_of(st.sampled_from(fields), st.text(max_size=10))
    field_values = st.one_of(json_values, st.sampled_from([desk["code"], desk["code"].lower(), desk["code"] + "\x00",
                                                           "nonce-1", "nonce-2", desk["registration"].id]), SCANNED_AT)
    changes = st.dictionaries(keys, field_values, max_size=len(fields))
    return st.one_of(changes.map(lambda changed: {**valid, **changed}), json_values)


def test_checkin_api_never_fails_on_any_json(desk):
    valid_scan = {"code": desk["code"], "desk": "B", "nonce": "nonce-1"}
    valid_manual = {"registration_id": desk["registration"].id, "desk": "B", "nonce": "nonce-2"}

    seen: set[str] = set()

    @SETTINGS
    @given(api_bodies(desk, ["code", "desk", "nonce", "scanned_at"], valid_scan),
           api_bodies(desk, ["registration_id", "desk", "nonce"], valid_manual),
           api_bodies(desk, ["nonce"], {"nonce": "nonce-1"}))
    def run(scan_body, manual_body, undo_body):
        for action, body in [("scan", scan_body), ("manual", manual_body), ("undo", undo_body)]:
            seen.add(str(check_api(desk, action, body).get("status") or "error"))

    run()
    assert {"ok", "undone", "error"} <= seen, seen  # the examples reached welcomes, undos and refusals


def test_checkin_api_never_fails_on_bodies_that_are_not_json(desk):
    @SETTINGS
    @given(st.sampled_from(["scan", "manual", "undo"]), NON_JSON)
    def run(action, raw):
        data = check_api(desk, action, raw=raw)
        assert data.get("error"), data

    run()


# --- organisers' forms and query strings ----------------------------------------------------------

@pytest.fixture
def organiser(setup):
    from app.auth.models import Role
    from tests.backoffice.helpers import login_as

    login_as(setup["client"], setup["db"], Role.ORGANISER)
    return setup


def test_chroniques_access_request_form_never_fails(setup):
    from tests.chroniques.builders import build_series
    from tests.chroniques.builders import form_data as chronique_form

    built = build_series()
    setup["db"].session.commit()
    chronicle = built.upcoming[0]
    base = chronique_form("outsider@example.org", built.outsider.id, whole_series="y")

    @SETTINGS
    @given(fuzzed(base, REGISTRATION_FIELDS + ["whole_series"]))
    def run(data):
        check(setup, f"/chroniques/{chronicle.slug}/register", data)

    run()


def test_attendance_upload_never_fails(organiser):
    import io


    chronicle = organiser["event"]
    url = f"/organiser/chroniques/chronicles/{chronicle.slug}/attendance"
    header = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
    cells = st.lists(st.lists(nasty_text, min_size=1, max_size=6), max_size=4)
    contents = st.one_of(
        st.binary(max_size=500),
        cells.map(lambda rows: (header + "\n".join(",".join(row) for row in rows)).encode("utf-8", "replace")),
        nasty_text.map(lambda text: text.encode("utf-8", "replace")))
    names = st.one_of(st.sampled_from(["p.csv", "p.xlsx", "p.txt", "", "../../p.csv", "p.csv\x00.exe"]), nasty_text)

    @SETTINGS
    @given(contents, names, st.one_of(st.none(), nasty_text))
    def run(content, filename, payload):
        client, db = organiser["client"], organiser["db"]
        token = csrf_token_from(client.get(url).get_data(as_text=True))
        before = row_counts(db)
        response = client.post(url, data={"csrf_token": token, "file": (io.BytesIO(content), filename or "x")},
                               content_type="multipart/form-data")
        assert response.status_code < 500 and row_counts(db) == before, (content[:80], filename, response.status_code)
        if payload is not None:
            confirmed = client.post(url + "/confirm", data={"csrf_token": token, "payload": payload})
            assert confirmed.status_code < 500 and row_counts(db) == before, (payload[:80], confirmed.status_code)

    run()


def test_badge_filters_desk_search_and_figures_take_any_query(organiser):
    client, event = organiser["client"], organiser["event"]
    badges = f"/organiser/events/{event.slug}/badges"
    year = event.local_start.year

    @SETTINGS
    @given(st.dictionaries(st.sampled_from(["delegation", "category", "format", "q", "day", "lang"]), nasty_text,
                           max_size=4), nasty_text)
    def run(query, slug):
        for url in [f"{badges}/", f"{badges}/badges.pdf", f"{badges}/badges.stream", f"/desk/{event.slug}/search.json",
                    f"/desk/{event.slug}/arrivals", f"/desk/{event.slug}/arrivals.csv", "/organiser/figures/",
                    f"/organiser/figures/events/{event.slug}", f"/organiser/figures/years/{year}",
                    f"/organiser/figures/events/{event.slug}/figures.csv"]:
            response = client.get(url, query_string=query)
            assert response.status_code < 500, (url, query, response.status_code)
        safe = quote_path(slug)
        for url in [f"/organiser/figures/events/{safe}", f"/organiser/figures/series/{safe}",
                    f"/organiser/figures/series/{safe}/figures.xlsx", f"/organiser/events/{safe}/badges/"]:
            response = client.get(url)
            assert response.status_code < 500, (url, response.status_code)

    run()


def quote_path(text: str) -> str:
    from urllib.parse import quote

    return quote(text.encode("utf-8", "surrogatepass"), safe="") or "x"


def test_control_characters_in_paths_searches_and_nonces_are_refused_before_the_database(desk):
    """NUL, which PostgreSQL refuses in a query, found by the examples above: a 404 in a path, a 400 in a query
    string or a nonce; other control characters are dropped from name searches. On both databases."""
    from app.auth.models import Role
    from tests.backoffice.helpers import login_as

    client, slug = desk["client"], desk["event"].slug
    for path in [f"/desk/{slug}%00/badges/1.pdf", "/desk/a%00b/", "/organiser/figures/events/a%00b",
                 f"/registration/{desk['registration'].manage_token}%00", "/raict/%ED%A0%80/programme"]:
        assert client.get(path).status_code == 404, path
    response = client.post("/api/checkin/a%00b/scan", json={})
    assert response.status_code == 404 and response.is_json
    for nonce in ["a\x00b", "\ud800", "x" * 81]:
        assert check_api(desk, "undo", {"nonce": nonce})["error"]
    login_as(client, desk["db"], Role.ADMIN)
    for url in [f"/desk/{slug}/search.json?q=a%00b", "/organiser/audit/?actor=%00", "/organiser/people/?q=%00",
                f"/organiser/events/{slug}/registrations?q=x%00", "/?lang=%00"]:
        assert client.get(url).status_code == 400, url
    for query in ["%ED%A0%80+Lan", "%01%02", "a%1Fb"]:
        response = client.get(f"/desk/{slug}/search.json?q={query}")
        assert response.status_code == 200 and response.get_json() == {"results": []}, query
        assert client.get(f"/organiser/people/search.json?q={query}").status_code == 200
