"""Shared set-up of the check-in tests: an event happening now, desk tokens, scans through the API."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from app.checkin.operations import issue_desk_token
from app.core.db import utcnow
from app.core.extensions import db
from tests.factories import make_event

_nonces = itertools.count(1)


def event_now(**fields):
    """An event that started yesterday and lasts three days (so that yesterday and today are among its days)."""
    starts_at = fields.pop("starts_at", utcnow() - timedelta(hours=25))
    return make_event(starts_at=starts_at, ends_at=fields.pop("ends_at", starts_at + timedelta(days=2, hours=8)),
                      **fields)


def desk_token(event, desk: str = "B") -> str:
    _row, token = issue_desk_token(event, desk)
    db.session.commit()
    return token


def scan(client, event, token: str | None, code: str, nonce: str | None = None, desk: str = "B",
         headers: dict | None = None, **extra):
    body = {"code": code, "desk": desk, "nonce": nonce or f"nonce-{next(_nonces)}", **extra}
    all_headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(f"/api/checkin/{event.slug}/scan", json=body, headers=all_headers | (headers or {}))


def post_json(client, url: str, body: dict, token: str | None = None, headers: dict | None = None):
    all_headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(url, json=body, headers=all_headers | (headers or {}))


def local(event, instant: datetime) -> str:
    return instant.astimezone(event.zone).isoformat(timespec="seconds")
