"""Rate limits of the public forms (Flask-Limiter), per client address.

| form (POST only) | limit |
| --- | --- |
| registration form ``/<kind>/<slug>/register``, new delegation ``/<kind>/<slug>/delegations/new``, lost link ``/<kind>/<slug>/my-link`` | ``PUBLIC_FORM_LIMIT`` per client address, and ``ADDRESS_LIMIT`` per email address typed (they send mail to it) |
| staff login ``/login`` | ``LOGIN_LIMIT`` |
| self-service posts ``/registration/<token>/…`` (workshops, cancel, invitation letter), ``/chroniques/registration/<token>/…`` (next chronicles) | ``SELF_SERVICE_LIMIT`` |
| a head of delegation's posts ``/delegations/<token>/…`` (members, import) | ``DELEGATION_LIMIT`` |

Counters live in ``RATELIMIT_STORAGE_URI``: ``memory://`` by default (per process: with several
gunicorn workers each counts on its own), ``redis://host:6379/0`` to share them between workers
and servers (needs the ``redis`` Python package). ``RATELIMIT_ENABLED=false`` turns every limit off
(benchmarks). The client address is ``request.remote_addr``: ``X-Forwarded-For`` is ignored unless
``TRUSTED_PROXIES`` says how many reverse proxies set it (werkzeug's ProxyFix then uses it).

A request over a limit gets the error page (429, in the visitor's language) with ``Retry-After``;
the view is not run, so nothing is written.
"""  # noqa: E501 (the rows of a Markdown table stay whole)
from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, request
from flask.typing import ResponseReturnValue
from flask_limiter.errors import RateLimitExceeded
from werkzeug.middleware.proxy_fix import ProxyFix

from app.core.extensions import limiter
from app.core.text import normalise_email

PUBLIC_FORM_LIMIT = "10 per minute;100 per hour"
# Forms that mail the address typed in: accepted posts are counted per address too (normalised), so that no
# one floods a mailbox from many client addresses.
ADDRESS_LIMIT = "3 per 10 minutes;10 per day"
LOGIN_LIMIT = "5 per minute"
SELF_SERVICE_LIMIT = "20 per minute;200 per hour"
# A head of delegation adds dozens of members one by one through the delegation's private link.
DELEGATION_LIMIT = "60 per minute;1000 per hour"


# endpoint → limit per email address typed in the form's ``email`` field, on POST only.
ADDRESS_LIMITS: dict[str, str] = {
    "registration.register": ADDRESS_LIMIT,
    "delegations.new_delegation": ADDRESS_LIMIT,
    "registration.lost_link": ADDRESS_LIMIT,
}


# endpoint → limit, on POST only (an endpoint the app does not have is skipped).
FORM_LIMITS: dict[str, str] = {
    "registration.register": PUBLIC_FORM_LIMIT,
    "delegations.new_delegation": PUBLIC_FORM_LIMIT,
    "registration.lost_link": PUBLIC_FORM_LIMIT,
    "auth.login": LOGIN_LIMIT,
    "registration.change_choices": SELF_SERVICE_LIMIT,
    "registration.cancel": SELF_SERVICE_LIMIT,
    "registration_letters.request_letter": SELF_SERVICE_LIMIT,
    "chroniques.register_again": SELF_SERVICE_LIMIT,  # registers to later chronicles or files access requests
    "mail_public.unsubscribe": SELF_SERVICE_LIMIT,  # opt-out page and RFC 8058 one-click
    "delegations.add_member": DELEGATION_LIMIT,
    "delegations.edit_member": DELEGATION_LIMIT,
    "delegations.cancel_member": DELEGATION_LIMIT,
    "delegations.upload_members": DELEGATION_LIMIT,
    "delegations.confirm_members": DELEGATION_LIMIT,
}


def init_limiter(app: Flask) -> None:
    """Bind the limiter to the app, trust proxies if configured, and answer 429 with the error page."""
    limiter.init_app(app)
    if not _filter_installed:
        limiter.request_filter(no_limit_applies)
        _filter_installed.append(True)
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    app.register_error_handler(RateLimitExceeded, too_many_requests)


_filter_installed: list[bool] = []
WIDE_LIMIT_SETTINGS = ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META")


def no_limit_applies() -> bool:
    """Flask-Limiter's per-request work (about 0.5 ms: resolving and filtering limits) skipped for a request no limit
    applies to — every endpoint but those of FORM_LIMITS (e.g. the desks' scans), unless default, application-wide
    or meta limits are configured (then every request goes through the limiter as before)."""
    if request.endpoint in FORM_LIMITS:
        return False
    config = current_app.config
    return not any(config.get(name) for name in WIDE_LIMIT_SETTINGS)


def limit_public_forms(app: Flask) -> None:
    """Put the limited views in place (after the blueprints are registered)."""
    for endpoint, view in _limited_views(tuple(sorted(FORM_LIMITS.items())), app.view_functions).items():
        app.view_functions[endpoint] = view


def _limited_views(limits: tuple[tuple[str, str], ...], views: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Each view wrapped by Flask-Limiter's decorator, once per process (limits are kept by the view's name)."""
    for endpoint, limit in limits:
        if endpoint in views and endpoint not in _wrapped:
            view = limiter.limit(limit, methods=["POST"])(views[endpoint])
            if endpoint in ADDRESS_LIMITS:
                view = limiter.limit(ADDRESS_LIMITS[endpoint], methods=["POST"], key_func=email_key,
                                     scope=f"{endpoint}-address", deduct_when=_mail_sent)(view)
            _wrapped[endpoint] = view
    return {endpoint: view for endpoint, view in _wrapped.items() if endpoint in views}


_wrapped: dict[str, Callable[..., Any]] = {}


def _mail_sent(response: Response) -> bool:
    """Only accepted posts count against an address (they mail it); a refused form (400) does not."""
    return response.status_code == 200


def email_key() -> str:
    """The rate-limit key of a form's typed address (in normal form: its variants count as one)."""
    return "email:" + normalise_email(request.form.get("email", ""))[:254]


def too_many_requests(error: RateLimitExceeded) -> ResponseReturnValue:
    from app.core.errors import error_response

    return error_response(429, headers={"Retry-After": str(retry_after_seconds())})


def retry_after_seconds() -> int:
    """Seconds until the breached limit's window resets (at least 1)."""
    current = limiter.current_limit
    if current is None:
        return 60
    reset_at = current.window[0]  # when the window of the breached limit ends (epoch seconds)
    return max(1, math.ceil(reset_at - time.time()))

