"""``flask --app wsgi desk token|revoke|tokens EVENT-SLUG``: the reception desks' bearer tokens;
``desk tie|untie EVENT-SLUG EMAIL``: tie a desk account to an event (it then works at its events only)."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import click
from flask.cli import AppGroup

from app.auth.services import find_user
from app.checkin import operations
from app.core.extensions import db
from app.events.queries import get_event_or_exit

desk_cli = AppGroup("desk", help="Reception desks: issue, list and revoke desk tokens.")


@desk_cli.command("token")
@click.argument("slug")
@click.option("--desk", required=True, help='The desk\'s name, e.g. "B".')
@click.option("--valid-until", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Last day the token works (event's time; default: the day after the event ends).")
def token_command(slug: str, desk: str, valid_until: datetime | None) -> None:
    """Issue a token for one desk of the event and print it (it is not shown again)."""
    event = get_event_or_exit(slug)
    expires_at = datetime.combine(valid_until.date() + timedelta(days=1), time(0), tzinfo=event.zone) \
        if valid_until else None
    try:
        _row, token = operations.issue_desk_token(event, desk, expires_at=expires_at)
    except operations.CheckInError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(token)


@desk_cli.command("tokens")
@click.argument("slug")
def tokens_command(slug: str) -> None:
    """List the event's desk tokens (never the tokens themselves)."""
    for row in operations.desk_tokens(get_event_or_exit(slug)):
        state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M} UTC" if row.revoked_at else "active"
        used = f"last used {row.last_used_at:%Y-%m-%d %H:%M} UTC" if row.last_used_at else "never used"
        click.echo(f"{row.id}\tdesk {row.desk}\t{state}\tvalid until {row.expires_at:%Y-%m-%d %H:%M} UTC\t{used}")


@desk_cli.command("revoke")
@click.argument("slug")
@click.option("--desk", help="Revoke every active token of this desk.")
@click.option("--id", "token_id", type=int, help="Revoke the token with this id (see `desk tokens`).")
def revoke_command(slug: str, desk: str | None, token_id: int | None) -> None:
    """Revoke desk tokens, by desk or by id."""
    event = get_event_or_exit(slug)
    if (desk is None) == (token_id is None):
        raise click.UsageError("give either --desk or --id")
    rows = [row for row in operations.desk_tokens(event) if row.revoked_at is None
            and (row.desk == desk if desk is not None else row.id == token_id)]
    if not rows:
        raise click.ClickException("no active token matches")
    for row in rows:
        operations.revoke_desk_token(row)
    db.session.commit()
    click.echo(f"{len(rows)} token(s) revoked.")


def _desk_account_or_exit(email: str):
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"no account with the email {email!r}")
    return user


@desk_cli.command("tie")
@click.argument("slug")
@click.argument("email")
def tie_command(slug: str, email: str) -> None:
    """Tie a desk account to the event: it then sees and scans only the events it is tied to."""
    event, user = get_event_or_exit(slug), _desk_account_or_exit(email)
    try:
        tied = operations.assign_desk_user(user, event)
    except operations.CheckInError as error:
        raise click.ClickException(str(error)) from None
    if tied:
        db.session.commit()
    click.echo(f"{user.email} works at the desk of {event.slug}" + ("" if tied else " (already)") + ".")


@desk_cli.command("untie")
@click.argument("slug")
@click.argument("email")
def untie_command(slug: str, email: str) -> None:
    """Untie a desk account from the event."""
    event, user = get_event_or_exit(slug), _desk_account_or_exit(email)
    if not operations.unassign_desk_user(user, event):
        raise click.ClickException(f"{user.email} is not tied to {event.slug}")
    db.session.commit()
    click.echo(f"{user.email} no longer works at the desk of {event.slug}.")
