"""``GET /healthz``: is the database reachable? For load balancers and monitoring; no login, no cookie."""
from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from app.core.extensions import db

bp = Blueprint("health", __name__)
logger = logging.getLogger("rencontres.errors")


@bp.route("/healthz")
def healthz() -> ResponseReturnValue:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        logger.error("health check: database unreachable: %s", type(error).__name__)
        response = jsonify({"status": "error", "database": "unreachable"})
        response.status_code = 503
    else:
        response = jsonify({"status": "ok", "database": "ok"})
    response.headers["Cache-Control"] = "no-store"
    return response
