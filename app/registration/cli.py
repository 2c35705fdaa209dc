"""``flask --app wsgi privacy export|erase EMAIL`` and ``flask --app wsgi privacy purge-passports [--event SLUG]``."""
from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from app.core.extensions import db
from app.events.queries import get_event_or_exit
from app.people.models import Person
from app.registration import privacy

privacy_cli = AppGroup("privacy", help="Personal data: export, erase, purge passport details.")


def _person_or_exit(email: str) -> Person:
    person = privacy.find_person(email)
    if person is None:
        click.echo(f"Error: no person with the email {email!r}.", err=True)
        raise SystemExit(1)
    return person


@privacy_cli.command("export")
@click.argument("email")
def export_command(email: str) -> None:
    """Print, as JSON, all data held on the person with this email."""
    person = _person_or_exit(email)
    click.echo(json.dumps(privacy.export_person(person), ensure_ascii=False, indent=2, sort_keys=True))


@privacy_cli.command("erase")
@click.argument("email")
def erase_command(email: str) -> None:
    """Anonymise the person with this email (registrations stay, anonymous, so that counts stay right)."""
    person = _person_or_exit(email)
    privacy.erase_person(person)
    db.session.commit()
    click.echo(f"Person {person.id} anonymised.")


@privacy_cli.command("purge-passports")
@click.option("--event", "slug", default=None, help="Only this event (default: every event that has ended).")
def purge_passports_command(slug: str | None) -> None:
    """Clear passport number, expiry, date of birth and nationality after the event."""
    event = None
    if slug is not None:
        event = get_event_or_exit(slug)
    count = privacy.purge_passports(event)
    db.session.commit()
    click.echo(f"{count} registration(s) purged of passport details.")
