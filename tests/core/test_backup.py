"""``flask backup create`` / ``backup restore``: a round trip on SQLite and PostgreSQL gives back every row."""
from __future__ import annotations

import os

import sqlalchemy as sa

from app.auth.models import Role
from app.core.extensions import db as database
from tests.conftest import RUN_ID, base_settings, create_postgres_database, drop_postgres_database, migrate_to_head
from tests.factories import make_person, make_registration, make_room, make_session, make_user
from tests.registration.helpers import open_event, register_someone


def make_data(db) -> None:
    event = open_event(title_fr="Rencontres « été » 2030 — 日本")
    session = make_session(event, room=make_room(event))
    register_someone(event, "backup@example.org", [session])
    make_registration(event, make_person(family_name="Nguyễn", country="VN"))
    make_user(Role.ADMIN)
    db.session.commit()


def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    with db.engine.connect() as connection:
        return {table.name: [tuple(row) for row in connection.execute(
                    sa.select(table).order_by(*table.primary_key.columns))]
                for table in db.metadata.sorted_tables}


def test_sqlite_round_trip_restores_every_row(app, db, cli, tmp_path):
    if db.engine.url.get_backend_name() != "sqlite":
        return  # PostgreSQL has its own test below
    make_data(db)
    before = snapshot(db)
    assert sum(map(len, before.values())) >= 8
    dump = tmp_path / "backups" / "rencontres.backup"
    result = cli.invoke(args=["backup", "create", str(dump)])
    assert result.exit_code == 0, result.output
    db.session.remove()
    db.engine.dispose()
    os.remove(db.engine.url.database)  # wiped
    result = cli.invoke(args=["backup", "restore", str(dump)])
    assert result.exit_code == 0, result.output
    assert snapshot(db) == before


def test_restore_refuses_to_overwrite_data_without_force(app, db, cli, tmp_path):
    make_data(db)
    dump = tmp_path / "rencontres.backup"
    assert cli.invoke(args=["backup", "create", str(dump)]).exit_code == 0
    before = snapshot(db)
    register_someone(open_event(), "later@example.org")
    db.session.commit()
    after_change = snapshot(db)
    result = cli.invoke(args=["backup", "restore", str(dump)])
    assert result.exit_code != 0 and "already holds" in result.output and "--force" in result.output
    assert snapshot(db) == after_change
    result = cli.invoke(args=["backup", "restore", "--force", str(dump)])
    assert result.exit_code == 0, result.output
    assert snapshot(db) == before


def test_restore_refuses_a_file_of_the_other_kind(app, db, cli, tmp_path):
    other = tmp_path / "not-a-backup"
    other.write_bytes(b"hello")
    result = cli.invoke(args=["backup", "restore", str(other)])
    assert result.exit_code != 0 and "is not a" in result.output


def test_missing_pg_dump_is_a_clear_error(monkeypatch, tmp_path):
    from app.core import backup

    monkeypatch.setattr(backup.glob, "glob", lambda pattern: [])
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("PG_BIN_DIR", raising=False)
    try:
        backup.pg_binary("pg_dump")
    except backup.BackupError as error:
        assert "pg_dump not found" in str(error) and "postgresql-client" in str(error)
    else:
        raise AssertionError("no error")


def test_postgresql_round_trip_restores_every_row(postgres_url, tmp_path):
    from app import create_app

    name = f"rencontres_backup_{RUN_ID}"
    url = create_postgres_database(postgres_url, name)
    try:
        migrate_to_head(url, tmp_path / "instance")
        app = create_app(base_settings(tmp_path / "instance", url))
        with app.app_context():
            make_data(database)
            before = snapshot(database)
            dump = tmp_path / "rencontres.pgdump"
            cli = app.test_cli_runner()
            result = cli.invoke(args=["backup", "create", str(dump)])
            assert result.exit_code == 0, result.output
            assert dump.read_bytes().startswith(b"PGDMP")
            database.session.remove()
            database.engine.dispose()
            create_postgres_database(postgres_url, name)  # wiped: dropped and created empty
            result = cli.invoke(args=["backup", "restore", str(dump)])
            assert result.exit_code == 0, result.output
            assert snapshot(database) == before
            # Sequences follow: a new row gets a fresh id.
            register_someone(open_event(), "after-restore@example.org")
            database.session.commit()
            result = cli.invoke(args=["backup", "restore", str(dump)])
            assert result.exit_code != 0 and "--force" in result.output
            assert cli.invoke(args=["backup", "restore", "--force", str(dump)]).exit_code == 0
            assert snapshot(database) == before
            database.session.remove()
            database.engine.dispose()
    finally:
        drop_postgres_database(postgres_url, name)
