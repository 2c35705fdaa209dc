"""``flask --app wsgi syntheses proceedings <event-slug> -o proceedings.pdf [--language fr|en]``: the event's
proceedings (actes), the same PDF as the organisers' ``…/syntheses/proceedings.pdf``. An unknown event, an event
with no published synthesis, a text no installed font can print or a file that cannot be written: a message on
stderr and exit status 1. Only a PDF: the proceedings have no Markdown or text export."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from app.core.pdf import FontsMissingError, UnprintableTextError
from app.events.queries import get_event_or_exit
from app.syntheses.proceedings import is_printed_synthesis, proceedings_sections, render_proceedings

syntheses_cli = AppGroup("syntheses", help="Workshop syntheses: the proceedings (actes) of an event.")


@syntheses_cli.command("proceedings")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF file to write (default: <slug>-proceedings.pdf).")
@click.option("--language", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
              help="Language of the titles, labels and dates.")
def proceedings_command(slug: str, output: Path | None, language: str) -> None:
    """Write the proceedings of an event: cover with its figures, contents, one section per session."""
    event = get_event_or_exit(slug)
    output = output or Path(f"{event.slug}-proceedings.pdf")
    if output.suffix.lower() != ".pdf":
        raise click.ClickException(f"{output}: the proceedings are a PDF; name a file ending in .pdf")
    sections = proceedings_sections(event)
    if not any(is_printed_synthesis(item) for item in sections):
        raise click.ClickException(f"no published synthesis in the event {slug!r}: publish one on the organisers' "
                                   f"Syntheses page first")
    try:
        proceedings = render_proceedings(event, sections, language)
    except (UnprintableTextError, FontsMissingError) as error:
        raise click.ClickException(str(error)) from None
    try:
        output.write_bytes(proceedings.body)
    except OSError as error:
        raise click.ClickException(f"{output}: {error.strerror or error}") from None
    click.echo(f"{output}: {proceedings.pages} pages, {proceedings.syntheses} published syntheses "
               f"of {proceedings.sessions} sessions ({len(proceedings.body) // 1024} KiB, {language})")
