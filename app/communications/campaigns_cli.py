"""``flask --app wsgi campaigns queue-due`` (cron, every minute): queue the scheduled campaigns whose time has
come; safe on several hosts at once (a campaign is queued by one of them only)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from app.communications.campaigns import queue_due

campaigns_cli = AppGroup("campaigns", help="Invitation campaigns.")


@campaigns_cli.command("queue-due")
def queue_due_command() -> None:
    """Queue every scheduled campaign whose time has come."""
    done = queue_due()
    for campaign_id, count in done:
        click.echo(f"campaign {campaign_id}: {count} mails queued")
    click.echo(f"{len(done)} campaigns queued")
