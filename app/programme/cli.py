"""``flask --app wsgi programme pdf <event-slug> [-o FILE] [--lang fr|en] [--speakers]``.

Works for drafts too: organisers print the programme before publishing it.
"""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.core.pdf import FontsMissingError, UnprintableTextError
from app.events.queries import get_event_or_exit
from app.programme.pdf import programme_pdf, speakers_pdf

programme_cli = AppGroup("programme", help="The programme of an event: printable PDF.")


@programme_cli.command("pdf")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: <slug>-programme-<lang>.pdf, or …-speakers-… with --speakers).")
@click.option("--lang", "language", type=click.Choice(["fr", "en"]), default=None,
              help="Language of titles, labels and dates (default: the app's default language).")
@click.option("--speakers", is_flag=True, help="The speaker list in protocol order instead of the programme.")
def pdf_command(slug: str, output: Path | None, language: str | None, speakers: bool) -> None:
    """Write the printable programme (or the speaker list) of an event, drafts included."""
    event = get_event_or_exit(slug)
    language = language or current_app.config["BABEL_DEFAULT_LOCALE"]
    document = "speakers" if speakers else "programme"
    try:
        body = speakers_pdf(event, language) if speakers else programme_pdf(event, language)
    except (UnprintableTextError, FontsMissingError) as error:
        raise click.ClickException(str(error)) from error
    output = output or Path(f"{event.slug}-{document}-{language}.pdf")
    output.write_bytes(body)
    click.echo(f"{output} ({len(body) // 1024} KiB, {document}, {language})")
