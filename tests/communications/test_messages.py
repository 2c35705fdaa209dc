"""Messages to registrants: the filters, the reason named in each mail, bulk versus transactional, the
organiser's editor (count, preview, test, send, kept and listed) and the head of delegation's, against a
real SMTP server (aiosmtpd)."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.communications.compose import MessageTemplate
from app.communications.messages import Draft, MessageError, send_message
from app.communications.messages_filters import RecipientFilter, count_recipients, recipients
from app.communications.messages_models import MessageKind, RegistrantMessage
from app.core.extensions import db
from app.mail.models import OutboxMessage, OutboxStatus
from app.mail.outbox import send_due
from app.mail.suppression import opt_out
from app.registration.models import DelegationSide, RegistrationCategory, RegistrationStatus
from tests.backoffice.helpers import login_as
from tests.communications.helpers import build_world
from tests.conftest import csrf_token_from
from tests.mail.conftest import smtp_server  # noqa: F401  (the fixture)

TEMPLATE = MessageTemplate(subject_fr="Salle changée", body_fr="Bonjour {given_name},\nNouvelle salle.\n{private_link}",
                           subject_en="Room changed", body_en="Dear {given_name},\nNew room.\n{private_link}")


def names(found) -> list[str]:
    return sorted(registration.person.given_name for registration in found)


def test_each_filter_finds_its_registrations(app):
    world = build_world()
    event, first_day = world.event, world.event.starts_at.astimezone(world.event.zone).date()
    cases = {
        RecipientFilter(): ["Anne", "Lan", "Léa", "Marc"],
        RecipientFilter(statuses=(RegistrationStatus.WAITLISTED,)): ["Paul"],
        RecipientFilter(statuses=(RegistrationStatus.CANCELLED,)): ["Zoé"],
        RecipientFilter(statuses=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
                        session_id=world.workshop.id): ["Marc", "Paul"],
        RecipientFilter(delegation_id=world.french.id): ["Anne", "Marc"],
        RecipientFilter(side=DelegationSide.PARTNER): ["Lan"],
        RecipientFilter(category=RegistrationCategory.SPEAKER): ["Lan"],
        RecipientFilter(language="en"): ["Lan"],
        RecipientFilter(checked_in=True): ["Marc"],
        RecipientFilter(checked_in=False, day=first_day): ["Anne", "Lan", "Léa"],
        RecipientFilter(day=world.other_workshop.starts_at.astimezone(event.zone).date()): ["Léa"],
    }
    for chosen, expected in cases.items():
        assert names(recipients(event, chosen)) == expected, chosen
        assert count_recipients(event, chosen) == len(expected)
        assert RecipientFilter.from_dict(chosen.as_dict()) == chosen


def test_each_mail_names_the_workshop_as_its_reason_in_the_readers_language(app, smtp_server):  # noqa: F811
    world = build_world()
    draft = Draft(MessageKind.SESSION_CHANGE, TEMPLATE, RecipientFilter(
        statuses=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED), session_id=world.workshop.id))
    message = send_message(world.event, draft, actor="test", sent_by="orga@example.org")
    db.session.commit()
    assert send_due().sent == 2
    by_address = {mail["To"]: mail for mail in smtp_server.messages}
    assert set(by_address) == {"marc@example.fr", "paul@example.fr"}
    marc = by_address["marc@example.fr"].get_body(("plain",)).get_content()
    assert "Bonjour Marc," in marc and "vous êtes inscrit à l'atelier « Atelier 4 : climat »" in marc
    assert world.member.manage_token in marc  # the private page link, as a merge field
    assert message.recipients_count == 2 and message.reason_en.startswith("you are registered to the workshop")
    assert "List-Unsubscribe" not in by_address["marc@example.fr"]  # a change to their own session: transactional


def test_a_general_message_skips_opted_out_addresses_and_a_session_change_does_not(app, smtp_server):  # noqa: F811
    world = build_world()
    opt_out("marc@example.fr", actor="test", how="page")
    db.session.commit()
    chosen = RecipientFilter(session_id=world.workshop.id, statuses=(RegistrationStatus.CONFIRMED,))
    news = send_message(world.event, Draft(MessageKind.GENERAL, TEMPLATE, chosen), actor="test", sent_by="o")
    change = send_message(world.event, Draft(MessageKind.SESSION_CHANGE, TEMPLATE, chosen), actor="test", sent_by="o")
    db.session.commit()
    statuses = dict(list(db.session.execute(sa.select(OutboxMessage.stream, OutboxMessage.status))))
    assert statuses == {news.stream: OutboxStatus.SUPPRESSED, change.stream: OutboxStatus.PENDING}
    send_due()
    assert [mail["Subject"] for mail in smtp_server.messages] == ["Salle changée"]


def test_a_general_message_carries_the_opt_out_headers(app, smtp_server):  # noqa: F811
    world = build_world()
    send_message(world.event, Draft(MessageKind.GENERAL, TEMPLATE, RecipientFilter(language="en")), actor="t", sent_by="o")
    db.session.commit()
    send_due()
    [mail] = smtp_server.messages
    assert mail["To"] == "lan@example.vn" and mail["Subject"] == "Room changed" and mail["List-Unsubscribe"]
    assert "You receive this message because you are registered to French-Vietnamese Assises." in \
        mail.get_body(("plain",)).get_content()


def test_a_session_change_must_name_a_workshop_and_unknown_fields_are_refused(app):
    world = build_world()
    with pytest.raises(MessageError) as refused:
        send_message(world.event, Draft(MessageKind.SESSION_CHANGE, TEMPLATE, RecipientFilter()), actor="t", sent_by="o")
    assert "choisissez l'atelier" in str(refused.value)
    bad = MessageTemplate(subject_fr="Bonjour", body_fr="{prenom}")
    with pytest.raises(MessageError, match="prenom"):
        send_message(world.event, Draft(MessageKind.GENERAL, bad, RecipientFilter()), actor="t", sent_by="o")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RegistrantMessage)) == 0


def form_fields(**values) -> dict:
    return {"statuses": ["confirmed"], "kind": "general", "session": "", "delegation": "", "side": "", "category": "",
            "language": "", "checked_in": "", "day": "", "subject_fr": "Informations pratiques",
            "body_fr": "Bonjour {given_name}, voici votre page : {private_link}", "subject_en": "", "body_en": ""} | values


def test_an_organiser_counts_previews_tests_sends_and_finds_the_message_listed(client, db, smtp_server):  # noqa: F811
    world = build_world()
    db.session.commit()
    user = login_as(client, db)
    url = f"/organiser/events/{world.event.slug}/messages/new"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    fields = form_fields(delegation=str(world.french.id), csrf_token=token)

    preview = client.post(url, data=fields | {"action": "preview"}).get_data(as_text=True)
    assert re.search(r'class="recipients-count">2<', preview) and "Bonjour Anne, voici votre page" in preview
    assert "vous êtes membre de la délégation Région Centre" in preview

    tested = client.post(url, data=fields | {"action": "test", "preview_as": str(world.member.id)})
    assert tested.status_code == 200
    send_due()
    [test_mail] = smtp_server.messages
    assert test_mail["To"] == user.email and test_mail["Subject"] == "[Test] Informations pratiques"
    assert "Bonjour Marc" in test_mail.get_body(("plain",)).get_content()

    stale = client.post(url, data=fields | {"action": "send", "shown_count": "5"})
    assert stale.status_code == 409 and db.session.scalar(sa.select(sa.func.count()).select_from(RegistrantMessage)) == 0
    sent = client.post(url, data=fields | {"action": "send", "shown_count": "2"})
    assert sent.status_code == 303
    send_due()
    assert sorted(mail["To"] for mail in smtp_server.messages[1:]) == ["anne@example.fr", "marc@example.fr"]
    listing = client.get(f"/organiser/events/{world.event.slug}/messages").get_data(as_text=True)
    assert "Informations pratiques" in listing and user.email in listing
    detail = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "marc@example.fr" in detail and 'data-status="sent"' in detail


def test_a_bad_form_is_a_clear_message_never_a_500(client, db):
    world = build_world()
    db.session.commit()
    login_as(client, db)
    url = f"/organiser/events/{world.event.slug}/messages/new"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    unknown_field = client.post(url, data=form_fields(body_fr="{prenom}", csrf_token=token, action="send",
                                                      shown_count="4"))
    assert unknown_field.status_code == 400 and "prenom" in unknown_field.get_data(as_text=True)
    bad_values = client.post(url, data=form_fields(session="999999", day="not a day", csrf_token=token))
    assert bad_values.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_a_head_of_delegation_writes_to_their_own_members_only(client, db, smtp_server):  # noqa: F811
    world = build_world()
    db.session.commit()
    url = f"/delegations/{world.french.manage_token}/messages"
    page = client.get(url).get_data(as_text=True)
    assert client.get(f"/delegations/{world.french.manage_token}").get_data(as_text=True).count(url) == 1  # linked
    fields = {"csrf_token": csrf_token_from(page), "statuses": ["confirmed", "waitlisted"], "subject_fr": "Départ",
              "body_fr": "Rendez-vous à 7 h, {given_name}.", "subject_en": "", "body_en": "",
              "delegation": str(world.partner.id), "session": str(world.workshop.id)}  # not fields of this form
    preview = client.post(url, data=fields | {"action": "preview"}).get_data(as_text=True)
    assert re.search(r'class="recipients-count">2<', preview)
    sent = client.post(url, data=fields | {"action": "send", "shown_count": "2"})
    assert sent.status_code == 303
    send_due()
    assert sorted(mail["To"] for mail in smtp_server.messages) == ["anne@example.fr", "marc@example.fr"]
    message = db.session.scalar(sa.select(RegistrantMessage))
    assert message.sender == "head_of_delegation" and message.delegation_id == world.french.id
    assert client.get(f"/delegations/{'x' * 43}/messages").status_code == 404


def test_a_persons_export_lists_the_messages_they_received_and_erasure_leaves_no_address(app):
    from app.registration.privacy import erase_person, export_person

    world = build_world()
    send_message(world.event, Draft(MessageKind.GENERAL, TEMPLATE, RecipientFilter(delegation_id=world.french.id)),
                 actor="t", sent_by="Anne", delegation=world.french)
    db.session.commit()
    [received] = export_person(world.member.person)["registrant_messages"]
    assert received["subject_fr"] == "Salle changée" and received["address"] == "marc@example.fr"
    erase_person(world.head.person)
    erase_person(world.member.person)
    db.session.commit()
    from app.communications.messages_models import RegistrantMessageRecipient

    assert set(db.session.scalars(sa.select(RegistrantMessageRecipient.address))) == {"Anonymised"}
    assert db.session.scalar(sa.select(RegistrantMessage.sent_by)) == "Anonymised"
