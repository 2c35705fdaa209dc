"""``flask --app wsgi communications reminders``: queue the due reminders (cron, every few minutes, any number of hosts)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from app.core.db import utcnow
from app.core.extensions import db

communications_cli = AppGroup("communications", help="Messages to registrants and reminders.")


@communications_cli.command("reminders")
def reminders_command() -> None:
    """Queue the reminders due now (each exactly once; safe on several hosts at once; late ones are skipped)."""
    from app.communications.reminders import queue_due_reminders

    count = queue_due_reminders(utcnow())
    db.session.commit()
    click.echo(f"{count} reminders queued")
