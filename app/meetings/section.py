"""The "Bilateral meetings" section of the registrant's private page (``app.registration.private_page``):
the collectivités' profiles to fill, the link to the directory, requests sent and received with their statuses
(and the answers), and the meetings — their time, table and room once published."""
from __future__ import annotations

from flask_babel import gettext as _

from app.meetings import access, operations, queries
from app.meetings.forms import AnswerForm
from app.registration.models import ACTIVE_STATUSES, Registration
from app.registration.private_page import PrivateSection


def meetings_section(registration: Registration) -> PrivateSection | None:
    event = registration.event
    if not event.profile.has_meetings or registration.status not in ACTIVE_STATUSES:
        return None
    mine = queries.requests_of(registration)
    collectivites = access.collectivites_of(registration)
    profiles = {profile.collectivite_id: profile for profile in queries.my_profiles(registration)}
    represented = access.represented(registration)
    return PrivateSection(title=_("Bilateral meetings"), template="meetings/section.html", order=50, context={
        "mine": mine,
        "collectivites": collectivites,
        "profiles": profiles,
        "represented": represented,
        "settings": operations.settings_for(event),
        "may_answer": {request.id: operations.may_answer(registration, request) for request in mine.received},
        "form": AnswerForm(),
    })
