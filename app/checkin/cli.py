"""``flask --app wsgi desk token|revoke|tokens EVENT-SLUG``: the reception desks' bearer tokens."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from app.audit.operations import record_audit
from app.checkin import operations
from app.events.models import Event
from app.events.queries import find_event_by_slug
from app.extensions import db

desk_cli = AppGroup("desk", help="Reception desks: issue, list and revoke desk tokens.")


def _event_or_exit(slug: str) -> Event:
    event = find_event_by_slug(slug)
    if event is None:
        raise click.ClickException(f"no event with the slug {slug!r}")
    return event


@desk_cli.command("token")
@click.argument("slug")
@click.option("--desk", required=True, help='The desk\'s name, e.g. "B".')
def token_command(slug: str, desk: str) -> None:
    """Issue a token for one desk of the event and print it (it is not shown again)."""
    event = _event_or_exit(slug)
    try:
        row, token = operations.issue_desk_token(event, desk)
    except operations.CheckInError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    record_audit("desk_token.issue", target=row, details={"desk": row.desk})  # never the token
    db.session.commit()
    click.echo(token)


@desk_cli.command("tokens")
@click.argument("slug")
def tokens_command(slug: str) -> None:
    """List the event's desk tokens (never the tokens themselves)."""
    for row in operations.desk_tokens(_event_or_exit(slug)):
        state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M} UTC" if row.revoked_at else "active"
        used = f"last used {row.last_used_at:%Y-%m-%d %H:%M} UTC" if row.last_used_at else "never used"
        click.echo(f"{row.id}\tdesk {row.desk}\t{state}\t{used}")


@desk_cli.command("revoke")
@click.argument("slug")
@click.option("--desk", help="Revoke every active token of this desk.")
@click.option("--id", "token_id", type=int, help="Revoke the token with this id (see `desk tokens`).")
def revoke_command(slug: str, desk: str | None, token_id: int | None) -> None:
    """Revoke desk tokens, by desk or by id."""
    event = _event_or_exit(slug)
    if (desk is None) == (token_id is None):
        raise click.UsageError("give either --desk or --id")
    rows = [row for row in operations.desk_tokens(event) if row.revoked_at is None
            and (row.desk == desk if desk is not None else row.id == token_id)]
    if not rows:
        raise click.ClickException("no active token matches")
    for row in rows:
        operations.revoke_desk_token(row)
        record_audit("desk_token.revoke", target=row, details={"desk": row.desk})
    db.session.commit()
    click.echo(f"{len(rows)} token(s) revoked.")
