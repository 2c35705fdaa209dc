"""WSGI layers in front of Flask: answers given before Flask's per-request work (app/core/page_fast_path.py,
app/checkin/fast_path.py)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def install_inside_proxy_fix(app: Flask, make: Callable[[Any], Any]) -> Any:
    """Put a WSGI layer (``make(the app's current WSGI callable)``) in front of Flask but inside ProxyFix when it is
    configured (``TRUSTED_PROXIES``), so that the layer sees the scheme, host and address ProxyFix fixed; the layer."""
    if isinstance(app.wsgi_app, ProxyFix):
        layer = app.wsgi_app.app = make(app.wsgi_app.app)
    else:
        layer = app.wsgi_app = make(app.wsgi_app)  # type: ignore[method-assign]
    return layer
