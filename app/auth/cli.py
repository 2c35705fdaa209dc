"""``flask --app wsgi users create EMAIL --role organiser|desk|admin``."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from app.auth.models import Role
from app.auth.services import AccountError, create_user
from app.core.extensions import db

users_cli = AppGroup("users", help="Manage staff accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Prompted for when not given.")
def create_command(email: str, role: str, password: str) -> None:
    """Create a staff account."""
    try:
        user = create_user(email, password, Role(role))
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} account {user.email}.")
