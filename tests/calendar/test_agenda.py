"""The personal agenda: reached by an unguessable token; plenaries plus chosen sessions; join links only there."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.events.models import EventKind, EventSeries, EventStatus
from app.programme.models import SessionType
from app.registration.models import ChoiceStatus, RegistrationStatus, SessionChoice
from tests.calendar.builders import EVENT_JOIN_URL, JOIN_URL, build_programme, feed_urls, make_chronicle, paris, unfolded
from tests.factories import make_registration, make_session


def agenda_url(registration) -> str:
    return f"/agenda/{registration.calendar_token}.ics"


def test_agenda_has_plenaries_and_chosen_sessions_only(client, db, both_readers):
    programme = build_programme(db)
    db.session.commit()
    response = client.get(agenda_url(programme.registration))
    assert response.status_code == 200
    read = both_readers(response.data)
    assert [item.uid for item in read] == [f"session-{programme.plenary.id}@localhost",
                                           f"session-{programme.workshop.id}@localhost"]
    assert read[1].start == "2024-10-30T08:30:00Z"
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"


def test_agenda_has_the_join_link(client, db):
    programme = build_programme(db)
    db.session.commit()
    text = unfolded(client.get(agenda_url(programme.registration) + "?lang=en").data)
    assert f"CONFERENCE;FEATURE=VIDEO;LABEL=Join online;VALUE=URI:{JOIN_URL}" in text
    assert f"DESCRIPTION:Join online: {JOIN_URL}\\n\\n" in text
    assert "X-WR-CALNAME:Meetings" in text and "my agenda" in text
    assert "LOCATION:Cité des Sciences\\, Paris" in text  # an in-person session keeps its place


def test_public_feeds_never_contain_join_links(client, db):
    programme = build_programme(db)
    series = EventSeries(slug="chroniques-2024", kind=EventKind.CHRONIQUE, title_fr="Chroniques", title_en="Chronicles")
    db.session.add(series)
    chronicle = make_chronicle(series, datetime(2024, 3, 21, 12, 30, tzinfo=ZoneInfo("Europe/Paris")))
    make_session(chronicle, starts_at=chronicle.starts_at, online_url=JOIN_URL)
    db.session.commit()
    urls = list(feed_urls(programme).values()) + [
        "/chroniques/chroniques-2024/series.ics", f"/chroniques/{chronicle.slug}/programme.ics",
        f"/raict/{programme.event.slug}/sessions/{programme.workshop.id}/add-to/google",
        f"/raict/{programme.event.slug}/sessions/{programme.workshop.id}/add-to/outlook"]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 303), url
        everything = response.get_data() + str(response.headers).encode()
        assert b"visio.example.org" not in everything, url
        assert b"secret" not in unfolded(response.data).encode() and b"CONFERENCE" not in response.data, url


def test_agenda_with_wrong_token_is_404(client, db):
    programme = build_programme(db)
    db.session.commit()
    assert client.get("/agenda/not-a-token.ics").status_code == 404
    assert client.get(agenda_url(programme.registration)[:-5] + "x.ics").status_code == 404


@pytest.mark.parametrize("status", [RegistrationStatus.CANCELLED, RegistrationStatus.REFUSED])
def test_agenda_of_closed_registration_is_404(client, db, status):
    programme = build_programme(db)
    programme.registration.status = status
    db.session.commit()
    assert client.get(agenda_url(programme.registration)).status_code == 404


def test_agenda_of_draft_event_is_404(client, db):
    programme = build_programme(db, status=EventStatus.DRAFT)
    db.session.commit()
    assert client.get(agenda_url(programme.registration)).status_code == 404


def test_pending_registration_has_agenda_without_join_links(client, db, both_readers):
    programme = build_programme(db)
    programme.registration.status = RegistrationStatus.PENDING
    db.session.commit()
    response = client.get(agenda_url(programme.registration))
    assert len(both_readers(response.data)) == 2
    assert b"visio.example.org" not in response.data


def test_waitlisted_choice_is_tentative(client, db, both_readers):
    programme = build_programme(db)
    db.session.add(SessionChoice(registration=programme.registration, session=programme.other_workshop,
                                 status=ChoiceStatus.WAITLISTED))
    db.session.commit()
    read = {item.uid: item for item in both_readers(client.get(agenda_url(programme.registration)).data)}
    assert read[f"session-{programme.other_workshop.id}@localhost"].status == "TENTATIVE"
    assert read[f"session-{programme.workshop.id}@localhost"].status == "CONFIRMED"


def test_agenda_leaves_out_hidden_chosen_sessions(client, db, both_readers):
    programme = build_programme(db)
    hidden_plenary = make_session(programme.event, type=SessionType.PLENARY, starts_at=paris(24, 9), is_hidden=True)
    db.session.add(SessionChoice(registration=programme.registration, session=programme.hidden))
    db.session.commit()
    read = both_readers(client.get(agenda_url(programme.registration)).data)
    assert {item.uid for item in read}.isdisjoint({f"session-{programme.hidden.id}@localhost",
                                                   f"session-{hidden_plenary.id}@localhost"})
    assert len(read) == 2


def test_agenda_of_online_chronicle_without_sessions_is_the_event_with_its_link(client, db, both_readers):
    series = EventSeries(slug="chroniques-2024", kind=EventKind.CHRONIQUE, title_fr="Chroniques", title_en="Chronicles")
    db.session.add(series)
    chronicle = make_chronicle(series, datetime(2024, 1, 18, 12, 30, tzinfo=ZoneInfo("Europe/Paris")))
    registration = make_registration(chronicle)
    db.session.commit()
    response = client.get(agenda_url(registration))
    [read] = both_readers(response.data)
    assert read.uid == f"event-{chronicle.id}@localhost" and read.start == "2024-01-18T11:30:00Z"
    text = unfolded(response.data)
    assert f"LOCATION:{EVENT_JOIN_URL}" in text and f"VALUE=URI:{EVENT_JOIN_URL}" in text
    public = client.get(f"/chroniques/{chronicle.slug}/programme.ics")
    assert EVENT_JOIN_URL.encode() not in public.data and b"LOCATION:En ligne" in public.data


def test_agenda_feed_url_is_external_and_in_the_registrants_language(app, db):
    from app.calendar.routes import agenda_feed_url

    programme = build_programme(db)
    programme.registration.person.preferred_language = "en"
    db.session.commit()
    with app.test_request_context("/"):
        url = agenda_feed_url(programme.registration)
        assert url == f"http://localhost/agenda/{programme.registration.calendar_token}.ics?lang=en"
        assert agenda_feed_url(programme.registration, "fr").endswith("?lang=fr")
