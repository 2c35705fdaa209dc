"""The organisers' schedule page: run, publish, the figures of the last run and the unplaced with their reason."""
from __future__ import annotations

from app.auth.models import Role
from app.meetings import operations
from app.meetings.models import MeetingStatus
from tests.backoffice.helpers import login_as, post_form
from tests.meetings.test_schedule_event import _meeting, _setup


def _url(a) -> str:
    return f"/organiser/events/{a.event.slug}/meetings/schedule/"


def test_schedule_page_runs_publishes_and_shows_the_unplaced(app, client, db):
    a = _setup(tables=1, slots=1, languages=("fr", "vi"))
    placed = _meeting(a, a.anne, a.binh)
    _meeting(a, a.chi, a.dung)
    operations.add_interpreter(a.event, "Lan", None, "fr-vi", [], actor="test")
    db.session.commit()
    login_as(client, db)
    index = client.get(f"/organiser/events/{a.event.slug}/meetings/").get_data(as_text=True)
    assert 'href="' + _url(a) + '"' in index  # reachable from the meetings pages
    response = post_form(client, _url(a) + "publish", {}, _url(a))
    assert response.status_code == 303
    page = client.get(_url(a)).get_data(as_text=True)
    assert "1 scheduled, at most 1 possible" in page
    db.session.refresh(placed)
    assert placed.status == MeetingStatus.SCHEDULED and placed.published
    assert "Every slot where both sides are free is full" in page  # the other one, with its reason
    assert "Chi" in page


def test_schedule_page_needs_an_organiser(app, client, db):
    a = _setup()
    db.session.commit()
    assert client.get(_url(a)).status_code == 302
    login_as(client, db, Role.DESK)
    assert client.get(_url(a)).status_code in (302, 403)
    assert client.post(_url(a) + "run").status_code in (302, 400, 403)


def test_schedule_page_refuses_a_post_without_csrf(app, client, db):
    a = _setup()
    db.session.commit()
    login_as(client, db)
    assert client.post(_url(a) + "run").status_code == 400
