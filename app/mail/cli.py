"""``flask --app wsgi mail send [--limit N] [--loop --interval S]``, ``mail status`` and ``mail bounces MAILBOX``."""
from __future__ import annotations

import time
from pathlib import Path

import click
from flask.cli import AppGroup

from app.mail.bounces import MailboxError, read_bounces
from app.mail.outbox import DEFAULT_LOCK_SECONDS, counts_by_status, send_due

mail_cli = AppGroup("mail", help="Send the queued mail (the outbox).")


@mail_cli.command("send")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True,
              help="At most this many messages per batch.")
@click.option("--loop", is_flag=True, help="Keep running: send what is due every --interval seconds.")
@click.option("--interval", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds between batches with --loop.")
@click.option("--lock-seconds", type=click.IntRange(min=2), default=DEFAULT_LOCK_SECONDS, show_default=True,
              help="How long a batch stays claimed: after a crash, its messages wait this long before another sender "
                   "takes them (a batch that would outlast it stops early).")
def send_command(limit: int, loop: bool, interval: float, lock_seconds: int) -> None:
    """Send the mail that is due, with retries and back-off. Safe to run in several processes at once."""
    while True:
        report = send_due(limit, lock_seconds=lock_seconds)
        if not loop or report.sent or report.failed or report.retry_later:
            click.echo(str(report))
        if not loop:
            return
        full_batch = report.sent + report.failed + report.retry_later >= limit
        if not full_batch:
            time.sleep(interval)


@mail_cli.command("status")
def status_command() -> None:
    """How many messages are pending, sending, sent and failed."""
    for status, count in counts_by_status().items():
        click.echo(f"{status.value}: {count}")


@mail_cli.command("bounces")
@click.argument("mailbox", type=click.Path(exists=True, path_type=Path))
def bounces_command(mailbox: Path) -> None:
    """Read returned mail (a Maildir folder or an mbox file): hard bounces stop bulk mail to their address.

    Reading the same mailbox again changes nothing; mail that is not a bounce of ours is ignored.
    """
    try:
        report = read_bounces(mailbox)
    except MailboxError as error:
        raise click.ClickException(str(error)) from error
    click.echo(str(report))
    for address in report.hard_addresses:
        click.echo(f"hard bounce: {address}")
