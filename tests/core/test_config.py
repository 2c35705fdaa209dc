from __future__ import annotations

import stat

from app import create_app
from config import load_or_create_secret_key, normalise_database_url

PUBLIC_URL = "https://rencontres.example.org"


def test_secret_key_generated_once_and_kept_in_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    first = create_app({"INSTANCE_PATH": str(tmp_path), "PUBLIC_URL": PUBLIC_URL})
    second = create_app({"INSTANCE_PATH": str(tmp_path), "PUBLIC_URL": PUBLIC_URL})
    key_file = tmp_path / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert len(first.config["SECRET_KEY"]) >= 40


def test_secret_key_differs_between_instances(tmp_path):
    assert load_or_create_secret_key(tmp_path / "a") != load_or_create_secret_key(tmp_path / "b")


def test_secret_key_from_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "PUBLIC_URL": PUBLIC_URL})
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_database_default_is_sqlite_under_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "PUBLIC_URL": PUBLIC_URL})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'rencontres.sqlite3'}"


def test_database_url_from_environment_uses_psycopg(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.internal:5432/rencontres")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "PUBLIC_URL": PUBLIC_URL})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.internal:5432/rencontres"


def test_normalise_database_url_keeps_sqlite():
    assert normalise_database_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
    assert normalise_database_url("postgresql://h/db") == "postgresql+psycopg://h/db"


def test_mail_and_language_settings_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.org")
    monkeypatch.setenv("MAIL_PORT", "2525")
    monkeypatch.setenv("DEFAULT_LANGUAGE", "en")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "PUBLIC_URL": PUBLIC_URL})
    assert (app.config["MAIL_SERVER"], app.config["MAIL_PORT"]) == ("smtp.example.org", 2525)
    assert app.config["BABEL_DEFAULT_LOCALE"] == "en"
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_wsgi_exposes_an_app(monkeypatch):
    monkeypatch.setenv("PUBLIC_URL", PUBLIC_URL)
    import wsgi

    assert wsgi.app.name == "app"
    assert "raict" in wsgi.app.blueprints and "assises" in wsgi.app.blueprints and "chroniques" in wsgi.app.blueprints
