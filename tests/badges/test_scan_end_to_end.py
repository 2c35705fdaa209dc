"""From paper to welcome: each script's printed badge, read back by a real QR decoder, scans ok through the API."""
from __future__ import annotations

import pytest

from app.badges.operations import reprint_badge, single_badge_pdf
from app.core.extensions import db as _db
from tests.badges.helpers import NAMES_BY_SCRIPT, decode_qr_codes, registration_in, require_zbar
from tests.checkin.helpers import desk_token, event_now, scan
from tests.pdf_support import require_pdf_tools


@pytest.mark.parametrize("script", sorted(NAMES_BY_SCRIPT))
def test_printed_badge_decoded_by_zbar_scans_ok_then_already(app, client, db, script):
    require_pdf_tools()
    require_zbar()
    event = event_now()
    registration = registration_in(event, script)
    token = desk_token(event)
    [decoded] = decode_qr_codes(single_badge_pdf(registration, "fr"))
    first = scan(client, event, token, decoded).get_json()
    assert first["status"] == "ok"
    assert first["registration"]["name"] == registration.person.name
    assert scan(client, event, token, decoded).get_json()["status"] == "already_checked_in"


def test_reprinted_badge_scans_and_the_old_paper_is_superseded(app, client, db):
    require_pdf_tools()
    require_zbar()
    event = event_now()
    registration = registration_in(event, "arabic")
    token = desk_token(event)
    [old] = decode_qr_codes(single_badge_pdf(registration, "fr"))
    reprint_badge(registration)
    _db.session.commit()
    [new] = decode_qr_codes(single_badge_pdf(registration, "fr"))
    assert scan(client, event, token, old).get_json()["status"] == "superseded"
    assert scan(client, event, token, new).get_json()["status"] == "ok"
