"""The development outbox page: under `flask start` organisers read the mails the app queued."""
from __future__ import annotations

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from app.auth.models import Role
from app.registration import mails
from app.registration.models import RegistrationStatus
from tests.backoffice.helpers import login_as
from tests.factories import make_event, make_person, make_registration

PARIS = ZoneInfo("Europe/Paris")


def confirmed_registration_mail(db):
    event = make_event(title_fr="Rencontres franco-japonaises", title_en="French-Japanese meetings",
                       starts_at=datetime(2027, 6, 8, 9, 0, tzinfo=PARIS), ends_at=datetime(2027, 6, 10, 13, 0, tzinfo=PARIS))
    person = make_person(given_name="Hanako", family_name="Yamada", email="hanako.yamada@example.jp")
    registration = make_registration(event, person, status=RegistrationStatus.CONFIRMED, language="fr")
    message = mails.queue_mail(registration, "confirmed")
    db.session.commit()
    return message


def test_organiser_reads_each_queued_mail_on_the_outbox_page(app, client, db):
    app.config["MAIL_OUTBOX_PAGE"] = True
    message = confirmed_registration_mail(db)
    login_as(client, db, Role.ORGANISER)
    dashboard = client.get("/organiser/").get_data(as_text=True)
    assert 'href="/organiser/outbox/"' in dashboard
    listing = html.unescape(client.get("/organiser/outbox/?lang=fr").get_data(as_text=True))
    row = re.search(rf'<tr id="mail-{message.id}">(.*?)</tr>', listing, re.S).group(1)
    assert "hanako.yamada@example.jp" in row and message.subject in row and "En attente d’envoi" in row
    assert re.search(r"\d{1,2} \w+\.? \d{4}, \d{2}:\d{2}", row)  # when it was queued, by the one date formatter
    page = html.unescape(client.get(f"/organiser/outbox/{message.id}?lang=fr").get_data(as_text=True))
    assert "Hello" not in page and "Bonjour Hanako Yamada" in page
    assert "8 juin 2027, 09:00 – 10 juin 2027, 13:00 (heure de Paris)" in page
    assert ".ics" in page  # the agenda it carries


def test_admin_may_read_the_outbox_but_desk_accounts_and_visitors_may_not(app, client, db):
    app.config["MAIL_OUTBOX_PAGE"] = True
    message = confirmed_registration_mail(db)
    anonymous = client.get("/organiser/outbox/")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    login_as(client, db, Role.DESK)
    assert client.get("/organiser/outbox/").status_code == 403
    assert client.get(f"/organiser/outbox/{message.id}").status_code == 403
    admin = app.test_client()
    login_as(admin, db, Role.ADMIN)
    assert admin.get(f"/organiser/outbox/{message.id}").status_code == 200


def test_outbox_page_is_off_unless_turned_on(app, client, db):
    assert not app.config["MAIL_OUTBOX_PAGE"]
    message = confirmed_registration_mail(db)
    login_as(client, db, Role.ORGANISER)
    assert client.get("/organiser/outbox/").status_code == 404
    assert client.get(f"/organiser/outbox/{message.id}").status_code == 404
    assert "/organiser/outbox/" not in client.get("/organiser/").get_data(as_text=True)
