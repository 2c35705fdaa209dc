from __future__ import annotations

import sqlalchemy as sa

from app.auth.models import Role, User
from app.auth.services import authenticate


def test_users_create_with_password_option(cli, db):
    result = cli.invoke(args=["users", "create", "Org@Example.org", "--role", "organiser",
                              "--password", "a-long-password"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User))
    assert (user.email, user.role) == ("org@example.org", Role.ORGANISER)
    assert authenticate("org@example.org", "a-long-password") is not None


def test_users_create_prompts_for_password(cli, db):
    result = cli.invoke(args=["users", "create", "desk@example.org", "--role", "desk"],
                        input="prompted-password\nprompted-password\n")
    assert result.exit_code == 0, result.output
    assert authenticate("desk@example.org", "prompted-password").role == Role.DESK


def test_users_create_refuses_duplicate_and_short_password(cli, db):
    assert cli.invoke(args=["users", "create", "a@example.org", "--role", "admin", "--password", "long-enough-1"]).exit_code == 0
    duplicate = cli.invoke(args=["users", "create", "A@example.org", "--role", "desk", "--password", "long-enough-2"])
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    short = cli.invoke(args=["users", "create", "b@example.org", "--role", "desk", "--password", "short"])
    assert short.exit_code != 0 and "too short" in short.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_users_create_refuses_unknown_role(cli, db):
    result = cli.invoke(args=["users", "create", "c@example.org", "--role", "king", "--password", "long-enough-1"])
    assert result.exit_code != 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
