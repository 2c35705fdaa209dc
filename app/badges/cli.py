"""``flask --app wsgi badges pdf <event-slug> -o badges.pdf [--delegation ID] [--category NAME]
[--format a6|a4x4|a7|cr80|labels] [--labels "cols=2,rows=5,w=90,h=54,page=a4,left=15,top=13.5"]
[--offset-x MM] [--offset-y MM] [--calibration]``.

``--labels`` describes a label sheet (see app/badges/layouts.py); ``--offset-x``/``--offset-y`` move everything
printed by that many mm (x to the right, y downwards) to make up for the printer; ``--calibration`` writes the
calibration page of the layout instead of the badges (outlines, crosshairs and rulers, to measure the offset).

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
from app.badges.layouts import LayoutError, checked_offset, parse_labels
from app.badges.rendering import BADGE_LANGUAGES, BadgeFormat, badge_header, render_badges, render_calibration
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
              show_default=True, help="a6: one badge per A6 page; a4x4: four per A4 sheet, with cut marks; a7: one per "
              "A7 page; cr80: one card of 85.6 × 54 mm per page (card printers); labels: a label sheet (--labels).")
@click.option("--labels", "labels_spec", default="cols=2,rows=5,w=90,h=54,page=a4", show_default=True,
              help="The label sheet for --format labels: cols, rows, w, h (mm), page (a4, letter or WxH mm), "
                   "left, top (margins, mm; default centred), pitch_x, pitch_y (mm between labels' edges).")
@click.option("--offset-x", type=float, default=0.0, show_default=True,
              help="Printer offset in mm, to the right (negative: to the left), applied to every page.")
@click.option("--offset-y", type=float, default=0.0, show_default=True,
              help="Printer offset in mm, downwards (negative: upwards), applied to every page.")
@click.option("--calibration", is_flag=True, help="Write the layout's calibration page instead of the badges.")
@click.option("--lang", "language", type=click.Choice(BADGE_LANGUAGES), default=None,
              help="Language of the event's title, dates and countries (default: the app's default language).")
def pdf_command(slug: str, output: Path | None, delegation_id: int | None, category: str | None, badge_format: str,
                labels_spec: str, offset_x: float, offset_y: float, calibration: bool, language: str | None) -> None:
    """Write the badges of an event (confirmed registrations, by Latin family name) to one PDF."""
    event = get_event_or_exit(slug)
    try:
        labels = parse_labels(labels_spec) if badge_format == BadgeFormat.LABELS else None
        offset = (checked_offset(offset_x, "x"), checked_offset(offset_y, "y"))
    except LayoutError as error:
        raise click.ClickException(str(error)) from None
    language = language or current_app.config["BABEL_DEFAULT_LOCALE"]
    if calibration:
        output = output or Path(f"{event.slug}-calibration-{badge_format}.pdf")
        output.write_bytes(render_calibration(badge_header(event, language), BadgeFormat(badge_format),
                                              labels=labels, offset=offset, language=language))
        click.echo(f"{output}: calibration page ({badge_format}, offset x {offset[0]:g} mm, y {offset[1]:g} mm)")
        return
    if delegation_id is not None and operations.find_delegation(event, delegation_id) is None:
        raise click.ClickException(f"no delegation {delegation_id} in the event {slug!r}")
    filters = operations.BadgeFilters(delegation_id, BadgeCategory(category) if category else None)
    badges, problems = operations.prepare_run(event, filters, language)
    for problem in problems:
        click.echo(f"not printed: registration {problem}", err=True)
    if not badges:
        raise click.ClickException("no badge to print: no confirmed registration matches"
                                   + (" (or none can be printed)" if problems else ""))
    try:
        body = render_badges(badges, badge_header(event, language), BadgeFormat(badge_format), language,
                             labels=labels, offset=offset)
    except (UnprintableTextError, FontsMissingError) as error:
        raise click.ClickException(str(error)) from error
    output = output or Path(operations.badge_filename(event))
    output.write_bytes(body)
    click.echo(f"{output}: {len(badges)} badges ({badge_format}, {len(body) // 1024} KiB)")
    if problems:
        click.echo(f"{len(problems)} registration(s) not printed: see above", err=True)
        raise click.exceptions.Exit(1)
