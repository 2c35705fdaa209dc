"""``/organiser/audit``: the audit log, admins only, with filters and pages (blueprint ``audit``)."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from app.auth.login import roles_required
from app.auth.models import Role
from app.backoffice.audit_queries import AuditFilters, audit_page, filter_choices
from app.core.urls import parse_id

bp = Blueprint("audit", __name__)


@bp.before_request
@roles_required(Role.ADMIN)
def require_admin():
    return None


@bp.route("/")
def audit_log():
    filters = AuditFilters(action=request.args.get("action", "")[:60], actor=request.args.get("actor", "")[:254],
                           event_id=parse_id(request.args.get("event")),
                           target_type=request.args.get("target", "")[:40])
    result = audit_page(filters, parse_id(request.args.get("page")) or 1)
    actions, events = filter_choices()
    arguments = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template("audit/log.html", result=result, filters=filters, actions=actions, events=events,
                           arguments=arguments)
