"""Audit entries of the reception desk (check-ins, undo, desk tokens), badge reprints and the Chroniques
organisers' actions (access requests, attendance, summaries): the right actor, action and target, no secret."""
from __future__ import annotations

import io
import re

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import Role
from app.badges.tokens import badge_code_for
from app.checkin.models import DeskToken
from app.chroniques.models import AccessRequest
from tests.backoffice.helpers import login_as, post_form
from tests.checkin.helpers import desk_token, event_now, post_json, scan
from tests.chroniques.builders import build_series
from tests.conftest import csrf_token_from
from tests.factories import make_person, make_registration

SETUP_ACTIONS = ("desk_token.issue",)  # the helpers issue desk tokens, which writes its own line


def entries(db, action: str | None = None, *, with_setup: bool = False) -> list[AuditEntry]:
    """The audit lines (of ``action``), without those of the test's setup unless ``with_setup``."""
    db.session.expire_all()
    query = sa.select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    elif not with_setup:
        query = query.where(AuditEntry.action.not_in(SETUP_ACTIONS))
    return list(db.session.scalars(query))


def summary(entry: AuditEntry) -> tuple:
    return entry.action, entry.actor, entry.user_id, entry.target_type, entry.target_id, entry.event_id


def test_scans_by_desk_token_are_recorded_once_without_the_token(client, db):
    event = event_now()
    registration = make_registration(event)
    token = desk_token(event, "B")
    code = badge_code_for(registration)
    assert scan(client, event, token, code, nonce="first").get_json()["status"] == "ok"
    assert scan(client, event, token, code, nonce="first").get_json()["status"] == "ok"  # replayed: same answer
    assert scan(client, event, token, code, nonce="second").get_json()["status"] == "already_checked_in"
    assert scan(client, event, token, "not a badge", nonce="third").get_json()["status"] == "invalid"
    [entry] = entries(db)  # only the welcome; the other verdicts are in the scan table already
    assert summary(entry) == ("checkin.scan", "desk:B", None, "registration", registration.id, event.id)
    assert entry.details["desk"] == "B" and entry.details["nonce"] == "first" and entry.details["offline"] is False
    assert token not in str(entry.details) and code not in str(entry.details)


def test_a_scan_adds_a_single_audit_insert(client, db, count_queries):
    event = event_now()
    registration = make_registration(event)
    token = desk_token(event, "B")
    scan(client, event, token, "warm-up", nonce="warm-up")
    with count_queries() as counter:
        assert scan(client, event, token, badge_code_for(registration)).get_json()["status"] == "ok"
    audit = [statement for statement in counter.statements if "audit_entry" in statement]
    # One statement writes the line: a plain INSERT (SQLite), or the scan's own INSERT … WITH (PostgreSQL).
    assert len(audit) == 1 and "INSERT INTO AUDIT_ENTRY" in audit[0].upper()
    [line] = [entry for entry in entries(db, "checkin.scan") if entry.target_id == registration.id]
    assert line.event_id == event.id and line.actor == "desk:B"


def test_manual_check_in_and_undo_by_a_staff_session_name_the_user(client, db):
    event = event_now()
    registration = make_registration(event)
    db.session.commit()
    user = login_as(client, db, Role.DESK)
    csrf = {"X-CSRFToken": csrf_token_from(client.get("/login").get_data(as_text=True))}
    base = f"/api/checkin/{event.slug}"
    body = {"registration_id": registration.id, "desk": "Accueil", "nonce": "by-hand"}
    assert post_json(client, f"{base}/manual", body, headers=csrf).get_json()["status"] == "ok"
    assert post_json(client, f"{base}/undo", {"nonce": "by-hand"}, headers=csrf).get_json()["status"] == "undone"
    assert post_json(client, f"{base}/undo", {"nonce": "by-hand"}, headers=csrf).get_json()["status"] \
        == "nothing_to_undo"
    manual, undone = entries(db)
    actor = f"user:{user.id}"
    assert summary(manual) == ("checkin.manual", actor, user.id, "registration", registration.id, event.id)
    assert summary(undone) == ("checkin.undo", actor, user.id, "registration", registration.id, event.id)
    assert manual.details["desk"] == undone.details["desk"] == "Accueil"


def test_undo_by_desk_token_names_the_desk(client, db):
    event = event_now()
    registration = make_registration(event)
    token = desk_token(event, "C")
    scan(client, event, token, badge_code_for(registration), nonce="to-undo")
    assert post_json(client, f"/api/checkin/{event.slug}/undo", {"nonce": "to-undo"}, token).status_code == 200
    assert [summary(entry) for entry in entries(db)] == [
        ("checkin.scan", "desk:C", None, "registration", registration.id, event.id),
        ("checkin.undo", "desk:C", None, "registration", registration.id, event.id)]
    assert all(token not in str(entry.details) for entry in entries(db))


