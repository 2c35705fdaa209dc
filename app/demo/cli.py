"""``flask --app wsgi demo`` (load demo data) and ``flask --app wsgi start`` (set up and serve)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"  # where `flask start` serves by default


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo data (idempotent: running it twice gives the same database)."""
    from app.demo.loader import load_demo

    if not current_app.config.get("PUBLIC_URL"):  # the demo's mails carry links: those of `flask start`'s default
        current_app.config["PUBLIC_URL"] = DEFAULT_PUBLIC_URL
        click.echo(f"PUBLIC_URL is not set: the demo's mails link to {DEFAULT_PUBLIC_URL}")
    summary = load_demo()
    click.echo(summary)


@click.command("start")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def start_command(host: str, port: int) -> None:
    """Upgrade the database, load the demo data, print the logins, and serve the app."""
    from flask_migrate import upgrade

    upgrade()
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # a LocalProxy, typed by Flask as the app
    app.config["PUBLIC_URL"] = app.config.get("PUBLIC_URL") or f"http://{host}:{port}"  # links in mails and feeds
    click.get_current_context().invoke(demo_command)
    app.config["SESSION_COOKIE_SECURE"] = False  # plain HTTP on this machine only
    app.config["REMEMBER_COOKIE_SECURE"] = False
    app.config["MAIL_OUTBOX_PAGE"] = True  # no SMTP server here: organisers read the mails on a page
    click.echo(f"\nMails are queued, not sent: organisers read them at http://{host}:{port}/organiser/outbox/")
    click.echo(f"Rencontres is running at http://{host}:{port}/  (staff login: http://{host}:{port}/login)")
    run_simple(host, port, app, threaded=True, use_reloader=False)
