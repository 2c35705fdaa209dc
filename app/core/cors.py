"""Cross-origin reading of the public, read-only API and feeds.

A view marked with :func:`cross_origin` answers any origin: ``Access-Control-Allow-Origin: *``, its
``ETag`` and ``Last-Modified`` exposed to scripts, and CORS preflight requests (``OPTIONS``, answered by
Flask's automatic OPTIONS route) allowed for GET, HEAD and OPTIONS with the conditional request headers.
Never ``Access-Control-Allow-Credentials``: a browser sends no cookie a script could use, and a
credentialed request is refused a ``*`` answer by the browser itself (see docs/api.md, "Cross-origin").
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, current_app, request

View = TypeVar("View", bound=Callable[..., Any])

_MARK = "readable_cross_origin"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_REQUEST_HEADERS = "If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Last-Modified"
PREFLIGHT_MAX_AGE = "86400"


def cross_origin(view: View) -> View:
    """Mark a read-only view as readable from any origin (put it under the route decorator)."""
    setattr(view, _MARK, True)
    return view


def add_cross_origin_headers(response: Response) -> Response:
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if not getattr(view, _MARK, False):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_REQUEST_HEADERS
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response


def init_cors(app: Flask) -> None:
    app.after_request(add_cross_origin_headers)
