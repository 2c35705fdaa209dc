"""Issue 13, registration: workshops grouped by time slot with a clash explained in its slot (by title and
time), each workshop's status on the thanks and private pages, correcting one's details from the private link."""
from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.registration.models import ChoiceStatus, RegistrationStatus
from tests.conftest import csrf_token_from
from tests.factories import make_session
from tests.registration.helpers import (
    form_data,
    open_event,
    post_registration,
    register_someone,
    register_url,
    registrations,
    workshop,
)


def fieldsets(page: str) -> list[str]:
    return re.findall(r'<fieldset class="slot[^"]*".*?</fieldset>', page, flags=re.S)


def test_workshops_are_grouped_by_time_slot_on_the_form(client, db):
    event = open_event()
    morning_a = workshop(event, hours=1, title_en="Water")
    morning_b = workshop(event, hours=1, title_en="Energy")
    afternoon = workshop(event, hours=5, title_en="Youth")
    db.session.commit()
    slots = fieldsets(client.get(register_url(event) + "?lang=en").get_data(as_text=True))
    assert len(slots) == 2
    assert f'value="{morning_a.id}"' in slots[0] and f'value="{morning_b.id}"' in slots[0]
    assert "choose one of them at most" in slots[0]
    assert f'value="{afternoon.id}"' in slots[1] and "choose one of them at most" not in slots[1]
    assert re.search(r"<legend>[^<]*2030, 10:00–11:30</legend>", slots[0])  # the day and times, in the event's zone
    assert ">Water (10:00–11:30)</label>" in slots[0]


def test_a_clash_is_explained_in_its_slot_by_title_and_time_not_at_the_top(client, db):
    event = open_event()
    first = workshop(event, hours=1, title_en="Water", title_fr="Eau")
    second = workshop(event, hours=1, title_en="Energy", title_fr="Énergie")
    later = workshop(event, hours=5)
    db.session.commit()
    response = post_registration(client, event, form_data(sessions=[str(first.id), str(second.id), str(later.id)]),
                                 query="?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and registrations(db) == []
    clash, other = fieldsets(page)
    message = re.compile(r"“Water” \([^)]*2030, 10:00–11:30\) and “Energy” \([^)]*2030, 10:00–11:30\) "
                         r"take place at the same time: choose only one of them\.")
    assert message.search(clash) and 'class="slot has-error"' in clash and not message.search(other)
    assert "conflict-box" not in page  # not a box at the top of the form
    assert f"#{first.id}" not in page and f"session {first.id}" not in page
    french = post_registration(client, event, form_data(sessions=[str(first.id), str(second.id)]), query="?lang=fr")
    assert re.search(r"« Eau » \([^)]*2030, 10:00–11:30\) et « Énergie »", french.get_data(as_text=True))
    assert "ont lieu en même temps" in french.get_data(as_text=True)


def test_thanks_and_private_pages_show_each_workshop_status_never_confirmed_when_waiting(client, db):
    event = open_event()
    full = workshop(event, hours=1, capacity=1, title_en="Small room")
    roomy = workshop(event, hours=3, title_en="Big room")
    register_someone(event, "first@example.org", [full])
    register_someone(event, "second@example.org", [full])
    third = register_someone(event, "third@example.org", [full, roomy], language="en")
    db.session.commit()
    assert {choice.session_id: choice.status for choice in third.choices} == {
        full.id: ChoiceStatus.WAITLISTED, roomy.id: ChoiceStatus.CONFIRMED}
    for url in (f"/registration/{third.manage_token}/thanks?lang=en", f"/registration/{third.manage_token}?lang=en"):
        page = client.get(url).get_data(as_text=True)
        statuses = dict(re.findall(r'data-session="(\d+)">[^<]*(?:<(?!/li)[^<]*)*?class="choice-status" '
                                   r'data-state="(\w+)"', page))
        assert statuses == {str(full.id): "waiting", str(roomy.id): "seat"}, url
        assert "waiting list, position 2" in page and "seat confirmed" in page
        assert page.count("seat confirmed") == 1  # the waiting workshop never says "confirmed"


def test_event_waiting_list_position_and_pending_workshops(client, db):
    event = open_event(capacity=1)
    session = workshop(event, hours=1)
    register_someone(event, "seated@example.org", [session])
    waiting = [register_someone(event, f"wait{n}@example.org", [session]) for n in (1, 2)]
    db.session.commit()
    page = client.get(f"/registration/{waiting[1].manage_token}/thanks?lang=en").get_data(as_text=True)
    assert "Your position on the waiting list: 2." in page
    assert "waiting for the registration to be confirmed" in page and "seat confirmed" not in page
    page = client.get(f"/registration/{waiting[0].manage_token}?lang=en").get_data(as_text=True)
    assert "position 1 on the waiting list" in page


def test_the_private_page_corrects_names_function_language_and_needs(client, db):
    event = open_event()
    registration = register_someone(event, "camille@example.org")
    db.session.commit()
    url = f"/registration/{registration.manage_token}"
    assert f'href="{url}/details"' in client.get(url + "?lang=en").get_data(as_text=True)
    form = client.get(url + "/details?lang=en").get_data(as_text=True)
    assert 'value="Alex"' in form and 'name="dietary_needs"' in form and 'name="email"' not in form
    response = client.post(url + "/details", data={
        "csrf_token": csrf_token_from(form), "given_name": "Thị Hương", "family_name": "Nguyễn",
        "given_name_latin": "Thi Huong", "family_name_latin": "Nguyen", "function": "Vice-présidente",
        "language": "en", "dietary_needs": "Végétarienne", "email": "attacker@example.org"})
    assert response.status_code == 303 and response.headers["Location"].endswith(url)
    db.session.expire_all()
    person = registration.person
    assert (person.given_name, person.family_name, person.given_name_latin, person.family_name_latin,
            person.function) == ("Thị Hương", "Nguyễn", "Thi Huong", "Nguyen", "Vice-présidente")
    assert person.email == "camille@example.org"  # never changed from here
    assert registration.language == "en" and registration.dietary_needs == "Végétarienne"
    audit = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "registration.details"))
    assert audit is not None and audit.target_id == registration.id
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Vice-présidente" in page and "Végétarienne" in page


