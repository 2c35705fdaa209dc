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
