"""``flask --app wsgi chroniques recueil <series-slug>`` (the reminders are ``communications reminders``)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.core.pdf import FontsMissingError, UnprintableTextError
from app.events.queries import find_series

chroniques_cli = AppGroup("chroniques", help="Chroniques géopolitiques: the yearly recueil.")


@chroniques_cli.command("recueil")
@click.argument("series_slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: <series-slug>-recueil.pdf).")
@click.option("--lang", "language", type=click.Choice(["fr", "en"]), default=None,
              help="Language of titles, labels and dates (default: the app's default language).")
def recueil_command(series_slug: str, output: Path | None, language: str | None) -> None:
    """Write the recueil of a series of chronicles: cover, contents, then each chronicle."""
    from app.chroniques.recueil import recueil_pdf

    series = find_series(series_slug)
    if series is None or not series.profile.has_recueil:
        raise click.ClickException(f"no series of chronicles with the short name {series_slug!r}")
    language = language or current_app.config["BABEL_DEFAULT_LOCALE"]
    try:
        body = recueil_pdf(series, language)
    except (UnprintableTextError, FontsMissingError) as error:
        raise click.ClickException(str(error)) from error
    output = output or Path(f"{series.slug}-recueil.pdf")
    output.write_bytes(body)
    click.echo(f"{output} ({len(body) // 1024} KiB, recueil, {language})")
