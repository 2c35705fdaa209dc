"""The one place that builds and reads the code printed in a badge's QR.

A badge code names a registration, its event and the badge's version, signed with
an HMAC of the app's ``SECRET_KEY`` — no personal data, nothing guessable:

    RC1.<registration id>.<event id>.<badge version>.<26-character signature>

Only upper-case letters, digits and dots, so the QR uses its compact alphanumeric mode.
Reprinting a badge bumps ``Registration.badge_version``: the old code then reads as superseded.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

from flask import current_app

PREFIX = "RC1"
_CODE = re.compile(r"^RC1\.([1-9][0-9]{0,11})\.([1-9][0-9]{0,11})\.([1-9][0-9]{0,5})\.([A-Z2-7]{26})$")


@dataclass(frozen=True)
class BadgeClaim:
    """What a genuine badge code says; the scan decides whether it is still valid."""

    registration_id: int
    event_id: int
    version: int


def _signature(body: str, secret_key: str) -> str:
    key = hashlib.sha256(b"rencontres-badge:" + secret_key.encode()).digest()
    digest = hmac.new(key, body.encode(), hashlib.sha256).digest()[:16]  # 128 bits
    return base64.b32encode(digest).decode().rstrip("=")


def badge_code(registration_id: int, event_id: int, version: int, secret_key: str | None = None) -> str:
    """The text of a badge's QR code."""
    body = f"{PREFIX}.{registration_id}.{event_id}.{version}"
    return f"{body}.{_signature(body, secret_key or current_app.config['SECRET_KEY'])}"


def badge_code_for(registration) -> str:
    return badge_code(registration.id, registration.event_id, registration.badge_version)


def read_badge_code(code: str, secret_key: str | None = None) -> BadgeClaim | None:
    """The claim of a genuine code; ``None`` for anything else (forged, truncated, not ours)."""
    match = _CODE.match((code or "").strip().upper())
    if match is None:
        return None
    registration_id, event_id, version, signature = match.groups()
    body = f"{PREFIX}.{registration_id}.{event_id}.{version}"
    expected = _signature(body, secret_key or current_app.config["SECRET_KEY"])
    if not hmac.compare_digest(signature, expected):
        return None
    return BadgeClaim(int(registration_id), int(event_id), int(version))
