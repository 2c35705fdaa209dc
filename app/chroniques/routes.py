"""A registrant's chronicle actions, from their private page: the next chronicle in one click, or all the later ones.

| URL | action |
| --- | --- |
| ``POST /chroniques/registration/<token>/next`` | register again, to the next chronicle of the series |
| ``POST /chroniques/registration/<token>/series`` | register to every later chronicle of the series |

The ``chroniques`` blueprint (``app.public.chroniques``) routes them (``REGISTER_AGAIN_RULE``).
"""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.chroniques import access
from app.core.extensions import db
from app.core.forms import EmptyForm
from app.core.i18n import localized
from app.registration.links import registration_by_link_or_404
from app.registration.operations import RegistrationDetails

REGISTER_AGAIN_RULE = "/registration/<token>/<any(next, series):scope>"


def register_again(token: str, scope: str) -> ResponseReturnValue:
    registration = registration_by_link_or_404(token)
    if not EmptyForm().validate_on_submit() or not access.is_members_only(registration.event):
        abort(400)
    if scope == "next":
        chronicle = access.next_chronicle(registration)
        events = [chronicle] if chronicle else []
    else:
        events = access.later_chronicles(registration.event)
    if not events:
        flash(_("There is no later chronicle open for registration."), "info")
        return redirect(url_for("registration.manage", token=token), code=303)
    person = registration.person
    if not access.may_register(events[0], person, None):
        access.request_access(events[0], person, whole_series=scope == "series", language=registration.language)
        db.session.commit()
        flash(_("Your request to attend has been sent to the organisers; they will answer you by mail."), "success")
        return redirect(url_for("registration.manage", token=token), code=303)
    details = RegistrationDetails(language=registration.language, consent_at=registration.consent_at)
    made = access.register_to_events(events, person, details)
    db.session.commit()
    flash(_("Registered: %(titles)s. Your private links come by mail.",
            titles=", ".join(_title(event) for event in (item.event for item in made)) or "—"), "success")
    return redirect(url_for("registration.manage", token=token), code=303)


def _title(event) -> str:
    return localized(event, "title")
