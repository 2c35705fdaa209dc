"""``flask --app wsgi certificates pdf <event-slug> -o certificates.pdf [--delegation ID]``: the attendance
certificates of everyone who attended an ended event (or of one delegation), one page each, sorted by family
name, each in the person's language. Issues the certificates not issued yet (their codes are kept). A person whose
name no installed font can print is left out and named on stderr; the others are still written (exit status 1)."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from app.certificates import operations
from app.core.extensions import db
from app.core.pdf import FontsMissingError, UnprintableTextError
from app.events.queries import get_event_or_exit

certificates_cli = AppGroup("certificates", help="Attendance certificates of an ended event.")


@certificates_cli.command("pdf")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: <slug>-certificates.pdf).")
@click.option("--delegation", "delegation_id", type=click.IntRange(min=1), help="Only the members of this delegation (its id).")
def pdf_command(slug: str, output: Path | None, delegation_id: int | None) -> None:
    """Write the certificates of an event (people who attended, by Latin family name) to one PDF."""
    event = get_event_or_exit(slug)
    if delegation_id is not None and operations.find_delegation(event, delegation_id) is None:
        raise click.ClickException(f"no delegation {delegation_id} in the event {slug!r}")
    try:
        run = operations.prepare_run(event, delegation_id, actor="system")
    except operations.CertificateError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    for problem in run.problems:
        click.echo(f"not printed: registration {problem}", err=True)
    if not run.pages:
        raise click.ClickException("no certificate to print: nobody who attended matches"
                                   + (" (or none can be printed)" if run.problems else ""))
    try:
        body = operations.render_run(run)
    except (UnprintableTextError, FontsMissingError) as error:
        raise click.ClickException(str(error)) from error
    output = output or Path(operations.certificate_filename(event))
    output.write_bytes(body)
    revoked = f", {run.revoked} revoked left out" if run.revoked else ""
    click.echo(f"{output}: {len(run.pages)} certificates ({len(body) // 1024} KiB){revoked}")
    if run.problems:
        click.echo(f"{len(run.problems)} certificate(s) not printed: see above", err=True)
        raise click.exceptions.Exit(1)
