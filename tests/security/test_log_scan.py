"""Log scan: a representative set of requests, every log record of the process captured at DEBUG from the
root logger, and no token (private link, delegation link, desk token, calendar feed) in any line — including
requests that fail with a traceback, werkzeug's development server and gunicorn's access log (issue 14, finding 8)."""
from __future__ import annotations

import json
import logging
import runpy
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.badges.tokens import badge_code_for
from app.core.request_log import install_log_redaction
from app.registration.models import Delegation, RegistrationStatus
from tests.checkin.helpers import desk_token, event_now, post_json, scan
from tests.factories import make_person, make_registration

ROOT = Path(__file__).resolve().parents[2]


class Everything(logging.Handler):
    """Every record of every logger, formatted with a traceback, as a real handler would write it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def captured():
    root = logging.getLogger()
    handler, level = Everything(), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    quiet = {name: logging.getLogger(name).level for name in ("rencontres.request", "werkzeug", "sqlalchemy.engine")}
    for name in quiet:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)
    for name, old in quiet.items():
        logging.getLogger(name).setLevel(old)


def _failing_routes(app) -> None:
    """Two ways a request carrying a private link fails for real: an exception naming the token, and a
    database error whose parameters hold it."""
    from app.core.extensions import db

    def explode(token: str):
        raise RuntimeError(f"could not render the registration {token}")

    def database_explodes(token: str):
        db.session.execute(sa.text("SELECT * FROM no_such_table WHERE token = :token"), {"token": token})

    app.add_url_rule("/registration/<token>/explode", "test_explode", explode)
    app.add_url_rule("/registration/<token>/database", "test_database", database_explodes)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: logged and answered 500, not raised in the test


def test_no_token_in_any_log_line(app, client, db, captured, live_server):
    _failing_routes(app)
    event = event_now()
    person = make_person(email="logs@example.org")
    registration = make_registration(event, person, status=RegistrationStatus.CONFIRMED)
    delegation = Delegation(event=event, name="Délégation", country="VN", head=make_person(country="VN"))
    db.session.add(delegation)
    db.session.commit()
    desk = desk_token(event)
    secrets = {"manage": registration.manage_token, "calendar": registration.calendar_token,
               "delegation": delegation.manage_token, "desk": desk}

    private = f"/registration/{registration.manage_token}"
    statuses = {
        "manage": client.get(private).status_code,
        "badge": client.get(private + "/badge.pdf").status_code,
        "delegation": client.get(f"/delegations/{delegation.manage_token}").status_code,
        "members": client.get(f"/delegations/{delegation.manage_token}/members").status_code,
        "feed": client.get(f"/agenda/{registration.calendar_token}.ics").status_code,
        "next": client.post(f"/chroniques/registration/{registration.manage_token}/next").status_code,
        "scan": scan(client, event, desk, badge_code_for(registration)).status_code,
        "undo": post_json(client, f"/api/checkin/{event.slug}/undo", {"nonce": "x" * 10}, token=desk).status_code,
        "wrong desk": scan(client, event, desk + "x", "NOPE").status_code,
        "raises": client.get(private + "/explode").status_code,
        "database": client.get(private + "/database").status_code,
        "unknown": client.get(f"/registration/{registration.manage_token}x").status_code,
    }
    with pytest.raises(urllib.error.HTTPError):  # werkzeug's development server logs its own request line
        urllib.request.urlopen(f"{live_server}{private}/explode", timeout=30)
    urllib.request.urlopen(f"{live_server}/agenda/{registration.calendar_token}.ics", timeout=30).read()

    assert statuses["manage"] == statuses["feed"] == statuses["scan"] == 200, statuses
    assert statuses["raises"] == 500 and statuses["database"] in (500, 503), statuses
    text = "\n".join(captured.lines)
    assert "could not render the registration [token]" in text  # the failure is logged, the token is not
    assert "Traceback" in text and "[token]" in text
    for name, secret in secrets.items():
        assert secret not in text, f"the {name} token is in the logs"
    audit = json.dumps([[entry.action, entry.actor, entry.details] for entry in db.session.scalars(sa.select(AuditEntry))])
    for name, secret in secrets.items():
        assert secret not in audit, f"the {name} token is in the audit trail"


def test_gunicorn_access_log_never_writes_a_token(tmp_path):
    """gunicorn's access log (off by default; an operator may turn it on) goes through the same redaction."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    install_log_redaction()
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("access_log_format", settings["access_log_format"])
    logger = Logger(config)
    token = "Zq8-secret_Value-0123456789abcdefghijklmnopq"
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/registration/{token}/badge.pdf?lang=fr",
               "PATH_INFO": f"/registration/{token}/badge.pdf", "QUERY_STRING": "lang=fr",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
               "HTTP_REFERER": f"https://rencontres.example.org/delegations/{token}"}
    response = SimpleNamespace(status="500 INTERNAL SERVER ERROR", sent=12, headers=[])
    logger.access(response, SimpleNamespace(headers=[("AUTHORIZATION", f"Bearer {token}")]), environ,
                  timedelta(milliseconds=3))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = (tmp_path / "access.log").read_text()
    assert "/registration/[token]/badge.pdf" in line and token not in line
