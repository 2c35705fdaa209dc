"""``flask --app wsgi backup create PATH`` / ``backup restore PATH [--force]``.

- SQLite: a consistent copy made with SQLite's online backup API (safe while the app writes);
  the file is an ordinary SQLite database.
- PostgreSQL: ``pg_dump --format=custom`` of ``DATABASE_URL`` (one consistent snapshot), restored with
  ``pg_restore --clean --if-exists --single-transaction``. The binaries are taken from ``PG_BIN_DIR``,
  else the newest ``/usr/lib/postgresql/<version>/bin``, else ``PATH``; the password goes through
  the environment (never on the command line).

A restore refuses to overwrite a database that holds any row unless ``--force`` is given. A file is
written next to its destination then renamed, so a failed backup never leaves half a file.
"""
from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.core.extensions import db

backup_cli = AppGroup("backup", help="Back up and restore the database.")

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(click.ClickException):
    pass


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def create_command(path: Path) -> None:
    """Write a consistent backup of the database to PATH."""
    create_backup(path)
    click.echo(f"Backup written to {path} ({path.stat().st_size} bytes).")


@backup_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite a database that already holds data.")
def restore_command(path: Path, force: bool) -> None:
    """Replace the database's content with the backup in PATH."""
    restore_backup(path, force=force)
    click.echo(f"Database restored from {path}.")


def create_backup(path: Path) -> None:
    url = db.engine.url
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_backup(_sqlite_path(url), partial)
        elif url.get_backend_name() == "postgresql":
            _run([pg_binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(partial)], url)
        else:
            raise BackupError(f"backups of {url.get_backend_name()} databases are not supported")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def restore_backup(path: Path, force: bool = False) -> None:
    url = db.engine.url
    with path.open("rb") as handle:
        magic = handle.read(16)
    backend = url.get_backend_name()
    if backend == "sqlite" and not magic.startswith(SQLITE_MAGIC):
        raise BackupError(f"{path} is not a SQLite backup (this app uses SQLite)")
    if backend == "postgresql" and not magic.startswith(PG_MAGIC):
        raise BackupError(f"{path} is not a pg_dump custom-format backup (this app uses PostgreSQL)")
    rows = database_row_count()
    if rows and not force:
        raise BackupError(f"the database already holds {rows} rows: restoring would replace them. "
                          "Back it up first, then run again with --force.")
    db.session.remove()
    db.engine.dispose()
    if backend == "sqlite":
        _sqlite_backup(path, _sqlite_path(url))
    else:
        _run([pg_binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", str(path)], url, database_flag=True)


def database_row_count() -> int:
    """Rows in every table of the database (not counting Alembic's version table)."""
    with db.engine.connect() as connection:
        names = [name for name in sa.inspect(connection).get_table_names() if name != "alembic_version"]
        preparer = connection.dialect.identifier_preparer
        return sum(connection.execute(sa.text(f"SELECT count(*) FROM {preparer.quote(name)}")).scalar_one()
                   for name in names)


def _sqlite_path(url: sa.engine.URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _sqlite_backup(source: Path, destination: Path) -> None:
    source_connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    destination_connection = sqlite3.connect(destination)
    try:
        with destination_connection:
            source_connection.backup(destination_connection)
    finally:
        destination_connection.close()
        source_connection.close()


def pg_binary(name: str) -> str:
    """The newest PostgreSQL client binary (pg_dump must not be older than the server)."""
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(Path(os.environ["PG_BIN_DIR"]) / name)
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(Path(d).parent.name), reverse=True)
    candidates += [Path(directory) / name for directory in versions]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(f"{name} not found: install PostgreSQL's client programs (apt-get install postgresql-client) "
                      "or set PG_BIN_DIR to the folder that holds them")


def _run(command: list[str], url: sa.engine.URL, database_flag: bool = False) -> None:
    environment = dict(os.environ, PGHOST=url.host or "localhost", PGPORT=str(url.port or 5432),
                       PGUSER=url.username or "", PGDATABASE=url.database or "")
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    if database_flag:
        command = [*command[:-1], "--dbname", url.database or "", command[-1]]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:2000]}")
