"""Desk tokens and desk accounts changed by the operations (as the CLI does) leave the web page's audit lines."""
from __future__ import annotations

from datetime import datetime

from app.auth.models import Role
from app.checkin import operations
from tests.audit.lines import audit_lines, last_line
from tests.factories import make_event, make_user


def test_issue_and_revoke_desk_token_write_audit_lines(app, db):
    event = make_event()
    row, token = operations.issue_desk_token(event, "B", actor="system")
    issued = last_line(db, "desk_token.issue")
    assert issued[:6] == ("desk_token.issue", "system", None, "desk_token", row.id, event.id)
    assert issued[6]["desk"] == "B" and datetime.fromisoformat(issued[6]["expires_at"]) == row.expires_at
    assert token not in str(issued)
    assert operations.revoke_desk_token(row, actor="system") is True
    assert last_line(db, "desk_token.revoke") == ("desk_token.revoke", "system", None, "desk_token", row.id, event.id,
                                                   {"desk": "B"})
    assert operations.revoke_desk_token(row, actor="system") is False  # nothing changed: no second line
    assert len(audit_lines(db, "desk_token.revoke")) == 1


def test_assign_and_unassign_desk_user_write_audit_lines(app, db):
    event, user = make_event(), make_user(Role.DESK)
    assert operations.assign_desk_user(user, event, actor="system") is True
    assert last_line(db, "desk_account.tie") == ("desk_account.tie", "system", None, "user_account", user.id, event.id,
                                                  {"email": user.email})
    assert operations.unassign_desk_user(user, event, actor="system") is True
    assert last_line(db, "desk_account.untie") == ("desk_account.untie", "system", None, "user_account", user.id,
                                                    event.id, {"email": user.email})
