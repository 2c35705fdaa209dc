"""The HTTP side of a feed: content type, disposition, ETag / Last-Modified and 304 answers."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from flask import Response, request
from icalendar import Calendar

from app.core.urls import content_disposition

CONTENT_TYPE = "text/calendar; charset=utf-8"


def ics_response(calendar: Calendar, filename: str, *, modified: Iterable[datetime | None] = (),
                 attachment: bool = False) -> Response:
    """The feed, with a strong ETag (SHA-256 of its bytes) and Last-Modified; 304 when the client has it.
    No Date header of its own: the server adds one.

    ``Cache-Control: private, no-cache``: calendar clients revalidate on every poll, which
    costs a 304; shared caches keep nothing (the response may carry the session cookie that
    ``?lang=`` sets, and a personal feed carries join links).
    """
    body = calendar.to_ical()
    response = Response(body, headers={"Content-Type": CONTENT_TYPE})
    response.headers["Content-Disposition"] = content_disposition(filename, attachment=attachment, default="calendar.ics")
    response.set_etag(hashlib.sha256(body).hexdigest()[:40])
    last_modified = max((instant for instant in modified if instant is not None), default=None)
    if last_modified is not None:
        response.last_modified = last_modified
    response.cache_control.private = True
    response.cache_control.no_cache = True
    response.vary.add("Accept-Language")
    response.make_conditional(request)
    # werkzeug's make_conditional adds a Date header; the HTTP server (gunicorn) adds its own, and two Date
    # headers are invalid (RFC 9110 5.3). The server's is the one to keep.
    del response.headers["Date"]
    return response
