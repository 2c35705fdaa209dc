"""Shared helpers of the communications tests."""
from __future__ import annotations

from app.communications.models import Contact
from app.core.extensions import db


def make_contact(email: str, **fields) -> Contact:
    defaults = dict(given_name="Lan", family_name=email.split("@")[0].title(), language="fr", is_member=False)
    contact = Contact(email=email, **(defaults | fields))
    db.session.add(contact)
    db.session.flush()
    return contact
