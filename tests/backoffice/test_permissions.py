"""Every back-office route refuses anonymous users and the desk role; every form needs its CSRF token."""
from __future__ import annotations

from datetime import date

import pytest
from werkzeug.routing import AnyConverter

from app.auth.models import Role
from app.core.db import utcnow
from app.registration.models import InvitationLetterStatus
from tests.backoffice.helpers import login_as
from tests.conftest import csrf_token_from
from tests.factories import add_speaker, make_event, make_person, make_registration, make_room, make_session, make_track

STAFF_BLUEPRINTS = ("backoffice", "events_admin", "programme_admin", "people_admin", "letters_admin",
                     "registration_admin", "reports_admin", "badges_admin", "checkin_admin", "chroniques_admin",
                     "audit")


def _values(db):
    event = make_event()
    session = make_session(event, room=make_room(event))
    speaker = add_speaker(session, make_person())
    track = make_track(event)
    from app.people.operations import save_protocol_rank

    rank = save_protocol_rank("Maire", "Mayor", 60)
    letter = make_registration(event, make_person(country="VN"), invitation_letter=InvitationLetterStatus.APPROVED,
                               invitation_letter_approved_at=utcnow(), passport_number="C1234567", nationality="VN",
                               passport_expires_on=date(2035, 1, 1), date_of_birth=date(1980, 5, 1))
    from app.registration.models import Delegation

    delegation = Delegation(event=event, name="Délégation du Vietnam", country="VN")
    db.session.add(delegation)
    letter.delegation = delegation
    from app.chroniques.models import AccessRequest
    from app.events.models import EventKind, EventSeries

    series = EventSeries(slug="chroniques-permissions", kind=EventKind.CHRONIQUE, title_fr="Chroniques",
                         title_en="Chronicles", year=2030)
    db.session.add(series)
    access_request = AccessRequest(event=event, person=make_person())
    db.session.add(access_request)
    from app.checkin.operations import issue_desk_token

    desk_token, _token = issue_desk_token(event, "B")
    db.session.commit()
    return {"series_slug": series.slug, "request_id": access_request.id, "slug": event.slug, "session_id": session.id,
            "speaker_id": speaker.id, "room_id": session.room_id, "track_id": track.id, "person_id": speaker.person_id,
            "rank_id": rank.id, "action": None,
            "registration_id": letter.id, "delegation_id": delegation.id,
            "year": event.local_start.year, "token_id": desk_token.id}


def _argument_sets(rule, values) -> list[dict]:
    """Every combination of the rule's ``any(...)`` choices, other arguments from ``values``."""
    sets = [{}]
    for name in sorted(rule.arguments):
        converter = rule._converters[name]
        choices = converter.items if isinstance(converter, AnyConverter) else [values[name]]
        sets = [{**partial, name: choice} for partial in sets for choice in choices]
    return sets


def staff_urls(app, values):
    """(method, url) for every rule of the staff blueprints, built from the app's own URL map."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in STAFF_BLUEPRINTS:
            continue
        for arguments in _argument_sets(rule, values):
            url = rule.build(arguments, append_unknown=False)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                urls.append((method, url))
    return urls


def test_back_office_routes_listed(app, db):
    values = _values(db)
    urls = staff_urls(app, values)
    assert len(urls) >= 25
    for expected in [("GET", "/organiser/"), ("POST", f"/organiser/events/{values['slug']}/sessions/new"),
                     ("POST", f"/organiser/events/{values['slug']}/sessions/{values['session_id']}/cancel"),
                     ("GET", "/organiser/people/search.json")]:
        assert expected in urls


@pytest.mark.parametrize("role", [None, Role.DESK])
def test_back_office_refuses_anonymous_and_desk(app, client, db, role):
    urls = staff_urls(app, _values(db))
    if role is not None:
        login_as(client, db, role)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))  # a valid token: only the role is missing
    for method, url in urls:
        response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
        if role is None:
            assert response.status_code == 302 and "/login" in response.headers["Location"], (method, url)
        else:
            assert response.status_code == 403, (method, url)


def test_back_office_posts_need_csrf_token(app, client, db):
    urls = [url for method, url in staff_urls(app, _values(db)) if method == "POST"]
    assert len(urls) >= 10
    login_as(client, db, Role.ORGANISER)
    for url in urls:
        assert client.post(url, data={"name": "x"}).status_code == 400, url


def test_back_office_pages_answer_organiser_and_admin(app, client, db):
    values = _values(db)
    login_as(client, db, Role.ADMIN)
    for method, url in staff_urls(app, values):
        if method == "GET":
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
