"""Invitation campaigns: each contact's language, the personal registration link (name only, signed, until the
event ends, linked to the registration after the mailbox proof), queueing once, progress, pause and resume,
tracking without pixels, and delivery to a real SMTP server."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa

from app.auth.models import Role
from app.communications import campaigns
from app.communications.campaigns import CampaignData, CampaignError
from app.communications.models import Campaign, CampaignStatus, Invitation
from app.core.db import utcnow
from app.mail.models import OutboxMessage, OutboxStatus
from app.mail.outbox import send_due
from app.registration.models import Registration
from tests.backoffice.helpers import login_as
from tests.communications.helpers import make_contact
from tests.conftest import csrf_token_from
from tests.factories import make_collectivite
from tests.mail.conftest import smtp_server  # noqa: F401  (the fixture)
from tests.registration.helpers import mailed_link, open_event, open_mailed_link, post_registration, register_someone

DATA = CampaignData(
    name="Invitation", audience={"kind": "all"},
    subject_fr="Invitation : {event_title}",
    body_fr="Bonjour {honorific} {given_name} {family_name} ({collectivite}),\n{event_title}, {event_dates}, "
            "{event_place}.\nInscription : {registration_link}",
    subject_en="Invitation: {event_title}",
    body_en="Dear {given_name},\n{event_title}, {event_dates}, {event_place}.\nRegister: {registration_link}")


def setup(db, **event_fields):
    event = open_event(title_fr="Rencontres de Lyon", title_en="Lyon Meetings", **event_fields)
    hanoi = make_collectivite(name="Ville de Hanoï", country="VN")
    lan = make_contact("lan@hanoi.vn", given_name="Lan", family_name="Nguyen", honorific="Mme", language="en",
                       collectivite_id=hanoi.id, country="VN")
    marie = make_contact("marie@lyon.fr", given_name="Marie", family_name="Curie", language="fr", country="FR")
    db.session.commit()
    return event, lan, marie


def queued(db, app, event, data=DATA):
    with app.test_request_context():
        campaign = campaigns.save_campaign(event, data, actor="test")
        count = campaigns.queue_campaign(campaign, actor="test")
        db.session.commit()
    return campaign, count


def mails(db) -> dict[str, OutboxMessage]:
    db.session.expire_all()
    return {message.to_address: message for message in db.session.scalars(sa.select(OutboxMessage))}


def link_of(message: OutboxMessage) -> str:
    url = next(word for word in message.text_body.split() if "invite=" in word)
    return url


def test_queue_campaign_each_contact_in_their_language_with_merge_fields(app, db):
    event, lan, marie = setup(db)
    campaign, count = queued(db, app, event)
    assert count == 2
    sent = mails(db)
    english, french = sent["lan@hanoi.vn"], sent["marie@lyon.fr"]
    assert english.subject == "Invitation: Lyon Meetings" and english.language == "en"
    assert english.text_body.startswith("Dear Lan,\nLyon Meetings, ")
    assert french.subject == "Invitation : Rencontres de Lyon"
    assert french.text_body.startswith("Bonjour  Marie Curie (),\nRencontres de Lyon, ")
    assert "Paris, Cité des Sciences" in french.text_body
    assert english.bulk and english.stream == f"campaign-{campaign.id}" and english.html_body
    invitations = db.session.scalars(sa.select(Invitation).order_by(Invitation.contact_id)).all()
    assert [(invitation.contact_id, invitation.language) for invitation in invitations] == [(lan.id, "en"),
                                                                                            (marie.id, "fr")]
    assert all(invitation.outbox_message_id for invitation in invitations)


def test_queue_campaign_english_missing_falls_back_to_french(app, db):
    event, _lan, _marie = setup(db)
    french_only = CampaignData(name="FR", audience={"kind": "all"}, subject_fr="Invitation", body_fr="Bonjour {given_name}")
    queued(db, app, event, french_only)
    assert mails(db)["lan@hanoi.vn"].text_body == "Bonjour Lan\n"


def test_queue_campaign_twice_queues_once(app, db):
    event, _lan, _marie = setup(db)
    campaign, _count = queued(db, app, event)
    with app.test_request_context():
        try:
            campaigns.queue_campaign(db.session.get(Campaign, campaign.id), actor="test")
        except CampaignError:
            db.session.rollback()
        else:
            raise AssertionError("queued twice")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 2


def test_save_campaign_unknown_field_refused(app, db):
    event, _lan, _marie = setup(db)
    with app.test_request_context():
        bad = CampaignData(name="x", audience={"kind": "all"}, subject_fr="s", body_fr="Hello {nickname}")
        try:
            campaigns.save_campaign(event, bad)
        except CampaignError as error:
            assert "nickname" in str(error)
        else:
            raise AssertionError("saved")


def test_personal_link_prefills_name_only(app, client, db):
    event, lan, _marie = setup(db)
    queued(db, app, event)
    url = link_of(mails(db)["lan@hanoi.vn"])
    path = urlsplit(url).path + "?" + urlsplit(url).query
    page = client.get(path).get_data(as_text=True)
    assert 'value="Lan"' in page and 'value="Nguyen"' in page
    assert "lan@hanoi.vn" not in page and "Hanoï" not in page.split("<select")[0] and 'value="Mme"' not in page


def test_personal_link_forged_or_other_event_or_after_event_prefills_nothing(app, client, db):
    event, _lan, _marie = setup(db)
    other = open_event()
    queued(db, app, event)
    url = link_of(mails(db)["lan@hanoi.vn"])
    token = parse_qs(urlsplit(url).query)["invite"][0]
    for path in (f"{urlsplit(url).path}?invite={token[:-2]}xx", f"/raict/{other.slug}/register?invite={token}",
                 f"{urlsplit(url).path}?invite=" + "a" * 5000):
        assert 'value="Lan"' not in client.get(path).get_data(as_text=True)
    event.ends_at = utcnow() - timedelta(minutes=1)
    event.starts_at = utcnow() - timedelta(days=1)
    db.session.commit()
    with app.test_request_context():
        assert campaigns.invitation_prefill(event, token) is None


def test_registering_through_personal_link_links_invitation_after_mailbox_proof(app, client, db):
    event, lan, _marie = setup(db)
    campaign, _count = queued(db, app, event)
    url = link_of(mails(db)["lan@hanoi.vn"])
    query = "?" + urlsplit(url).query
    from tests.registration.helpers import form_data

    page = client.get(urlsplit(url).path + query).get_data(as_text=True)
    token = parse_qs(urlsplit(url).query)["invite"][0]
    assert f'value="{token}"' in page  # carried by the form
    data = form_data(given_name="Lan", family_name="Nguyen", email="lan.private@example.org", invite=token)
    assert post_registration(client, event, data, query).status_code == 200
    invitation = db.session.scalar(sa.select(Invitation).where(Invitation.contact_id == lan.id))
    assert invitation.registration_id is None  # nothing before the mailbox proof
    open_mailed_link(client, mailed_link(db, "lan.private@example.org"))
    db.session.expire_all()
    invitation = db.session.scalar(sa.select(Invitation).where(Invitation.contact_id == lan.id))
    registration = db.session.scalar(sa.select(Registration))
    assert (invitation.registration_id, invitation.via) == (registration.id, "link")
    with app.test_request_context():
        [conversion] = campaigns.conversions(event)
    assert (conversion.campaign.id, conversion.invited, conversion.by_link, conversion.by_address) == (campaign.id, 2, 1, 0)


def test_registering_with_same_address_counts_as_conversion(app, client, db):
    event, _lan, marie = setup(db)
    queued(db, app, event)
    register_someone(event, "marie@lyon.fr")  # e.g. registered by an organiser
    db.session.commit()
    with app.test_request_context():
        [conversion] = campaigns.conversions(event)
    assert (conversion.invited, conversion.by_link, conversion.by_address, round(conversion.rate, 2)) == (2, 0, 1, 0.5)


def test_not_registered_audience_for_reminder(app, db):
    event, lan, marie = setup(db)
    campaign, _count = queued(db, app, event)
    register_someone(event, "marie@lyon.fr")
    db.session.commit()
    with app.test_request_context():
        reminder = campaigns.remind_not_registered(campaign, actor="test")
        assert [contact.id for contact in campaigns.sample_recipients(reminder)] == [lan.id]
        assert campaigns.queue_campaign(reminder) == 1


def test_schedule_then_queue_due_queues_once(app, db):
    event, _lan, _marie = setup(db)
    with app.test_request_context():
        campaign = campaigns.save_campaign(event, DATA)
        campaigns.schedule(campaign, utcnow() + timedelta(hours=1))
        db.session.commit()
        assert campaigns.queue_due() == []
        assert campaigns.queue_due(utcnow() + timedelta(hours=2)) == [(campaign.id, 2)]
        assert campaigns.queue_due(utcnow() + timedelta(hours=2)) == []
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.QUEUED


def test_progress_pause_resume_and_delivery_with_unsubscribe_headers(app, db, smtp_server):  # noqa: F811
    event, _lan, _marie = setup(db)
    campaign, _count = queued(db, app, event)
    with app.test_request_context():
        campaigns.pause(campaign)
        db.session.commit()
        send_due(limit=50)
        db.session.commit()
        progress = campaigns.progress(campaign)
        assert (progress.total, progress.sent, progress.waiting, progress.paused) == (2, 0, 2, True)
        campaigns.resume(campaign)
        db.session.commit()
        send_due(limit=50)
        db.session.commit()
        progress = campaigns.progress(campaign)
    assert (progress.sent, progress.waiting, progress.paused, progress.percent) == (2, 0, False, 100)
    received = {message["To"]: message for message in smtp_server.messages}
    assert set(received) == {"lan@hanoi.vn", "marie@lyon.fr"}
    assert received["lan@hanoi.vn"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "invite=" in received["lan@hanoi.vn"].get_body(("plain",)).get_content()


def test_opted_out_contact_is_suppressed_not_sent(app, db):
    from app.mail.suppression import opt_out

    event, _lan, _marie = setup(db)
    with app.test_request_context():
        opt_out("marie@lyon.fr", actor="test", how="link")
        db.session.commit()
    campaign, _count = queued(db, app, event)
    assert mails(db)["marie@lyon.fr"].status == OutboxStatus.SUPPRESSED
    with app.test_request_context():
        assert campaigns.progress(campaign).suppressed == 1


def test_campaign_pages_send_test_send_now_and_chart(app, client, db):
    event, _lan, marie = setup(db)
    user = login_as(client, db, Role.ORGANISER)
    base = f"/organiser/events/{event.slug}/campaigns"
    page = client.get(base + "/new").get_data(as_text=True)
    response = client.post(base + "/new", data={
        "csrf_token": csrf_token_from(page), "name": "Invitation", "audience_id": "-1",
        "subject_fr": DATA.subject_fr, "body_fr": DATA.body_fr, "subject_en": DATA.subject_en, "body_en": DATA.body_en})
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    campaign = db.session.scalar(sa.select(Campaign))
    editor = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dear Lan," in editor or "Bonjour" in editor
    assert "2 contacts" in editor
    as_marie = client.get(f"{base}/{campaign.id}/preview?as={marie.id}").get_data(as_text=True)
    assert "Bonjour  Marie Curie" in as_marie
    token = csrf_token_from(editor)
    assert client.post(f"{base}/{campaign.id}/test", data={"csrf_token": token, "as": marie.id}).status_code == 303
    test_mail = mails(db)[user.email]
    assert test_mail.subject.startswith("[Test]") and "Marie Curie" in test_mail.text_body and not test_mail.bulk
    assert client.post(f"{base}/{campaign.id}/send", data={"csrf_token": token}).status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 2
    register_someone(event, "marie@lyon.fr")
    db.session.commit()
    listing = client.get(base).get_data(as_text=True)
    assert '<svg class="conversion-chart"' in listing and "50 %" in listing
    assert f'data-campaign="{campaign.id}"' in listing
    progress = client.get(f"{base}/{campaign.id}").get_data(as_text=True)
    assert "<progress" in progress
    assert client.post(f"{base}/{campaign.id}/pause", data={"csrf_token": token}).status_code == 303
    paused = client.get(f"{base}/{campaign.id}").get_data(as_text=True)
    assert f'action="{base}/{campaign.id}/resume"' in paused and f"{base}/{campaign.id}/pause" not in paused


def test_campaign_of_another_event_is_404(app, client, db):
    event, _lan, _marie = setup(db)
    other = open_event()
    campaign, _count = queued(db, app, event)
    login_as(client, db, Role.ORGANISER)
    assert client.get(f"/organiser/events/{other.slug}/campaigns/{campaign.id}").status_code == 404


def test_contact_page_history_shows_invitation_registration_and_attendance(app, client, db):
    event, _lan, marie = setup(db)
    queued(db, app, event)
    registration = register_someone(event, "marie@lyon.fr")
    registration.attended_at = utcnow()
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    page = client.get(f"/organiser/contacts/{marie.id}?lang=en").get_data(as_text=True)
    row = page.split(f'data-event="{event.slug}"')[1].split("</tr>")[0]
    assert "Invitation (" in row and "Confirmed" in row and "attended" in row


def test_rate_limit_set_from_campaign_page_and_refused_when_absurd(app, client, db):
    from app.mail.streams import stream_rate

    event, _lan, _marie = setup(db)
    campaign, _count = queued(db, app, event)
    login_as(client, db, Role.ORGANISER)
    url = f"/organiser/events/{event.slug}/campaigns/{campaign.id}"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    assert client.post(url + "/rate", data={"csrf_token": token, "per_minute": "30"}).status_code == 303
    assert stream_rate(campaign.stream) == 30
    assert 'value="30"' in client.get(url).get_data(as_text=True)
    assert client.post(url + "/rate", data={"csrf_token": token, "per_minute": "-5"}).status_code == 303
    assert stream_rate(campaign.stream) == 30
    assert client.post(url + "/rate", data={"csrf_token": token, "per_minute": ""}).status_code == 303
    db.session.expire_all()
    assert stream_rate(campaign.stream) is None


def test_queue_due_command_queues_scheduled_campaign_once(app, cli, db):
    event, _lan, _marie = setup(db)
    with app.test_request_context():
        campaign = campaigns.save_campaign(event, DATA)
        campaigns.schedule(campaign, utcnow() + timedelta(seconds=1))
        db.session.commit()
    campaign.scheduled_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    first = cli.invoke(args=["campaigns", "queue-due"])
    assert first.exit_code == 0 and f"campaign {campaign.id}: 2 mails queued" in first.output
    second = cli.invoke(args=["campaigns", "queue-due"])
    assert "0 campaigns queued" in second.output
    english = mails(db)["lan@hanoi.vn"]
    assert "Sept" in english.text_body or "Sep" in english.text_body  # the dates in English without a request
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 2


def test_campaign_actions_bad_input_never_500(app, client, db):
    event, _lan, _marie = setup(db)
    with app.test_request_context():
        campaign = campaigns.save_campaign(event, DATA)
        db.session.commit()
    login_as(client, db, Role.ORGANISER)
    url = f"/organiser/events/{event.slug}/campaigns/{campaign.id}"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    assert client.post(url + "/test", data={"csrf_token": token, "as": str(2**63)}).status_code == 303
    for when in ("9999-12-31T23:59", "0001-01-01T00:00", "not a date", "2030-03-31T02:30"):
        assert client.post(url + "/schedule", data={"csrf_token": token, "send_at": when}).status_code == 303
    assert client.get(url + f"?as={2**63}").status_code == 200
    assert client.get(url + "/preview?as=-1").status_code == 200
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.DRAFT
