"""The desk marks published meetings held (and undoes it); the meetings page is linked from the desk's list."""
from __future__ import annotations

from app.auth.models import Role
from app.meetings.scheduling import schedule_event
from tests.backoffice.helpers import login_as, post_form
from tests.meetings.test_schedule_event import _meeting, _setup


def test_desk_marks_a_published_meeting_held_and_undoes_it(app, client, db):
    a = _setup()
    meeting = _meeting(a, a.anne, a.binh)
    schedule_event(a.event, publish=True, actor="test")
    db.session.commit()
    login_as(client, db, Role.DESK)
    url = f"/desk/{a.event.slug}/meetings/"
    assert url in client.get("/desk/").get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert f'data-meeting="{meeting.id}"' in page and "Mark held" in page
    assert post_form(client, f"{url}{meeting.id}/held", {}, url).status_code == 303
    db.session.refresh(meeting)
    assert meeting.held
    assert "Not held after all" in client.get(url).get_data(as_text=True)
    assert post_form(client, f"{url}{meeting.id}/not_held", {}, url).status_code == 303
    db.session.refresh(meeting)
    assert not meeting.held


def test_desk_cannot_mark_an_unpublished_meeting_held(app, client, db):
    a = _setup()
    meeting = _meeting(a, a.anne, a.binh)
    schedule_event(a.event, publish=False, actor="test")
    db.session.commit()
    login_as(client, db, Role.DESK)
    url = f"/desk/{a.event.slug}/meetings/"
    assert f'data-meeting="{meeting.id}"' not in client.get(url).get_data(as_text=True)
    response = post_form(client, f"{url}{meeting.id}/held", {}, url)
    assert response.status_code == 303
    db.session.refresh(meeting)
    assert not meeting.held
    assert "Only a published meeting" in client.get(url).get_data(as_text=True)


def test_desk_meetings_page_is_refused_to_anonymous_visitors(app, client, db):
    a = _setup()
    db.session.commit()
    assert client.get(f"/desk/{a.event.slug}/meetings/").status_code == 302
