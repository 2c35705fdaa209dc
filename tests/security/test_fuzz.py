"""Fuzzing every public form and JSON endpoint, found from ``app.url_map`` (not from a list).

Each route of the app is probed anonymously with valid values in its URL; those that send a visitor to the
login page, or answer 401/403, are staff-only (their own tests cover them) and skipped. Every other route is
fuzzed with hypothesis (fixed seed, a bounded number of examples): URL numbers at the edges (2³¹, 2⁶³,
Unicode digits…), query strings and form fields (the names the page's form uses, and unknown ones) holding
control characters, NUL, very long strings, boundary integers and Unicode digits, and, on every POST, a
nested JSON body. Never a 500, and a refused request (4xx) writes nothing: the row count of every table is
the same before and after (a failed login counts towards the lockout: ``login_throttle`` and its audit entry).
"""
from __future__ import annotations

import re
import time
from urllib.parse import quote

import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.routing import AnyConverter, IntegerConverter

from app.calendar.routes import bp as _calendar  # noqa: F401 - every blueprint is registered by create_app
from tests.conftest import csrf_token_from
from tests.security.test_properties import nasty_text

GET_EXAMPLES, POST_EXAMPLES = 4, 10
SETTINGS = dict(deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
REFUSAL_WRITES = {"auth.login": {"login_throttle", "audit_entry"}}
STAFF_PREFIXES = ("/static/",)

numbers = st.sampled_from(["0", "1", "-1", str(2**31 - 1), str(2**31), str(2**63 - 1), str(2**63), str(2**64 + 1),
                           "9" * 40, "²", "٣", "１２", "1e3", "0x10", "1_000", " 1", "1.0", "NaN", "\x00", ""])
fuzz_values = st.one_of(nasty_text, numbers, st.lists(st.one_of(nasty_text, numbers), min_size=2, max_size=3))
json_leaves = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70), nasty_text, numbers)
nested_json = st.one_of(
    st.recursive(json_leaves, lambda children: st.one_of(st.lists(children, max_size=3),
                                                           st.dictionaries(st.text(max_size=8), children, max_size=3)),
                 max_leaves=8),
    st.integers(min_value=20, max_value=120).map(lambda depth: "[" * depth + "]" * depth))
FIELD_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')


def _valid_values(rule, setup) -> dict | None:
    """Values that make the rule's URL name something that exists (None when the rule needs what we lack)."""
    event, registration, delegation = setup["event"], setup["registration"], setup["delegation"]
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, AnyConverter):
            items = sorted(converter.items)
            values[name] = event.kind.url_prefix if event.kind.url_prefix in items else items[0]
        elif name == "slug":
            values[name] = event.slug
        elif name == "token":
            values[name] = (delegation.manage_token if rule.rule.startswith("/delegations")
                            else registration.calendar_token if rule.rule.startswith("/agenda")
                            else registration.manage_token)
        elif isinstance(converter, IntegerConverter):
            values[name] = {"session_id": setup["session_id"], "person_id": registration.person_id,
                            "registration_id": registration.id}.get(name, converter.min or 1)
        else:
            values[name] = "x"
    return values


def _url(rule, values: dict) -> str:
    path = rule.rule
    for name, value in values.items():
        path = re.sub(r"<(?:[^:<>]+:)?" + re.escape(name) + r">", quote(str(value), safe=""), path)
    return path


def _staff_only(client, rule, url: str, csrf: str) -> bool:
    method = "GET" if "GET" in rule.methods else "POST"
    response = client.open(url, method=method, headers={"X-CSRFToken": csrf})
    location = response.headers.get("Location", "")
    return response.status_code in (401, 403) or (response.status_code in (302, 303) and "/login" in location)


def public_routes(app, client, setup, csrf: str) -> list[tuple]:
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if rule.rule.startswith(STAFF_PREFIXES) or rule.endpoint == "static":
            continue
        values = _valid_values(rule, setup)
        url = _url(rule, values)
        if not _staff_only(client, rule, url, csrf):
            found.append((rule, values))
    return found


