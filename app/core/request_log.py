"""One JSON line per request on the ``rencontres.request`` logger.

Fields: ``method``, ``path`` (private-link and calendar tokens replaced by ``[token]``, no query
string), ``endpoint``, ``status``, ``duration_ms``, ``user_id`` and ``role`` (staff, else null),
``request_id`` (the proxy's ``X-Request-ID`` when it is a short safe value, else a new one; echoed
in the response's ``X-Request-ID``). gunicorn's own access log is off and gunicorn.conf.py sends this
logger to standard output instead.
"""
from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, Response, g, request

from app.core.security import redact_secrets, redacted_request_path

logger = logging.getLogger("rencontres.request")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id_from(incoming: str | None) -> str:
    """The proxy's ``X-Request-ID`` when it is a short safe value, else a new one."""
    return incoming if incoming and _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex


def write_line(method: str, path: str, endpoint: str | None, status: int, started: float | None, request_id: str,
               user_id: int | None = None, role: str | None = None) -> None:
    """The request's log line (``path`` already redacted); also written by the WSGI layers that answer before Flask
    (app/core/page_fast_path.py, app/checkin/fast_path.py), so every answer has the same line."""
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started is not None else None
    logger.info(json.dumps({
        "method": method, "path": path, "endpoint": endpoint, "status": status, "duration_ms": duration_ms,
        "user_id": user_id, "role": role, "request_id": request_id,
    }, ensure_ascii=False))


def start_timer() -> None:
    g.request_started = time.perf_counter()
    g.request_id = request_id_from(request.headers.get("X-Request-ID"))


def log_request(response: Response) -> Response:
    user_id, role = _staff()
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers["X-Request-ID"] = request_id
    write_line(request.method, redacted_request_path(), request.endpoint, response.status_code,
               g.get("request_started"), request_id, user_id, role)
    return response


def _staff() -> tuple[int | None, str | None]:
    """The logged-in staff member, only if already loaded (logging never queries the database)."""
    user = g.get("_login_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None, None
    try:
        return user.id, user.role.value
    except Exception:  # a detached or expired instance after a failed transaction
        return None, None


def init_request_log(app: Flask) -> None:
    install_log_redaction()
    app.before_request(start_timer)
    app.after_request(log_request)


def install_log_redaction() -> None:
    """Every log record, from any logger, is made with its message and traceback already redacted (once per process)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "redacts_secrets", False):
        return

    def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        redact_record(record)
        return record

    redacting_factory.redacts_secrets = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(redacting_factory)


def redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed call is logging's to report, not ours
        return
    try:
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            record.exc_text = redact_secrets(_FORMATTER.formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact_secrets(record.stack_info)
    except Exception:  # noqa: BLE001 - never let a line through unredacted
        record.msg, record.args, record.exc_info, record.exc_text = "[log line withheld: redaction failed]", (), None, None


_FORMATTER = logging.Formatter()
