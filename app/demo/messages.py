"""Demo data of messages to registrants and reminders: the coming RAICT 2027's reminders (a week and a day
before, with each person's agenda and practical information) and one message sent to its confirmed registrants.

Idempotent like the rest of the demo: the rules are written only when the event has none, the message only
when the event has no message yet.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.communications.compose import MessageTemplate
from app.communications.messages import Draft, send_message
from app.communications.messages_filters import RecipientFilter
from app.communications.messages_models import MessageKind, RegistrantMessage, ReminderRule
from app.core.extensions import db
from app.events.models import Event

PRACTICAL_FR = ("Accueil à partir de 8 h 30, entrée principale. Pensez à votre badge (joint à votre confirmation) "
                "et à une pièce d'identité.")
PRACTICAL_EN = "Reception opens at 8:30am at the main entrance. Bring your badge (attached to your confirmation) and an ID."
EVENT_SLUG = "raict-2027"
TEMPLATE = MessageTemplate(
    subject_fr="{event_title} : le programme est en ligne",
    body_fr="Bonjour {given_name},\n\nLe programme des ateliers est en ligne ; choisissez les vôtres depuis votre "
            "page personnelle :\n{private_link}\n\nÀ bientôt à {event_place}.",
    subject_en="{event_title}: the programme is online",
    body_en="Dear {given_name},\n\nThe workshops' programme is online; choose yours from your private page:\n"
            "{private_link}\n\nSee you soon in {event_place}.")


def ensure_messages() -> None:
    event = db.session.scalar(sa.select(Event).where(Event.slug == EVENT_SLUG))
    if event is None:
        return
    has_rules = db.session.scalar(sa.select(ReminderRule.id).where(ReminderRule.event_id == event.id).limit(1))
    if has_rules is None:
        db.session.add_all([
            ReminderRule(event_id=event.id, minutes_before=7 * 24 * 60, with_agenda=True, practical_fr=PRACTICAL_FR,
                         practical_en=PRACTICAL_EN),
            ReminderRule(event_id=event.id, minutes_before=24 * 60, with_agenda=True, practical_fr=PRACTICAL_FR,
                         practical_en=PRACTICAL_EN)])
    has_message = db.session.scalar(sa.select(RegistrantMessage.id).where(RegistrantMessage.event_id == event.id)
                                    .limit(1))
    if has_message is None:
        draft = Draft(MessageKind.GENERAL, TEMPLATE, RecipientFilter())  # the confirmed registrants
        send_message(event, draft, actor="system", sent_by="organisation@example.fr")
    db.session.flush()