def row_counts(db) -> dict[str, int]:
    """Every table's row count, in one statement (one round trip, also on PostgreSQL)."""
    counts = [sa.select(sa.func.count()).select_from(table).scalar_subquery() for table in db.metadata.sorted_tables]
    with db.engine.connect() as connection:
        return dict(zip([table.name for table in db.metadata.sorted_tables], connection.execute(sa.select(*counts)).one(),
                        strict=True))


def _check(setup, endpoint: str, method: str, url: str, **kwargs) -> None:
    client, db = setup["client"], setup["db"]
    before = row_counts(db) if method == "POST" else None
    response = client.open(url, method=method, **kwargs)
    assert response.status_code < 500, (endpoint, method, url, kwargs.get("data") or kwargs.get("json"),
                                        response.status_code)
    if before is not None and response.status_code >= 400:
        after = row_counts(db)
        allowed = REFUSAL_WRITES.get(endpoint, set())
        assert {name: count for name, count in after.items() if name not in allowed} == {
            name: count for name, count in before.items() if name not in allowed}, (endpoint, url, "written on a 4xx")


def test_every_public_route_survives_fuzzing(setup):
    app, client = setup["app"], setup["client"]
    started = time.monotonic()
    page = client.get(f"/{setup['event'].kind.url_prefix}/{setup['event'].slug}/register").get_data(as_text=True)
    csrf = csrf_token_from(page)
    routes = public_routes(app, client, setup, csrf)
    endpoints = {rule.endpoint for rule, _ in routes}
    # Discovery found the public forms and JSON endpoints (and skipped the staff ones).
    assert {"registration.register", "delegations.new_delegation", "delegations.add_member", "auth.login",
            "registration.change_choices", "programme_public.programme_json"} <= endpoints, endpoints
    assert not any(rule.rule.startswith(("/organiser", "/api/checkin", "/desk")) for rule, _ in routes), endpoints

    for rule, values in routes:
        integer_names = [name for name, converter in rule._converters.items() if isinstance(converter, IntegerConverter)]
        get_page = client.get(_url(rule, values)) if "GET" in rule.methods else None
        fields = sorted(set(FIELD_NAME.findall(get_page.get_data(as_text=True)))) if get_page is not None and \
            get_page.mimetype == "text/html" else []
        fields = [name for name in fields if name != "csrf_token"] or ["email", "name", "sessions"]

        url_values = st.fixed_dictionaries({name: st.one_of(st.just(values[name]), numbers) for name in integer_names})
        query = st.dictionaries(st.one_of(st.sampled_from(["lang", "page", "event", "delegation", "session", "day",
                                                           "q", "next", "download", "order"]), st.text(max_size=6)),
                                fuzz_values.map(lambda value: value if isinstance(value, str) else value[0]),
                                max_size=3)

        if "GET" in rule.methods:
            @settings(max_examples=GET_EXAMPLES, **SETTINGS)
            @given(url_values, query)
            def fuzz_get(numbers_in_url, arguments):
                url = _url(rule, {**values, **numbers_in_url})
                _check(setup, rule.endpoint, "GET", url, query_string={
                    key.replace("\x00", ""): value.replace("\x00", "") for key, value in arguments.items()})

            fuzz_get()

        if "POST" in rule.methods:
            form = st.dictionaries(st.one_of(st.sampled_from(fields), st.text(min_size=1, max_size=10)), fuzz_values,
                                   max_size=len(fields) + 1)

            @settings(max_examples=POST_EXAMPLES, **SETTINGS)
            @given(url_values, form, st.booleans(), nested_json)
            def fuzz_post(numbers_in_url, data, with_csrf, body):
                url = _url(rule, {**values, **numbers_in_url})
                _check(setup, rule.endpoint, "POST", url, data={**data, **({"csrf_token": csrf} if with_csrf else {})})
                _check(setup, rule.endpoint, "POST", url, json=body, headers={"X-CSRFToken": csrf})

            fuzz_post()
    assert time.monotonic() - started < 120, "the fuzzing must stay under two minutes"
