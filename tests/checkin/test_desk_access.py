"""Desk tokens expire (a day after the event by default), and a desk account can be tied to its events (issue 14 #9)."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.auth.models import Role
from app.badges.tokens import badge_code_for
from app.checkin.models import CheckIn, DeskAssignment, DeskToken
from app.checkin.operations import CheckInError, assign_desk_user, find_desk_token, issue_desk_token
from app.core.db import utcnow
from tests.backoffice.helpers import login_as, post_form
from tests.checkin.helpers import event_now, scan
from tests.conftest import csrf_token_from
from tests.factories import make_event, make_registration, make_user


def test_a_desk_token_expires_a_day_after_the_event_by_default(client, db):
    event = event_now()
    registration = make_registration(event)
    row, token = issue_desk_token(event, "B")
    db.session.commit()
    assert row.expires_at == event.ends_at + timedelta(days=1)
    assert find_desk_token(token, now=event.ends_at + timedelta(hours=23)) is not None
    assert find_desk_token(token, now=event.ends_at + timedelta(days=1, seconds=1)) is None
    assert scan(client, event, token, badge_code_for(registration)).get_json()["status"] == "ok"


def test_an_expired_desk_token_is_refused_and_records_nothing(client, db):
    event = event_now()
    registration = make_registration(event)
    row, token = issue_desk_token(event, "B", expires_at=utcnow() + timedelta(minutes=1))
    row.expires_at = utcnow() - timedelta(seconds=1)  # the minute has passed
    db.session.commit()
    response = scan(client, event, token, badge_code_for(registration), headers={"Accept-Language": "en"})
    assert response.status_code == 401 and "expired" in response.get_json()["error"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0


def test_a_token_cannot_be_issued_already_expired(db):
    event = event_now()
    with pytest.raises(CheckInError):
        issue_desk_token(event, "B", expires_at=utcnow() - timedelta(hours=1))
    over = make_event(starts_at=utcnow() - timedelta(days=400), ends_at=utcnow() - timedelta(days=399))
    with pytest.raises(CheckInError):
        issue_desk_token(over, "B")  # the default (a day after the event) is long past
    assert issue_desk_token(over, "B", expires_at=utcnow() + timedelta(hours=2))[0].id


def test_organiser_issues_a_token_valid_until_a_chosen_day(client, db):
    event = event_now()
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    url = f"/organiser/events/{event.slug}/desk-tokens"
    page = client.get(url).get_data(as_text=True)
    default_day = event.ends_at.astimezone(event.zone).date() + timedelta(days=1)
    assert f'value="{default_day.isoformat()}"' in page  # the default is shown in the form
    last_day = event.days[-1]
    response = post_form(client, url, {"desk": "B", "valid_until": last_day.isoformat()})
    assert response.status_code == 200
    row = db.session.scalar(sa.select(DeskToken))
    assert row.expires_at.astimezone(event.zone).date() == last_day + timedelta(days=1)
    assert row.expires_at.astimezone(event.zone).hour == 0
    refused = post_form(client, url, {"desk": "C", "valid_until": "2001-01-01"})
    assert refused.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeskToken)) == 1


def test_cli_token_valid_until_and_listing(cli, db):
    event = event_now()
    db.session.commit()
    last_day = event.days[-1].isoformat()
    result = cli.invoke(args=["desk", "token", event.slug, "--desk", "B", "--valid-until", last_day])
    assert result.exit_code == 0, result.output
    listing = cli.invoke(args=["desk", "tokens", event.slug]).output
    assert "valid until" in listing
    assert cli.invoke(args=["desk", "token", event.slug, "--desk", "C", "--valid-until", "2001-01-01"]).exit_code != 0


def _desk_session(client, db, user):
    from tests.factories import TEST_PASSWORD
    page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": csrf_token_from(page)})
    return {"X-CSRFToken": csrf_token_from(client.get("/login").get_data(as_text=True))}


def test_a_desk_account_tied_to_an_event_sees_and_scans_only_that_event(client, db):
    ours, other = event_now(), event_now()
    mine, theirs = make_registration(ours), make_registration(other)
    user = make_user(Role.DESK)
    db.session.flush()
    assign_desk_user(user, ours)
    db.session.commit()
    headers = _desk_session(client, db, user)
    index = client.get("/desk/").get_data(as_text=True)
    assert f"/desk/{ours.slug}/" in index and f"/desk/{other.slug}/" not in index
    for path in ("/", "/search.json?q=ab", "/arrivals", "/arrivals.csv", f"/badges/{theirs.id}.pdf"):
        assert client.get(f"/desk/{other.slug}{path}").status_code == 403, path
    assert client.get(f"/desk/{ours.slug}/").status_code == 200
    refused = scan(client, other, None, badge_code_for(theirs), desk="A", headers=headers)
    assert refused.status_code == 403
    assert scan(client, ours, None, badge_code_for(mine), desk="A", headers=headers).get_json()["status"] == "ok"
    assert [row.registration_id for row in db.session.scalars(sa.select(CheckIn))] == [mine.id]


def test_a_desk_account_tied_to_no_event_still_works_everywhere(client, db):
    event = event_now()
    registration = make_registration(event)
    user = make_user(Role.DESK)
    db.session.commit()
    headers = _desk_session(client, db, user)
    assert client.get(f"/desk/{event.slug}/").status_code == 200
    assert scan(client, event, None, badge_code_for(registration), desk="A", headers=headers) \
        .get_json()["status"] == "ok"


def test_organiser_ties_and_unties_a_desk_account_on_the_tokens_page(client, db):
    event = event_now()
    desk_user, organiser_user = make_user(Role.DESK), make_user(Role.ORGANISER)
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    url = f"/organiser/events/{event.slug}/desk-tokens"
    response = post_form(client, f"{url}/accounts", {"email": desk_user.email.upper()}, page_url=url)
    assert response.status_code == 303
    assert db.session.scalar(sa.select(DeskAssignment.user_id)) == desk_user.id
    assert desk_user.email in client.get(url).get_data(as_text=True)
    refused = post_form(client, f"{url}/accounts", {"email": organiser_user.email}, page_url=url)
    assert refused.status_code == 400  # only desk accounts are tied
    untied = post_form(client, f"{url}/accounts", {"untie": str(desk_user.id)}, page_url=url)
    assert untied.status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeskAssignment)) == 0


def test_cli_ties_and_unties_a_desk_account(cli, db):
    event = event_now()
    user = make_user(Role.DESK)
    db.session.commit()
    assert cli.invoke(args=["desk", "tie", event.slug, user.email]).exit_code == 0
    assert db.session.scalar(sa.select(DeskAssignment.event_id)) == event.id
    assert cli.invoke(args=["desk", "untie", event.slug, user.email]).exit_code == 0
    assert cli.invoke(args=["desk", "untie", event.slug, user.email]).exit_code != 0
