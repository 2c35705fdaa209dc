"""Migrations build the whole schema, on SQLite and PostgreSQL, and match the models."""
from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.core.extensions import db
from tests.conftest import RUN_ID, base_settings, create_postgres_database, drop_postgres_database


def _upgrade_and_compare(database_uri: str, instance_path) -> None:
    app = create_app(base_settings(instance_path, database_uri))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
            differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), db.metadata)
        assert tables >= {table.name for table in db.metadata.sorted_tables}
        assert differences == []
        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
        upgrade()
        db.engine.dispose()


def test_migrations_upgrade_empty_sqlite_to_head_matching_models(tmp_path):
    _upgrade_and_compare(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path / "instance")


def test_migrations_upgrade_empty_postgres_to_head_matching_models(postgres_url, tmp_path):
    name = f"rencontres_migration_check_{RUN_ID}"
    uri = create_postgres_database(postgres_url, name)
    try:
        _upgrade_and_compare(uri, tmp_path / "instance")
    finally:
        drop_postgres_database(postgres_url, name)


def test_metadata_constraint_names_follow_convention(app):
    for table in db.metadata.sorted_tables:
        for constraint in table.constraints:
            assert constraint.name, f"unnamed constraint on {table.name}"
            assert constraint.name.split("_")[0] in {"pk", "fk", "uq", "ck"}, constraint.name
