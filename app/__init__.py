"""Rencontres: conferences for networks of local authorities.

``create_app`` is the application factory: it reads the settings, wires the
extensions, and registers every blueprint and CLI group in one place.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from config import DEFAULT_INSTANCE_PATH, settings_from_environment

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    overrides = dict(overrides or {})
    instance_path = Path(overrides.pop("INSTANCE_PATH", None) or os.environ.get("INSTANCE_PATH") or DEFAULT_INSTANCE_PATH)
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(settings_from_environment(instance_path) | overrides)

    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_cli(app)
    from app.checkin.fast_path import install_scan_fast_path

    install_scan_fast_path(app)  # badge scans with a desk token answered before Flask's per-request work
    return app


def register_extensions(app: Flask) -> None:
    from app import mail as mail_outbox
    from app.auth.login import configure_login
    from app.calendar.sequence import install_sequence_bump
    from app.core.cors import init_cors
    from app.core.extensions import babel, csrf, db, mail, migrate
    from app.core.i18n import remember_language_choice, select_locale, select_timezone
    from app.core.limits import init_limiter
    from app.core.page_cache import init_page_cache
    from app.core.page_fast_path import install_page_fast_path
    from app.core.request_log import init_request_log
    from app.core.security import init_security
    from app.core.urls import init_public_url, install_bounded_integers
    from app.events.version import init_version_watch, install_version_bump

    init_public_url(app)  # PUBLIC_URL: every absolute link; refuses to start without it in production
    install_bounded_integers(app)  # <int:…> segments: ASCII digits, at most 2³¹ − 1 (before the routes)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), compare_type=True, render_as_batch=True)
    csrf.init_app(app)
    mail.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    app.before_request(remember_language_choice)
    install_sequence_bump(db.session)  # every change to a session's time, room or status bumps its SEQUENCE
    install_version_bump(db.session)  # every change shown on an event's public pages bumps Event.version
    configure_login(app)
    mail_outbox.init_app(app)
    init_limiter(app)  # rate limits of the public forms (RATELIMIT_* settings)
    init_security(app)  # security headers on every response (app.core.security)
    init_cors(app)  # the read-only API and feeds, readable from any origin (app.core.cors)
    init_request_log(app)  # one JSON line per request on the rencontres.request logger
    init_page_cache(app)  # rendered public pages per event version (PAGE_CACHE_*, REDIS_URL)
    init_version_watch(app)  # PAGE_VERSION_LISTEN: event versions told by PostgreSQL's LISTEN/NOTIFY
    install_page_fast_path(app)  # cached pages answered before Flask's per-request work, for readers without a cookie
    _import_models()
    register_hooks()


def register_hooks() -> None:
    """Capabilities register with the lower ones they extend (which never import them): claim kinds and gates,
    mail attachments, personal data for export and erasure."""
    from app.badges.attachment import register_hooks as badge_hooks
    from app.calendar.agenda import register_hooks as agenda_hooks
    from app.certificates import register_hooks as certificate_hooks
    from app.chroniques.access import register_hooks as chroniques_hooks
    from app.communications import register_hooks as communication_hooks
    from app.delegations.operations import register_hooks as delegation_hooks
    from app.meetings import register_hooks as meeting_hooks
    from app.survey import register_hooks as survey_hooks
    from app.syntheses import register_hooks as synthesis_hooks

    for register in (agenda_hooks, badge_hooks, chroniques_hooks, delegation_hooks, communication_hooks,
                     certificate_hooks, survey_hooks, synthesis_hooks, meeting_hooks):
        register()


def _import_models() -> None:
    """Import every model so that the metadata (and Alembic) sees all tables."""
    import app.audit.models  # noqa: F401
    import app.auth.models  # noqa: F401
    import app.certificates.models  # noqa: F401
    import app.checkin.models  # noqa: F401
    import app.chroniques.models  # noqa: F401
    import app.communications.messages_models  # noqa: F401
    import app.communications.models  # noqa: F401
    import app.events.models  # noqa: F401
    import app.mail.models  # noqa: F401
    import app.meetings.models  # noqa: F401
    import app.people.models  # noqa: F401
    import app.programme.models  # noqa: F401
    import app.registration.models  # noqa: F401
    import app.survey.models  # noqa: F401
    import app.syntheses.models  # noqa: F401


def register_blueprints(app: Flask) -> None:
    from app.assises import bp as assises_bp
    from app.auth.routes import bp as auth_bp
    from app.backoffice.audit_log import bp as audit_bp
    from app.backoffice.routes import bp as backoffice_bp
    from app.badges.routes import admin_bp as badges_admin_bp
    from app.badges.routes import bp as badges_bp
    from app.calendar.routes import bp as calendar_bp
    from app.certificates.routes import admin_bp as certificates_admin_bp
    from app.certificates.routes import bp as certificates_bp
    from app.checkin.admin import bp as checkin_admin_bp
    from app.checkin.api import bp as checkin_api_bp
    from app.checkin.desk import bp as checkin_desk_bp
    from app.chroniques.admin import bp as chroniques_admin_bp
    from app.communications.campaigns_admin import bp as campaigns_admin_bp
    from app.communications.contacts_admin import bp as contacts_admin_bp
    from app.communications.messages_admin import bp as messages_admin_bp
    from app.communications.messages_delegation import bp as delegation_messages_bp
    from app.core.health import bp as health_bp
    from app.core.limits import limit_public_forms
    from app.delegations.routes import bp as delegations_bp
    from app.events.admin import bp as events_admin_bp
    from app.mail.admin import bp as mail_admin_bp
    from app.mail.public import bp as mail_public_bp
    from app.mail.routes import bp as mail_outbox_bp
    from app.meetings.admin import bp as meetings_admin_bp
    from app.meetings.desk import bp as meetings_desk_bp
    from app.meetings.routes import bp as meetings_bp
    from app.meetings.schedule_admin import bp as meetings_schedule_bp
    from app.people.admin import bp as people_admin_bp
    from app.programme.admin import bp as programme_admin_bp
    from app.programme.api import bp as programme_public_bp
    from app.public.chroniques import bp as chroniques_bp
    from app.public.home import bp as home_bp
    from app.raict import bp as raict_bp
    from app.registration.admin import bp as registration_admin_bp
    from app.registration.letter_routes import admin_bp as letters_admin_bp
    from app.registration.letter_routes import bp as letters_bp
    from app.registration.routes import bp as registration_bp
    from app.reports.admin import bp as reports_admin_bp
    from app.survey.routes import admin_bp as survey_admin_bp
    from app.survey.routes import bp as survey_bp
    from app.syntheses.routes import admin_bp as syntheses_admin_bp
    from app.syntheses.routes import bp as syntheses_bp

    app.register_blueprint(home_bp)
    app.register_blueprint(health_bp)  # /healthz
    app.register_blueprint(audit_bp, url_prefix="/organiser/audit")
    app.register_blueprint(mail_outbox_bp, url_prefix="/organiser/outbox")  # development only (MAIL_OUTBOX_PAGE)
    app.register_blueprint(mail_admin_bp, url_prefix="/organiser/mail")  # opt-outs and bounces
    app.register_blueprint(mail_public_bp)  # /unsubscribe/<token> (opt-out page and RFC 8058 one-click)
    app.register_blueprint(auth_bp)
    app.register_blueprint(raict_bp, url_prefix="/raict")
    app.register_blueprint(assises_bp, url_prefix="/assises")
    app.register_blueprint(chroniques_bp, url_prefix="/chroniques")
    app.register_blueprint(backoffice_bp, url_prefix="/organiser")
    app.register_blueprint(chroniques_admin_bp, url_prefix="/organiser/chroniques")
    app.register_blueprint(events_admin_bp, url_prefix="/organiser/events")
    app.register_blueprint(programme_admin_bp, url_prefix="/organiser/events/<slug>")
    app.register_blueprint(people_admin_bp, url_prefix="/organiser/people")
    app.register_blueprint(registration_admin_bp, url_prefix="/organiser/events/<slug>/registrations")
    app.register_blueprint(calendar_bp)  # feeds: /<kind>/<slug>/….ics, /chroniques/<series>/series.ics, /agenda/<token>.ics
    app.register_blueprint(letters_bp)  # /registration/<token>/letter, …/letter.pdf
    app.register_blueprint(letters_admin_bp, url_prefix="/organiser/events/<slug>/letters")
    app.register_blueprint(reports_admin_bp, url_prefix="/organiser/figures")
    app.register_blueprint(registration_bp)  # /<kind>/<slug>/register, /registration/<token>, /privacy
    app.register_blueprint(delegations_bp)  # /<kind>/<slug>/delegations/new, /delegations/<token>/…
    app.register_blueprint(badges_admin_bp, url_prefix="/organiser/events/<slug>/badges")
    app.register_blueprint(badges_bp)  # /registration/<token>/badge.pdf
    app.register_blueprint(programme_public_bp)  # /api/events/<slug>/programme.json, /<kind>/<slug>/programme.pdf, speakers.pdf
    app.register_blueprint(checkin_admin_bp, url_prefix="/organiser/events/<slug>/desk-tokens")
    app.register_blueprint(checkin_desk_bp)  # /desk/, /desk/<slug>/ (the desk page), …/arrivals, …/search.json, …/badges/<id>.pdf
    app.register_blueprint(messages_admin_bp, url_prefix="/organiser/events/<slug>")  # /messages…, /reminders
    app.register_blueprint(delegation_messages_bp)  # /delegations/<token>/messages (the head of delegation)
    app.register_blueprint(contacts_admin_bp, url_prefix="/organiser/contacts")
    app.register_blueprint(campaigns_admin_bp, url_prefix="/organiser/events/<slug>/campaigns")
    app.register_blueprint(meetings_bp)  # /registration/<token>/meetings/…
    app.register_blueprint(meetings_admin_bp, url_prefix="/organiser/events/<slug>/meetings")
    app.register_blueprint(meetings_schedule_bp, url_prefix="/organiser/events/<slug>/meetings/schedule")
    app.register_blueprint(meetings_desk_bp)  # /desk/<slug>/meetings/: mark published meetings held
    app.register_blueprint(checkin_api_bp)  # /api/checkin/<slug>/scan, …/manual, …/undo (desk token or session)
    app.register_blueprint(certificates_admin_bp, url_prefix="/organiser/events/<slug>/certificates")
    app.register_blueprint(certificates_bp)  # /v/<code> (verification), /registration/<token>/certificate.pdf
    app.register_blueprint(survey_admin_bp, url_prefix="/organiser/events/<slug>/survey")
    app.register_blueprint(survey_bp)  # /registration/<token>/survey
    app.register_blueprint(syntheses_admin_bp, url_prefix="/organiser/events/<slug>/syntheses")
    app.register_blueprint(syntheses_bp)  # /syntheses/<token> (the rapporteur's page)
    limit_public_forms(app)  # rate limits on the public forms' POSTs (app.core.limits.FORM_LIMITS)


def register_template_helpers(app: Flask) -> None:
    from app.core import dates, i18n
    from app.core.countries import country_name
    from app.core.forms import form_errors
    from app.core.labels import label
    from app.events.urls import event_url

    app.jinja_env.filters["local_datetime"] = dates.format_local_datetime
    app.jinja_env.filters["local_time"] = dates.format_local_time
    app.jinja_env.filters["local_date"] = dates.format_local_date
    app.jinja_env.filters["local_day"] = dates.format_day
    app.jinja_env.filters["date_range"] = dates.format_date_range
    app.jinja_env.filters["when"] = dates.format_when
    app.jinja_env.filters["time_range"] = dates.format_time_range
    app.jinja_env.filters["event_when"] = dates.format_event_when
    app.jinja_env.globals["zone_name"] = dates.zone_name
    app.jinja_env.filters["country_name"] = country_name
    app.jinja_env.globals["localized"] = i18n.localized
    app.jinja_env.globals["label"] = label
    app.jinja_env.globals["event_url"] = event_url
    app.jinja_env.globals["current_language"] = i18n.current_language
    app.jinja_env.globals["url_for_language"] = i18n.url_for_language
    from app.programme.conflicts import conflict_subjects

    app.jinja_env.globals["conflict_subjects"] = conflict_subjects
    app.jinja_env.globals["form_errors"] = form_errors


def register_error_handlers(app: Flask) -> None:
    from app.core import errors

    errors.register(app)  # FR/EN pages, JSON under /api/, 503 when the database refuses work


def register_cli(app: Flask) -> None:
    from app.auth.cli import users_cli
    from app.badges.cli import badges_cli
    from app.certificates.cli import certificates_cli
    from app.checkin.cli import desk_cli
    from app.chroniques.cli import chroniques_cli
    from app.communications.campaigns_cli import campaigns_cli
    from app.communications.cli import communications_cli
    from app.communications.contacts_cli import contacts_cli
    from app.core.backup import backup_cli
    from app.demo.cli import demo_command, start_command
    from app.mail.cli import mail_cli
    from app.meetings.cli import meetings_cli
    from app.programme.cli import programme_cli
    from app.registration.cli import privacy_cli
    from app.reports.cli import figures_command
    from app.syntheses.cli import syntheses_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(start_command)
    app.cli.add_command(programme_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(figures_command)
    app.cli.add_command(badges_cli)
    app.cli.add_command(certificates_cli)
    app.cli.add_command(desk_cli)
    app.cli.add_command(chroniques_cli)
    app.cli.add_command(communications_cli)
    app.cli.add_command(contacts_cli)
    app.cli.add_command(campaigns_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(meetings_cli)
    app.cli.add_command(syntheses_cli)
