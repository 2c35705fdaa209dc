"""``flask desk token|tokens|revoke``."""
from __future__ import annotations

import sqlalchemy as sa

from app.badges.tokens import badge_code_for
from app.checkin.models import DeskToken, hash_desk_token
from tests.checkin.helpers import event_now, scan
from tests.factories import make_registration


def test_desk_token_prints_a_token_that_scans(cli, client, db):
    event = event_now()
    registration = make_registration(event)
    db.session.commit()
    result = cli.invoke(args=["desk", "token", event.slug, "--desk", "B"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert len(token) >= 40
    row = db.session.scalar(sa.select(DeskToken))
    assert row.desk == "B" and row.token_hash == hash_desk_token(token) and token not in row.token_hash
    assert scan(client, event, token, badge_code_for(registration)).get_json()["status"] == "ok"


def test_desk_tokens_lists_without_secrets_and_revoke_by_desk(cli, client, db):
    event = event_now()
    registration = make_registration(event)
    db.session.commit()
    token_b = cli.invoke(args=["desk", "token", event.slug, "--desk", "B"]).output.strip()
    token_c = cli.invoke(args=["desk", "token", event.slug, "--desk", "C"]).output.strip()
    listing = cli.invoke(args=["desk", "tokens", event.slug]).output
    assert "desk B" in listing and "desk C" in listing and token_b not in listing and "active" in listing
    result = cli.invoke(args=["desk", "revoke", event.slug, "--desk", "B"])
    assert result.exit_code == 0 and "1 token(s) revoked" in result.output
    assert scan(client, event, token_b, badge_code_for(registration)).status_code == 401
    assert scan(client, event, token_c, badge_code_for(registration)).status_code == 200
    assert "revoked" in cli.invoke(args=["desk", "tokens", event.slug]).output


def test_desk_revoke_by_id(cli, db):
    event = event_now()
    db.session.commit()
    cli.invoke(args=["desk", "token", event.slug, "--desk", "B"])
    token_id = db.session.scalar(sa.select(DeskToken.id))
    assert cli.invoke(args=["desk", "revoke", event.slug, "--id", str(token_id)]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(DeskToken, token_id).revoked_at is not None
    again = cli.invoke(args=["desk", "revoke", event.slug, "--id", str(token_id)])
    assert again.exit_code != 0 and "no active token" in again.output


def test_desk_cli_refuses_bad_input_and_changes_nothing(cli, db):
    event = event_now()
    db.session.commit()
    unknown = cli.invoke(args=["desk", "token", "no-such-event", "--desk", "B"])
    assert unknown.exit_code != 0 and "no event" in unknown.output
    too_long = cli.invoke(args=["desk", "token", event.slug, "--desk", "B" * 21])
    assert too_long.exit_code != 0
    neither = cli.invoke(args=["desk", "revoke", event.slug])
    assert neither.exit_code != 0 and "--desk or --id" in neither.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeskToken)) == 0