def test_desk_tokens_issued_and_revoked_on_the_page_and_the_cli_are_recorded_without_the_token(client, db, cli):
    event = event_now()
    db.session.commit()
    organiser = login_as(client, db, Role.ORGANISER)
    url = f"/organiser/events/{event.slug}/desk-tokens"
    page = post_form(client, url, {"desk": "Entrée 2"}).get_data(as_text=True)
    token = re.search(r'<code class="token">([^<]+)</code>', page).group(1)
    row = db.session.scalar(sa.select(DeskToken))
    post_form(client, f"{url}/{row.id}/revoke", {}, page_url=url)
    printed = cli.invoke(args=["desk", "token", event.slug, "--desk", "Z"]).output.strip()
    assert cli.invoke(args=["desk", "revoke", event.slug, "--desk", "Z"]).exit_code == 0
    cli_row = db.session.scalar(sa.select(DeskToken).where(DeskToken.desk == "Z"))
    actor = f"user:{organiser.id}"
    assert [summary(entry) for entry in entries(db, with_setup=True)] == [
        ("desk_token.issue", actor, organiser.id, "desk_token", row.id, event.id),
        ("desk_token.revoke", actor, organiser.id, "desk_token", row.id, event.id),
        ("desk_token.issue", "system", None, "desk_token", cli_row.id, event.id),
        ("desk_token.revoke", "system", None, "desk_token", cli_row.id, event.id)]
    details = str([entry.details for entry in entries(db)])
    assert token not in details and printed not in details and row.token_hash not in details


def test_badge_reprint_is_recorded(client, db):
    event = event_now()
    registration = make_registration(event)
    db.session.commit()
    organiser = login_as(client, db, Role.ORGANISER)
    base = f"/organiser/events/{event.slug}/badges"
    assert post_form(client, f"{base}/{registration.id}/reprint", {}, base + "/").status_code == 303
    [entry] = entries(db)
    assert summary(entry) == ("badge.reprint", f"user:{organiser.id}", organiser.id, "registration",
                              registration.id, event.id)
    assert entry.details == {"version": 2}


def test_access_request_decisions_attendance_and_summary_are_recorded(client, db):
    built = build_series()
    chronicle = built.past[0]
    outsider = make_person(collectivite_id=built.outsider.id)
    from app.chroniques.access import request_access

    granted = request_access(built.upcoming[0], outsider)
    refused = request_access(built.upcoming[1], make_person(collectivite_id=built.outsider.id))
    present = make_registration(chronicle, make_person(email="marie@lyon.fr", given_name="Marie",
                                                       family_name="Curie"))
    db.session.commit()
    organiser = login_as(client, db, Role.ORGANISER)
    requests_page = "/organiser/chroniques/access-requests"
    post_form(client, f"{requests_page}/{granted.id}/grant", {}, requests_page)
    post_form(client, f"{requests_page}/{refused.id}/refuse", {}, requests_page)
    post_form(client, f"{requests_page}/{granted.id}/refuse", {}, requests_page)  # answered already: nothing
    attendance = f"/organiser/chroniques/chronicles/{chronicle.slug}/attendance"
    post_form(client, f"{attendance}/{present.id}/present", {}, attendance)
    post_form(client, f"{attendance}/{present.id}/absent", {}, attendance)
    day = chronicle.local_start.strftime("%Y-%m-%d")
    token = csrf_token_from(client.get(attendance).get_data(as_text=True))
    csv = f"Name,Email,Join Time,Leave Time,Duration (Minutes)\nMarie Curie,marie@lyon.fr,{day} 12:31:00," \
          f"{day} 13:01:00,30\n".encode()
    preview = client.post(attendance, data={"csrf_token": token, "file": (io.BytesIO(csv), "p.csv")},
                          content_type="multipart/form-data").get_data(as_text=True)
    payload = preview.split('name="payload" type="hidden" value="')[1].split('"')[0]
    client.post(f"{attendance}/confirm", data={"csrf_token": csrf_token_from(preview), "payload": payload})
    post_form(client, f"/organiser/chroniques/chronicles/{chronicle.slug}/summary", {"summary_fr": "Compte rendu"})
    actor = f"user:{organiser.id}"
    assert [summary(entry) for entry in entries(db)] == [
        ("access_request.grant", actor, organiser.id, "access_request", granted.id, built.upcoming[0].id),
        ("access_request.refuse", actor, organiser.id, "access_request", refused.id, built.upcoming[1].id),
        ("attendance.present", actor, organiser.id, "registration", present.id, chronicle.id),
        ("attendance.absent", actor, organiser.id, "registration", present.id, chronicle.id),
        ("attendance.import", actor, organiser.id, "event", chronicle.id, chronicle.id),
        ("event.summary", actor, organiser.id, "event", chronicle.id, chronicle.id)]
    assert entries(db, "access_request.grant")[0].details == {"person_id": outsider.id, "whole_series": False}
    assert entries(db, "attendance.import")[0].details == {"rows": 1, "recorded": 1}
    assert entries(db, "event.summary")[0].details == {"summary_fr": 12, "summary_en": 0}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessRequest)) == 2
