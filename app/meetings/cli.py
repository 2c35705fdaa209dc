"""``flask --app wsgi meetings schedule <event-slug> [--publish] [--time-limit S]`` prints
``{"requests": …, "scheduled": …, "upper_bound": …, "moved": …, "seconds": …}`` (one JSON line) after
scheduling the event's accepted meetings (app/meetings/scheduling.py); ``--publish`` shows the placed meetings to
both sides and mails them. ``flask --app wsgi meetings export <event-slug> -o meetings.csv`` writes one row per
scheduled meeting (``starts_at`` ISO 8601, ``table``, ``room``, ``side_a_email``, ``side_b_email``,
``interpreter_email``, ``status``).
"""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from app.core.extensions import db
from app.events.queries import get_event_or_exit
from app.meetings import scheduling

meetings_cli = AppGroup("meetings", help="Bilateral meetings: schedule and export.")


@meetings_cli.command("schedule")
@click.argument("slug")
@click.option("--publish", is_flag=True, help="Publish the placed meetings (both sides see them and get a mail).")
@click.option("--time-limit", type=click.FloatRange(min=1, max=600), default=scheduling.TIME_LIMIT_SECONDS,
              show_default=True, help="Seconds the solver may take.")
def schedule_command(slug: str, publish: bool, time_limit: float) -> None:
    """Schedule the event's accepted meetings; print the figures as JSON."""
    event = get_event_or_exit(slug)
    if not event.profile.has_meetings:
        raise click.ClickException(f"{slug!r} has no bilateral meetings")
    report = scheduling.schedule_event(event, publish=publish, actor="cli", time_limit=time_limit)
    db.session.commit()
    click.echo(json.dumps(report.as_json()))


@meetings_cli.command("export")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The CSV file to write.")
def export_command(slug: str, output: Path) -> None:
    """One row per scheduled meeting (UTF-8 with BOM, ';'-separated)."""
    event = get_event_or_exit(slug)
    output.write_bytes(scheduling.export_csv(event))
    click.echo(f"{output}: {len(scheduling.export_rows(event))} meetings")
