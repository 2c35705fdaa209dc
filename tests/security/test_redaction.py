"""No secret in the logs: every URL that carries a private-link or calendar token is redacted from its path
alone (as the audit log sees it), real requests log ``[token]``, and a desk's Bearer token is never written."""
from __future__ import annotations

import json
import logging

from werkzeug.routing import AnyConverter

from app.audit.models import AuditEntry
from app.badges.tokens import badge_code_for
from app.core.security import is_secret_argument, redact_path
from app.registration.models import Delegation
from tests.checkin.helpers import desk_token, event_now, scan
from tests.factories import make_person, make_registration

SECRET = "Zq8-secret_Value-0123456789abcdefghijklmnopq"


def test_every_route_carrying_a_token_is_redacted_by_its_path_alone(app):
    carrying = [rule for rule in app.url_map.iter_rules() if any(is_secret_argument(name) for name in rule.arguments)]
    assert {rule.endpoint for rule in carrying} >= {"badges.own_badge", "calendar.agenda_feed", "registration.manage",
                                                     "delegations.delegation", "chroniques.register_again",
                                                     "registration_letters.download_letter"}
    for rule in carrying:
        values = {name: SECRET if is_secret_argument(name) else
                  (rule._converters[name].items and sorted(rule._converters[name].items)[0]
                   if isinstance(rule._converters[name], AnyConverter) else "1") for name in rule.arguments}
        url = rule.build(values, append_unknown=False)[1]
        redacted = redact_path(url)
        assert SECRET not in redacted and "[token]" in redacted, (rule.endpoint, redacted)
        assert SECRET not in redact_path(f"https://rencontres.example.org{url}?lang=en"), rule.endpoint


def test_token_id_and_slugs_are_not_secrets():
    assert not is_secret_argument("token_id") and is_secret_argument("desk_token") and is_secret_argument("token")
    assert redact_path("/desk/raict-2030/badges/12.pdf") == "/desk/raict-2030/badges/12.pdf"
    assert redact_path("/api/checkin/raict-2030/scan") == "/api/checkin/raict-2030/scan"


def test_real_requests_with_secrets_in_the_url_log_only_token_placeholders(client, db, caplog):
    event = event_now()
    registration = make_registration(event, make_person())
    delegation = Delegation(event=event, name="Délégation", country="VN", head=make_person(country="VN"))
    db.session.add(delegation)
    db.session.commit()
    caplog.set_level(logging.DEBUG)
    urls = [f"/registration/{registration.manage_token}/badge.pdf", f"/delegations/{delegation.manage_token}",
            f"/delegations/{delegation.manage_token}/members", f"/agenda/{registration.calendar_token}.ics",
            f"/chroniques/registration/{registration.manage_token}/next"]
    statuses = [client.get(url).status_code for url in urls[:-1]] + [client.post(urls[-1]).status_code]
    assert statuses[:2] == [200, 200], statuses
    lines = [json.loads(record.getMessage()) for record in caplog.records if record.name == "rencontres.request"]
    assert [line["path"] for line in lines] == [
        "/registration/[token]/badge.pdf", "/delegations/[token]", "/delegations/[token]/members",
        "/agenda/[token].ics", "/chroniques/registration/[token]/next"]
    for secret in (registration.manage_token, registration.calendar_token, delegation.manage_token):
        assert secret not in caplog.text


def test_a_desk_scan_never_logs_or_records_its_bearer_token(client, db, caplog):
    event = event_now()
    registration = make_registration(event)
    token = desk_token(event, "B")
    caplog.set_level(logging.DEBUG)  # every logger, SQL included
    response = scan(client, event, token, badge_code_for(registration))
    assert response.get_json()["status"] == "ok"
    assert client.post(f"/api/checkin/{event.slug}/scan", json={}, headers={
        "Authorization": f"Bearer {token[:-2]}xx"}).status_code == 401
    [line] = [json.loads(record.getMessage()) for record in caplog.records
              if record.name == "rencontres.request" and json.loads(record.getMessage())["status"] == 200]
    assert line["path"] == f"/api/checkin/{event.slug}/scan" and line["endpoint"] == "checkin_api.scan"
    assert token not in caplog.text and token[:-2] not in caplog.text and "Bearer" not in caplog.text
    [entry] = db.session.query(AuditEntry).filter(AuditEntry.action != "desk_token.issue").all()
    assert token not in json.dumps(entry.details) and entry.actor == "desk:B"