def test_correcting_details_needs_the_csrf_token_and_a_name(client, db):
    event = open_event()
    registration = register_someone(event, "kept@example.org")
    db.session.commit()
    url = f"/registration/{registration.manage_token}/details"
    assert client.post(url, data={"given_name": "X", "family_name": "Y", "language": "fr"}).status_code == 400
    form = client.get(url).get_data(as_text=True)
    refused = client.post(url, data={"csrf_token": csrf_token_from(form), "given_name": "", "family_name": "Y",
                                     "language": "fr"})
    assert refused.status_code == 400
    db.session.expire_all()
    assert registration.person.given_name == "Alex"
    assert client.get("/registration/not-a-token/details").status_code == 404


def test_cancelled_registration_cannot_be_corrected(client, db):
    from app.registration.operations import cancel

    event = open_event()
    registration = register_someone(event, "gone@example.org")
    cancel(registration)
    db.session.commit()
    assert registration.status == RegistrationStatus.CANCELLED
    assert client.get(f"/registration/{registration.manage_token}/details").status_code == 404


def test_changing_workshops_on_the_private_page_explains_a_clash_in_its_slot(client, db):
    event = open_event()
    first = workshop(event, hours=1, title_en="Water")
    second = make_session(event, title_en="Energy", starts_at=event.starts_at + timedelta(hours=1, minutes=30))
    registration = register_someone(event, "change@example.org", [first])
    db.session.commit()
    url = f"/registration/{registration.manage_token}"
    page = client.get(url + "?lang=en").get_data(as_text=True)
    response = client.post(url + "/choices?lang=en", data={"csrf_token": csrf_token_from(page),
                                                           "sessions": [str(first.id), str(second.id)]})
    assert response.status_code == 400
    [slot] = fieldsets(response.get_data(as_text=True))
    assert re.search(r"“Water” \([^)]*10:00–11:30\) and “Energy” \([^)]*10:30–12:00\) take place", slot)
    db.session.expire_all()
    assert [choice.session_id for choice in registration.choices] == [first.id]


def form_values(page: str) -> dict:
    """What a browser would send for the first POST form of a page, untouched."""
    from html.parser import HTMLParser

    class Form(HTMLParser):
        def __init__(self):
            super().__init__()
            self.values, self.inside, self.select, self.textarea, self.done = {}, False, None, None, False

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form" and attrs.get("method") == "post" and not self.done:
                self.inside = True
            elif self.inside and tag == "input" and attrs.get("name"):
                if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                    self.values.setdefault(attrs["name"], []).append(attrs.get("value", ""))
            elif self.inside and tag == "select":
                self.select = attrs["name"]
            elif self.inside and tag == "option" and self.select and "selected" in attrs:
                self.values[self.select] = [attrs.get("value", "")]
            elif self.inside and tag == "textarea":
                self.textarea = attrs["name"]
                self.values[self.textarea] = [""]

        def handle_data(self, data):
            if self.textarea:
                self.values[self.textarea][0] += data

        def handle_endtag(self, tag):
            if tag == "form" and self.inside:
                self.inside, self.done = False, True
            elif tag == "select":
                self.select = None
            elif tag == "textarea":  # as browsers do: the newline after <textarea> dropped, lines sent as CRLF
                text = self.values[self.textarea][0]
                text = text[2:] if text.startswith("\r\n") else text[1:] if text.startswith("\n") else text
                self.values[self.textarea][0] = text.replace("\r\n", "\n").replace("\n", "\r\n")
                self.textarea = None

    parser = Form()
    parser.feed(page)
    return parser.values


def test_the_details_form_submitted_unchanged_changes_nothing(client, db):
    event = open_event()
    registration = register_someone(event, "same@example.org", language="en")
    person = registration.person
    person.honorific, person.function, person.given_name_latin = "Mme", "Maire", "Alex"
    registration.dietary_needs, registration.accessibility_needs = "Halal\nSans arachide", None
    db.session.commit()
    before = (person.honorific, person.given_name, person.family_name, person.given_name_latin,
              person.family_name_latin, person.function, registration.language, registration.interpretation_needs,
              registration.dietary_needs, registration.accessibility_needs)
    url = f"/registration/{registration.manage_token}/details"
    response = client.post(url, data=form_values(client.get(url).get_data(as_text=True)))
    assert response.status_code == 303
    db.session.expire_all()
    after = (person.honorific, person.given_name, person.family_name, person.given_name_latin,
             person.family_name_latin, person.function, registration.language, registration.interpretation_needs,
             registration.dietary_needs, registration.accessibility_needs)
    assert after == before
