"""``flask --app wsgi contacts import FILE [--dry-run]``: import the network's contacts from CSV or XLSX."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from werkzeug.datastructures import FileStorage

from app.communications.contacts import CONTACT_IMPORT, ImportPlan, apply_import, plan_import
from app.core.extensions import db
from app.core.tabular import SpreadsheetError

contacts_cli = AppGroup("contacts", help="The network's contacts (directory).")


@contacts_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print what the import would do, change nothing.")
def import_command(path: Path, dry_run: bool) -> None:
    """Create and update contacts from FILE (.csv or .xlsx; French or English column names)."""
    with path.open("rb") as stream:
        try:
            table = CONTACT_IMPORT.read(FileStorage(stream=stream, filename=path.name))
        except SpreadsheetError as error:
            raise click.ClickException(str(error)) from error
    plan = plan_import(table)
    _print_plan(plan)
    if dry_run:
        click.echo("dry run: nothing changed")
        return
    counts = apply_import(plan, actor="cli")
    db.session.commit()
    click.echo(f"linked to people: {counts['linked_people']}, to collectivités: {counts['linked_collectivites']}")


def _print_plan(plan: ImportPlan) -> None:
    for row in plan.create:
        click.echo(f"create  line {row.line}: {row.email}")
    for row, changes in plan.update:
        fields = ", ".join(f"{name}={value}" for name, value in changes.items())
        click.echo(f"update  line {row.line}: {row.email} ({fields})")
    for line, reason in plan.skip:
        click.echo(f"skip    line {line}: {reason}")
    counts = plan.counts
    click.echo(f"{counts['created']} to create, {counts['updated']} to update, {counts['unchanged']} unchanged, "
               f"{counts['skipped']} skipped")
