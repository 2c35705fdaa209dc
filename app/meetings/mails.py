"""The mails of a request's changes, to the people concerned, each in their language, with their private link.

Asked: the named person, or everyone registered from the asked collectivité. Accepted, declined, cancelled,
protocol: both sides. Each time, the heads of the delegations of those people too (they act for them).
"""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from app.core.extensions import db
from app.core.i18n import localized
from app.core.urls import external_url
from app.mail.outbox import enqueue
from app.meetings.models import MeetingRequest
from app.people.models import Person
from app.registration.models import ACTIVE_STATUSES, Delegation, Registration, delegation_collectivite


def who(registration: Registration) -> str:
    """"Name (Collectivité)" as the other side reads it."""
    person = registration.person
    return f"{person.name} ({person.collectivite.name})" if person.collectivite else person.name


def target_label(request: MeetingRequest) -> str:
    if request.to_registration is not None and (request.to_collectivite is None or request.status == "accepted"):
        return who(request.to_registration)
    assert request.to_collectivite is not None
    return request.to_collectivite.name


def _active_registration(event_id: int, person_id: int | None) -> Registration | None:
    if person_id is None:
        return None
    return db.session.scalar(sa.select(Registration).where(
        Registration.event_id == event_id, Registration.person_id == person_id,
        Registration.status.in_(ACTIVE_STATUSES)))


def _with_heads(registrations: list[Registration]) -> list[Registration]:
    found = {registration.id: registration for registration in registrations}
    for registration in registrations:
        delegation = registration.delegation
        if delegation is not None and delegation.head_person_id not in (None, registration.person_id):
            head = _active_registration(registration.event_id, delegation.head_person_id)
            if head is not None:
                found.setdefault(head.id, head)
    return list(found.values())


def concerned(request: MeetingRequest, kind: str) -> list[Registration]:
    """Who hears of this change of the request."""
    if kind == "requested":
        if request.to_collectivite_id is None:
            people = [request.to_registration] if request.to_registration else []
        else:
            people = list(db.session.scalars(sa.select(Registration).join(Person).where(
                Registration.event_id == request.event_id, Registration.status.in_(ACTIVE_STATUSES),
                sa.or_(Person.collectivite_id == request.to_collectivite_id,
                       Registration.delegation_id.in_(sa.select(Delegation.id).join(delegation_collectivite).where(
                           delegation_collectivite.c.collectivite_id == request.to_collectivite_id))))
                .order_by(Registration.id)))
    else:
        people = [request.from_registration] + ([request.to_registration] if request.to_registration else [])
    return _with_heads([person for person in people if person is not None])


def queue_request_mail(request: MeetingRequest, kind: str) -> None:
    for registration in concerned(request, kind):
        if registration.person.email:
            _queue(registration, request, kind)


def _queue(registration: Registration, request: MeetingRequest, kind: str) -> None:
    language = registration.language or "fr"
    with force_locale(language):
        event_title = localized(request.event, "title", language)
        origin, target = who(request.from_registration), target_label(request)
        subjects = {
            "requested": _("Meeting request from %(who)s", who=origin),
            "accepted": _("Meeting accepted: %(a)s and %(b)s", a=origin, b=target),
            "declined": _("Meeting request declined: %(a)s and %(b)s", a=origin, b=target),
            "cancelled": _("Meeting cancelled: %(a)s and %(b)s", a=origin, b=target),
            "protocol": _("Meeting arranged by the organisers: %(a)s and %(b)s", a=origin, b=target),
        }
        leads = {
            "requested": _("%(who)s asks to meet %(target)s at %(event)s.", who=origin, target=target,
                           event=event_title),
            "accepted": _("The meeting of %(a)s and %(b)s at %(event)s is accepted. Its time and table will be "
                          "on your private page once the organisers publish the schedule.",
                          a=origin, b=target, event=event_title),
            "declined": _("The request of %(a)s to meet %(b)s at %(event)s was declined.",
                          a=origin, b=target, event=event_title),
            "cancelled": _("The meeting of %(a)s and %(b)s at %(event)s is cancelled.",
                           a=origin, b=target, event=event_title),
            "protocol": _("The organisers of %(event)s have arranged a meeting of %(a)s and %(b)s.",
                          a=origin, b=target, event=event_title),
        }
        lines = [leads[kind], ""]
        if kind in ("requested", "protocol") and request.message:
            lines += [_("Message:"), request.message, ""]
        if kind in ("declined", "cancelled") and request.reason:
            lines += [_("Reason: %(reason)s", reason=request.reason), ""]
        if kind == "requested":
            lines.append(_("Accept or decline it on your private page:"))
        else:
            lines.append(_("Your requests and meetings are on your private page:"))
        lines.append(external_url("registration.manage", token=registration.manage_token, lang=language))
        body = "\n".join(lines)
        subject = subjects[kind]
    enqueue(registration.person.email or "", subject, body, language=language)
