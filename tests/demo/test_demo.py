"""The demo data: idempotent, at the scale of the 2023 activity report, in every script."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.events.models import Event, EventStatus
from app.people.models import Collectivite, Person
from app.programme.models import Session, SessionType
from app.registration.models import Registration, RegistrationStatus
from tests.conftest import csrf_token_from

CONFERENCE_EXCLUDED_TYPES = (SessionType.BREAK, SessionType.CEREMONY)


def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    tables = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            rows = connection.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            tables[table.name] = [tuple(row) for row in rows]
    return tables


def test_demo_command_is_idempotent(cli, db):
    first = cli.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    after_first = snapshot(db)
    second = cli.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    after_second = snapshot(db)
    assert {name: len(rows) for name, rows in after_second.items()} == {name: len(rows) for name, rows in after_first.items()}
    assert after_second == after_first
    assert len(after_first["registration"]) > 509


def test_demo_prints_working_staff_logins(cli, client, db):
    output = cli.invoke(args=["demo"]).output
    match = re.search(r"(organiser@\S+)\s+organiser\s+(\S+)", output)
    assert match, output
    email, password = match.groups()
    assert "/login" in output
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert client.get("/organiser/").status_code == 200
    again = cli.invoke(args=["demo"]).output
    assert password in again


@pytest.fixture
def raict_2023(demo_app):
    from app.core.extensions import db

    return db.session.scalar(sa.select(Event).where(Event.slug == "raict-2023"))


def _confirmed_people(db, event):
    return db.session.scalars(
        sa.select(Person).join(Registration, Registration.person_id == Person.id)
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)).all()


def test_demo_raict_2023_has_the_reported_figures(demo_app, raict_2023):
    from app.core.extensions import db

    people = _confirmed_people(db, raict_2023)
    assert len(people) == 509
    foreign = [person for person in people if person.country != "FR"]
    assert 0.45 <= len(foreign) / len(people) <= 0.55
    assert len({person.country for person in foreign}) == 28
    french_collectivites = {person.collectivite_id for person in people
                            if person.country == "FR" and person.collectivite and person.collectivite.country == "FR"}
    assert len(french_collectivites) == 130
    conferences = db.session.scalars(sa.select(Session).where(
        Session.event_id == raict_2023.id, Session.type.not_in(CONFERENCE_EXCLUDED_TYPES))).all()
    assert len(conferences) == 26
    assert sum(1 for session in conferences if session.type == SessionType.PLENARY) == 1
    assert (raict_2023.edition, raict_2023.local_start.date().isoformat()) == (14, "2023-09-18")


def test_demo_events_of_the_report(demo_app):
    from app.core.extensions import db

    events = {event.slug: event for event in db.session.scalars(sa.select(Event))}
    expected = {
        "raict-2023": ("2023-09-18", "Europe/Paris"),
        "raict-2024": ("2024-10-23", "Europe/Paris"),
        "assises-franco-vietnamiennes-2023": ("2023-04-11", "Asia/Ho_Chi_Minh"),
        "assises-franco-palestiniennes-2023": ("2023-05-07", "Asia/Hebron"),
        "rencontres-franco-japonaises-2024": ("2024-11-18", "Asia/Tokyo"),
    }
    for slug, (first_day, zone) in expected.items():
        assert (events[slug].local_start.date().isoformat(), events[slug].timezone) == (first_day, zone), slug
    assert events["raict-2027"].status == EventStatus.REGISTRATION_OPEN
    chronicles = [event for event in events.values() if event.series and event.series.slug == "chroniques-geopolitiques-2023"]
    assert len(chronicles) == 9
    assert any("horoscope" in event.title_fr.lower() for event in chronicles)
    assert all(event.is_online and event.online_url for event in chronicles)


SCRIPTS = {
    "Vietnamese": r"[ăâđêôơưạ-ỹ]",
    "Han": r"[\u4e00-\u9fff]",
    "Kana": r"[\u3040-\u30ff]",
    "Hangul": r"[\uac00-\ud7af]",
    "Arabic": r"[\u0600-\u06ff]",
    "Armenian": r"[\u0530-\u058f]",
    "Cyrillic": r"[\u0400-\u04ff]",
}


@pytest.mark.parametrize("script", SCRIPTS)
def test_demo_has_names_in_each_script_with_latin_form(demo_app, script):
    from app.core.extensions import db

    people = db.session.scalars(sa.select(Person)).all()
    written = [person for person in people if re.search(SCRIPTS[script], person.family_name + person.given_name)]
    assert written, f"no {script} name in the demo"
    for person in written:
        assert person.family_name_latin and person.given_name_latin, person
        assert re.fullmatch(r"[A-Za-z' .\-]+", person.name_latin), person.name_latin
        assert person.has_distinct_latin_name


def test_demo_draft_event_stays_invisible(demo_app, demo_client):
    from app.core.extensions import db

    drafts = db.session.scalars(sa.select(Event).where(Event.status == EventStatus.DRAFT)).all()
    assert drafts
    for event in drafts:
        assert demo_client.get(f"/{event.kind.url_prefix}/{event.slug}/").status_code == 404
        assert event.title_fr not in demo_client.get("/").get_data(as_text=True)


def test_demo_french_collectivites_include_cuf_members(demo_app):
    from app.core.extensions import db

    members = db.session.scalars(sa.select(Collectivite).where(Collectivite.cuf_member.is_(True))).all()
    assert {"Dijon", "Rennes", "Tours"} <= {collectivite.name.title() for collectivite in members} | {
        collectivite.name for collectivite in members}


def test_demo_has_an_open_bilateral_assises_with_both_sides_and_delegations(demo_app, demo_client):
    from app.core.db import utcnow
    from app.core.extensions import db
    from app.events.models import EventKind
    from app.registration.models import Delegation, DelegationSide

    open_assises = [event for event in db.session.scalars(sa.select(Event).where(Event.kind == EventKind.ASSISES))
                    if event.registration_is_open and event.starts_at > utcnow()]
    assert [event.slug for event in open_assises] == ["rencontres-franco-japonaises-2027"]
    event = open_assises[0]
    delegations = db.session.scalars(sa.select(Delegation).where(Delegation.event_id == event.id)).all()
    assert {delegation.side for delegation in delegations} == {DelegationSide.FRENCH, DelegationSide.PARTNER}
    assert len(delegations) >= 3 and {delegation.country for delegation in delegations} == {"FR", "JP"}
    members = db.session.scalars(sa.select(Registration).where(Registration.event_id == event.id,
                                                               Registration.delegation_id.is_not(None))).all()
    assert len(members) >= 15
    assert event.partner_country == "JP"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session).where(Session.event_id == event.id)) >= 5
    for url in (f"/assises/{event.slug}/", f"/assises/{event.slug}/register", f"/assises/{event.slug}/delegations/new"):
        assert demo_client.get(url).status_code == 200, url


def test_demo_has_a_chronicle_open_for_registration(demo_app, demo_client):
    from app.core.db import utcnow
    from app.core.extensions import db
    from app.events.models import EventKind

    chronicles = [event for event in db.session.scalars(sa.select(Event).where(Event.kind == EventKind.CHRONIQUE))
                  if event.registration_is_open and event.starts_at > utcnow()]
    assert len(chronicles) == 1
    chronicle = chronicles[0]
    assert chronicle.is_online and chronicle.online_url and chronicle.series is not None
    assert chronicle.series.slug != "chroniques-geopolitiques-2023"  # the 2023 figures keep their 9 chronicles
    page = demo_client.get(f"/chroniques/{chronicle.series.slug}/").get_data(as_text=True)
    assert f"/chroniques/{chronicle.slug}/register" in page
    assert demo_client.get(f"/chroniques/{chronicle.slug}/register").status_code == 200
