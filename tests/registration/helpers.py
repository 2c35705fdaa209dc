"""Shared helpers for registration tests."""
from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from app.events.models import EventStatus
from app.mail.models import OutboxMessage
from app.people.operations import PersonData
from app.registration.models import Registration
from app.registration.operations import RegistrationDetails, register
from tests.conftest import csrf_token_from
from tests.factories import make_event, make_session


def open_event(**fields):
    return make_event(status=EventStatus.REGISTRATION_OPEN, **fields)


def workshop(event, hours: int = 1, **fields):
    return make_session(event, starts_at=event.starts_at + timedelta(hours=hours), **fields)


def form_data(**overrides) -> dict:
    data = {"given_name": "Camille", "family_name": "Durand", "email": "camille.durand@example.org",
            "country": "FR", "language": "fr", "collectivite_id": "0", "consent": "y",
            "new_collectivite_type": "commune"}
    return data | overrides


def register_url(event) -> str:
    return f"/{event.kind.url_prefix}/{event.slug}/register"


def post_registration(client, event, data: dict, query: str = ""):
    page = client.get(register_url(event) + query).get_data(as_text=True)
    return client.post(register_url(event) + query, data={**data, "csrf_token": csrf_token_from(page)})


PRIVATE_LINK = re.compile(r"https?://[^/\s]+(/registration/[A-Za-z0-9_-]+)")


def mailed_link(db, email: str) -> str:
    """The path of the private link in the latest mail to this address (how its owner, and only they, gets it)."""
    from app.core.text import normalise_email

    db.session.expire_all()
    for message in reversed(outbox(db)):
        if normalise_email(message.to_address) == normalise_email(email):
            found = PRIVATE_LINK.search(message.text_body)
            if found:
                return found.group(1)
    raise AssertionError(f"no mail with a private link to {email}")


def open_mailed_link(client, path: str):
    """What the address's owner does with the mailed link: open it and, where it asks, press "Confirm"
    (opening it alone confirms nothing). The last response."""
    from tests.conftest import csrf_token_from

    response = client.get(path)
    page = response.get_data(as_text=True)
    if response.status_code == 200 and 'action="' + path.split("?")[0] + '/confirm"' in page:
        response = client.post(path.split("?")[0] + "/confirm", data={"csrf_token": csrf_token_from(page)})
    return response


def register_by_mail(client, event, data: dict, query: str = "", db=None):
    """Fill in the form, then open the link mailed to the address (the mailbox proof): the link's response."""
    from app.core.extensions import db as database

    response = post_registration(client, event, data, query)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return open_mailed_link(client, mailed_link(db or database, data["email"]))


def register_someone(event, email: str, sessions=(), language: str = "fr") -> Registration:
    data = PersonData(given_name="Alex", family_name=email.split("@")[0], country="FR", email=email)
    return register(event, data, list(sessions), RegistrationDetails(language=language))


def registrations(db) -> list[Registration]:
    return list(db.session.scalars(sa.select(Registration).order_by(Registration.id)))


def outbox(db) -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def registration_mails(db) -> list[OutboxMessage]:
    """The outbox without the mails that confirm an address (``claim-…``)."""
    return [message for message in outbox(db) if not (message.dedupe_key or "").startswith("claim-")]
