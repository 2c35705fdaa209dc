"""``flask --app wsgi badges pdf <event-slug> -o badges.pdf [--delegation ID] [--category NAME] [--format a6|a4x4]``.

Prints the badges of the event's confirmed registrations. A registration with a text no installed
font can print is left out and named on stderr (with the characters at fault); the PDF of the others
is still written, and the command then exits with status 1.
"""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.badges import operations
from app.badges.categories import BadgeCategory
from app.badges.rendering import BADGE_LANGUAGES, BadgeFormat, badge_header, render_badges
from app.core.pdf import FontsMissingError, UnprintableTextError
from app.events.queries import get_event_or_exit

badges_cli = AppGroup("badges", help="QR-coded badges of an event's confirmed registrations.")


@badges_cli.command("pdf")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: <slug>-badges.pdf).")
@click.option("--delegation", "delegation_id", type=click.IntRange(min=1), help="Only the members of this delegation (its id).")
@click.option("--category", type=click.Choice([category.value for category in BadgeCategory]),
              help="Only the badges of this category.")
@click.option("--format", "badge_format", type=click.Choice([item.value for item in BadgeFormat]), default="a6",
              show_default=True, help="a6: one badge per A6 page; a4x4: four per A4 sheet, with cut marks.")
@click.option("--lang", "language", type=click.Choice(BADGE_LANGUAGES), default=None,
              help="Language of the event's title, dates and countries (default: the app's default language).")
def pdf_command(slug: str, output: Path | None, delegation_id: int | None, category: str | None, badge_format: str,
                language: str | None) -> None:
    """Write the badges of an event (confirmed registrations, by Latin family name) to one PDF."""
    event = get_event_or_exit(slug)
    if delegation_id is not None and operations.find_delegation(event, delegation_id) is None:
        raise click.ClickException(f"no delegation {delegation_id} in the event {slug!r}")
    language = language or current_app.config["BABEL_DEFAULT_LOCALE"]
    filters = operations.BadgeFilters(delegation_id, BadgeCategory(category) if category else None)
    badges, problems = operations.prepare_run(event, filters, language)
    for problem in problems:
        click.echo(f"not printed: registration {problem}", err=True)
    if not badges:
        raise click.ClickException("no badge to print: no confirmed registration matches"
                                   + (" (or none can be printed)" if problems else ""))
    try:
        body = render_badges(badges, badge_header(event, language), BadgeFormat(badge_format), language)
    except (UnprintableTextError, FontsMissingError) as error:
        raise click.ClickException(str(error)) from error
    output = output or Path(operations.badge_filename(event))
    output.write_bytes(body)
    click.echo(f"{output}: {len(badges)} badges ({badge_format}, {len(body) // 1024} KiB)")
    if problems:
        click.echo(f"{len(problems)} registration(s) not printed: see above", err=True)
        raise click.exceptions.Exit(1)
