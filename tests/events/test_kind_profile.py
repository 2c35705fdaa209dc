"""The EventKind profile: one table says what each kind offers, and the pages and services follow it (changing a
line of the table changes what they do, with no other edit)."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.auth.models import Role
from app.chroniques import access
from app.communications.reminders import default_rules
from app.events.kinds import PROFILES, kinds_with
from app.events.models import EventKind
from app.registration import operations
from app.reports.figures import is_held_chronicle
from tests.backoffice.helpers import login_as
from tests.factories import make_event
from tests.registration.helpers import open_event, register_url, workshop

OFFERS = ("has_workshop_choices", "has_badges", "has_delegations", "has_two_sides", "has_online_join_link",
          "members_only", "records_attendance", "has_recueil", "sends_reminders")
EXPECTED = {  # the table of app/events/kinds.py, as the organisers describe the three kinds
    EventKind.RAICT: (True, True, True, False, True, False, False, False, False),
    EventKind.ASSISES: (True, True, True, True, True, False, False, False, False),
    EventKind.CHRONIQUE: (True, True, False, False, True, True, True, True, True),
}


def offering(monkeypatch, kind: EventKind, **offers) -> None:
    """Change one line of the table for the test."""
    monkeypatch.setitem(PROFILES, kind, replace(PROFILES[kind], **offers))


def test_every_kind_has_a_profile_and_the_table_says_what_it_offers():
    assert set(PROFILES) == set(EventKind)
    for kind, expected in EXPECTED.items():
        assert tuple(getattr(kind.profile, offer) for offer in OFFERS) == expected, kind
    assert [kind.url_prefix for kind in EventKind] == ["raict", "assises", "chroniques"]
    assert kinds_with("sends_reminders") == [EventKind.CHRONIQUE]
    assert kinds_with("has_delegations") == [EventKind.RAICT, EventKind.ASSISES]


def test_an_event_reads_its_kinds_profile(app, db):
    event = make_event(kind=EventKind.ASSISES)
    assert event.profile is PROFILES[EventKind.ASSISES] and event.profile.has_two_sides


def test_the_registration_form_offers_delegations_as_the_profile_says(app, client, db, monkeypatch):
    event = open_event()
    db.session.commit()
    link = f"/raict/{event.slug}/delegations/new"
    assert link in client.get(register_url(event)).get_data(as_text=True)
    offering(monkeypatch, EventKind.RAICT, has_delegations=False)
    assert link not in client.get(register_url(event)).get_data(as_text=True)


def test_the_delegation_form_asks_the_side_as_the_profile_says(app, client, db, monkeypatch):
    event = open_event()
    db.session.commit()
    url = f"/raict/{event.slug}/delegations/new"
    assert 'name="side"' not in client.get(url).get_data(as_text=True)
    offering(monkeypatch, EventKind.RAICT, has_two_sides=True)
    assert 'name="side"' in client.get(url).get_data(as_text=True)


def test_members_only_follows_the_profile(app, db, monkeypatch):
    event = make_event()
    assert not access.is_members_only(event)
    offering(monkeypatch, EventKind.RAICT, members_only=True)
    assert access.is_members_only(event)


def test_workshop_choices_follow_the_profile(app, db, monkeypatch):
    event = open_event()
    chosen = workshop(event)
    assert operations.choosable_sessions(event) == [chosen]
    offering(monkeypatch, EventKind.RAICT, has_workshop_choices=False)
    assert operations.choosable_sessions(event) == []


def test_reminders_and_attendance_follow_the_profile(app, db, monkeypatch):
    event = make_event()
    assert default_rules(event) == []
    assert not is_held_chronicle(event, event.ends_at + timedelta(days=1))
    offering(monkeypatch, EventKind.RAICT, sends_reminders=True, records_attendance=True)
    assert [rule.minutes_before for rule in default_rules(event)] == [24 * 60, 60]
    assert is_held_chronicle(event, event.ends_at + timedelta(days=1))


@pytest.mark.parametrize("offer, text", [("records_attendance", "/attendance"), ("has_badges", "/badges/")])
def test_the_organisers_menu_follows_the_profile(app, client, db, monkeypatch, offer, text):
    event = make_event()
    db.session.commit()
    login_as(client, db, Role.ORGANISER)

    def page() -> str:
        return client.get(f"/organiser/events/{event.slug}/sessions").get_data(as_text=True)

    before = text in page()
    offering(monkeypatch, EventKind.RAICT, **{offer: not getattr(EventKind.RAICT.profile, offer)})
    assert (text in page()) is not before


def test_the_kind_pages_read_their_titles_from_the_profile(app, client, db):
    home = client.get("/").get_data(as_text=True)
    for kind in EventKind:
        assert f'href="/{kind.url_prefix}/"' in home or f'href="/{kind.url_prefix}"' in home
        index = client.get(f"/{kind.url_prefix}/").get_data(as_text=True)
        assert str(kind.profile.heading) in index
