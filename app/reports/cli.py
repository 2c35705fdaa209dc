"""``flask --app wsgi figures <event-or-series-slug> [--format json|csv]`` and ``flask --app wsgi figures --year 2023``."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.reports.export import figures_csv, figures_json
from app.reports.figures import compute_figures, find_scope, year_scope


@click.command("figures")
@click.argument("slug", required=False)
@click.option("--format", "output_format", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--year", type=click.IntRange(1900, 2999), help="Every event of this year instead of one event or series.")
@with_appcontext
def figures_command(slug: str | None, output_format: str, year: int | None) -> None:
    """Print the activity figures of an event, a series (by short name) or a year."""
    if (slug is None) == (year is None):
        raise click.UsageError("give an event or series short name, or --year YEAR (not both)")
    scope = year_scope(year) if year is not None else find_scope(slug) if slug is not None else None
    if scope is None:
        raise click.ClickException(f"no event or series with the short name {slug!r}")
    figures = compute_figures(scope)
    if output_format == "json":
        click.echo(figures_json(figures))
    else:
        click.echo(figures_csv(figures, bom=False).decode("utf-8"), nl=False)
