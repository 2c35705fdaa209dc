"""``flask --app wsgi mail send [--limit N] [--loop --interval S]`` and ``flask --app wsgi mail status``."""
from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from app.mail.outbox import counts_by_status, send_due

mail_cli = AppGroup("mail", help="Send the queued mail (the outbox).")


@mail_cli.command("send")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True,
              help="At most this many messages per batch.")
@click.option("--loop", is_flag=True, help="Keep running: send what is due every --interval seconds.")
@click.option("--interval", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds between batches with --loop.")
def send_command(limit: int, loop: bool, interval: float) -> None:
    """Send the mail that is due, with retries and back-off. Safe to run in several processes at once."""
    while True:
        report = send_due(limit)
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
