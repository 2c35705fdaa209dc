"""Badge codes: signed, compact, no personal data; anything altered reads as invalid."""
from __future__ import annotations

import re

from app.badges.tokens import BadgeClaim, badge_code, badge_code_for, read_badge_code
from tests.factories import make_event, make_person, make_registration

SECRET = "a-test-secret"


def test_badge_code_round_trip_names_registration_event_and_version():
    code = badge_code(123, 4, 2, SECRET)
    assert read_badge_code(code, SECRET) == BadgeClaim(123, 4, 2)


def test_badge_code_uses_only_qr_alphanumeric_characters():
    code = badge_code(987654, 321, 17, SECRET)
    assert re.fullmatch(r"[0-9A-Z.]+", code)
    assert len(code) <= 60


def test_badge_code_read_case_insensitively_and_trimmed():
    code = badge_code(5, 6, 1, SECRET)
    assert read_badge_code(f"  {code.lower()}\n", SECRET) == BadgeClaim(5, 6, 1)


def test_badge_code_forged_or_truncated_is_invalid():
    code = badge_code(5, 6, 1, SECRET)
    body, signature = code.rsplit(".", 1)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    assert read_badge_code(f"{body}.{flipped}", SECRET) is None
    assert read_badge_code(code[:-1], SECRET) is None
    assert read_badge_code(code.replace(".5.", ".7.", 1), SECRET) is None  # another registration, same signature
    assert read_badge_code(code.replace(".1.", ".2.", 1), SECRET) is None  # another version
    assert read_badge_code(badge_code(5, 6, 1, "another-secret"), SECRET) is None
    for junk in ("", "hello", "RC1", "RC1.0.6.1." + "A" * 26, "https://example.org/", "RC1.5.6.1." + "1" * 26):
        assert read_badge_code(junk, SECRET) is None


def test_badge_code_for_registration_reveals_no_personal_data(app, db):
    person = make_person(given_name="Thị Lan", family_name="Nguyễn", email="lan@example.vn")
    registration = make_registration(make_event(), person)
    code = badge_code_for(registration)
    assert read_badge_code(code) == BadgeClaim(registration.id, registration.event_id, registration.badge_version)
    for personal in ("LAN", "NGUY", "EXAMPLE"):
        assert personal not in code
