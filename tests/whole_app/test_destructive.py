"""Property 5 (issue 13): destructive actions ask for confirmation, and can be undone.

The destructive endpoints are the POST endpoints of ``app.url_map`` named cancel, delete, remove, revoke…
(``forms_discovery.classify``); each must say here how it is undone (``UNDO``), or the suite fails the day
it is added. In a real browser, for each one: a dismissed confirmation changes nothing, an accepted one
does, and the undo (found on the organiser's pages by a crawl) brings the record back, with its audit line.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from tests.whole_app.forms_discovery import (
    build_world,
    classify,
    crawl,
    crawl_world,
    differences,
    locate,
    organiser_client,
    post_targets,
    snapshot,
)
from tests.whole_app.test_round_trip import sign_in


def _registration_id(db, view_args: dict) -> int:
    from app.registration.models import Registration

    if "registration_id" in view_args:
        return view_args["registration_id"]
    return db.session.scalar(sa.select(Registration.id).where(Registration.manage_token == view_args["token"]))


@dataclass(frozen=True)
class Undo:
    """How a destructive action is undone: the undo endpoint, the arguments of the undone record it must
    carry, the rows that must come back as they were, and the audit line the undo writes."""

    endpoint: str  # key of the undo's POST target ("endpoint" or "endpoint:verb")
    record: Callable  # (db, view_args of the destructive form) -> {undo argument: value}
    rows: Callable  # (db, record) -> the record's rows, comparable before and after
    audit: str
    reversible: bool = True  # False: cannot be undone on purpose; the "undo" issues a new one


def _session_row(db, record):
    from app.programme.models import Session

    row = db.session.get(Session, record["session_id"])
    db.session.refresh(row)
    return {"status": row.status, "override": row.conflict_override_reason, "room": row.room_id,
            "starts_at": row.starts_at, "hidden": row.is_hidden}


def _speakers(db, record):
    from app.programme.models import SessionSpeaker

    return list(db.session.execute(
        sa.select(SessionSpeaker.person_id, SessionSpeaker.role, SessionSpeaker.position)
        .where(SessionSpeaker.session_id == record["session_id"]).order_by(SessionSpeaker.position)).all())


def _registration(db, record):
    from app.registration.models import Registration, SessionChoice

    row = db.session.get(Registration, record["registration_id"])
    db.session.refresh(row)
    choices = db.session.execute(sa.select(SessionChoice.session_id, SessionChoice.status)
                                 .where(SessionChoice.registration_id == row.id).order_by(SessionChoice.session_id))
    return {"status": row.status, "category": row.category, "delegation": row.delegation_id,
            "needs": (row.dietary_needs, row.accessibility_needs, row.interpretation_needs),
            "choices": list(choices.all())}


def _active_desks(db, record):
    from app.checkin.models import DeskToken

    return sorted(db.session.scalars(sa.select(DeskToken.desk).where(DeskToken.revoked_at.is_(None))))


def _certificate(db, record):
    from app.certificates.models import Certificate

    row = db.session.get(Certificate, record["certificate_id"])
    db.session.refresh(row)
    return {"revoked": row.revoked_at is not None, "reason": row.reason, "code": row.code}


def _suppression(db, record):
    from app.mail.models import MailSuppression

    row = db.session.get(MailSuppression, record["suppression_id"])
    db.session.refresh(row)
    return {"hard_bounced_at": row.hard_bounced_at, "opted_out_at": row.opted_out_at, "address": row.address}


SAME_SESSION = lambda db, args: {"slug": args["slug"], "session_id": args["session_id"]}  # noqa: E731
SAME_REGISTRATION = lambda db, args: {"registration_id": _registration_id(db, args)}  # noqa: E731

def _question(db, record):
    from app.survey.models import SurveyQuestion

    row = db.session.get(SurveyQuestion, record["question_id"])
    db.session.refresh(row)
    return {"deleted": row.deleted_at is not None, "text": row.text_fr, "position": row.position}


def _meeting_request(db, record):
    from app.meetings.models import MeetingRequest

    row = db.session.get(MeetingRequest, record["request_id"])
    db.session.refresh(row)
    return {"status": row.status, "reason": row.reason, "to": row.to_registration_id}


def _meeting_list_item(db, record):
    from app.meetings.models import Interpreter, MeetingBlock, MeetingTable, MeetingTheme

    model = {"themes": MeetingTheme, "blocks": MeetingBlock, "tables": MeetingTable,
             "interpreters": Interpreter}[record["what"]]
    row = db.session.get(model, record["item_id"])
    db.session.refresh(row)
    return {"active": row.active}


def _contact(db, record):
    from app.communications.models import Contact

    row = db.session.get(Contact, record["contact_id"])
    db.session.refresh(row)
    return {"deleted": row.deleted_at is not None, "email": row.email, "name": row.full_name}


def _saved_audience(db, record):
    from app.communications.models import SavedAudience

    row = db.session.get(SavedAudience, record["audience_id"])
    db.session.refresh(row)
    return {"deleted": row.deleted_at is not None, "name": row.name, "definition": row.definition}


UNDO: dict[str, Undo] = {
    # A deleted contact or saved audience is set aside (deleted_at); Restore (on the contact's page and the
    # deleted contacts' list; on the audiences page) brings it back.
    "contacts_admin.contact_action:delete": Undo(
        "contacts_admin.contact_action:restore", lambda db, args: {"contact_id": args["contact_id"]}, _contact,
        "contact.restored"),
    "contacts_admin.audience_action:delete": Undo(
        "contacts_admin.audience_action:restore", lambda db, args: {"audience_id": args["audience_id"]},
        _saved_audience, "audience.restored"),
    # A cleared hard bounce: Undo on its line of the opt-outs and bounces page puts it back, with its date.
    "mail_admin.bounce_action:clear": Undo(
        "mail_admin.bounce_action:restore", lambda db, args: {"suppression_id": args["suppression_id"]},
        _suppression, "mail.bounce_restored"),
    # Bilateral meetings: an organiser restores a cancelled request (and its meeting, to be scheduled again),
    # and a removed theme, block, table or interpreter.
    "meetings_admin.request_action:cancel": Undo(
        "meetings_admin.request_action:restore", lambda db, args: {"request_id": args["request_id"]},
        _meeting_request, "meetings.restored"),
    "meetings_admin.item_action:remove": Undo(
        "meetings_admin.item_action:restore", lambda db, args: {"what": args["what"], "item_id": args["item_id"]},
        _meeting_list_item, "meetings.item_restored"),
    # A deleted survey question is set aside with its answers; Restore (on the survey page) brings it back.
    "survey_admin.question_action:delete": Undo(
        "survey_admin.question_action:restore",
        lambda db, args: {"slug": args["slug"], "question_id": args["question_id"]}, _question,
        "survey.question_restored"),
    "programme_admin.session_action:cancel": Undo("programme_admin.session_action:restore", SAME_SESSION,
                                                  _session_row, "session.restore"),
    "programme_admin.speaker_action:remove": Undo("programme_admin.restore_speaker", SAME_SESSION, _speakers,
                                                  "session.speaker_restore"),
    # Whoever cancelled (the person on their private page, their head of delegation, an organiser), an
    # organiser restores it, with the workshops it had.
    "registration.cancel": Undo("registration_admin.restore", SAME_REGISTRATION, _registration, "registration.restore"),
    "delegations.cancel_member": Undo("registration_admin.restore", SAME_REGISTRATION, _registration,
                                       "registration.restore"),
    "registration_admin.cancel": Undo("registration_admin.restore", SAME_REGISTRATION, _registration,
                                      "registration.restore"),
    "certificates_admin.revoke": Undo("certificates_admin.restore",
                                      lambda db, args: {"certificate_id": args["certificate_id"]},
                                      lambda db, record: _certificate(db, record), "certificates.restore"),
    # A revoked desk secret must stay revoked (a lost scanner): the undo is a new token for the same desk.
    "checkin_admin.revoke": Undo("checkin_admin.issue", lambda db, args: {"slug": args["slug"]}, _active_desks,
                                 "desk_token.issue", reversible=False),
}


@pytest.fixture
def world(app, db):
    return build_world(db)


def destructive_keys(app) -> set[str]:
    return {target.key for target in post_targets(app) if classify(target) == "destructive"}


def test_every_destructive_endpoint_says_how_it_is_undone(app):
    keys = destructive_keys(app)
    assert "programme_admin.session_action:cancel" in keys, "the discovery of destructive endpoints is broken"
    assert not keys - set(UNDO), f"destructive endpoints without an undo in UNDO: {sorted(keys - set(UNDO))}"
    known = {target.key for target in post_targets(app)}
    assert {undo.endpoint for undo in UNDO.values()} <= known


def test_every_destructive_form_asks_for_confirmation(app, world):
    _, forms = crawl_world(app, world)
    keys = destructive_keys(app)
    destructive = [form for form in forms if form.method == "post" and form.key in keys]
    assert {form.key for form in destructive} == keys, "a destructive endpoint whose form no crawled page shows"
    unconfirmed = sorted({f"{form.key} on {form.page}" for form in destructive if not form.confirm})
    assert not unconfirmed, f"destructive forms without data-confirm: {unconfirmed}"


def _press(page, form, accept: bool):
    """Press the form's first button, answering the confirmation; the POST's answer (None if none was sent)."""
    answers, dialogs = [], []

    def answer_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    def keep(response):
        if response.request.method == "POST":
            answers.append(response)

    page.on("dialog", answer_dialog)
    page.on("response", keep)
    button = locate(page, form).locator("button[type=submit], button:not([type])").first
    try:
        if accept:
            with page.expect_response(lambda response: response.request.method == "POST"):
                button.click()
            page.wait_for_load_state()
        else:
            button.click()
            page.wait_for_timeout(500)  # long enough for a POST that should not be sent
    finally:
        page.remove_listener("response", keep)
        page.remove_listener("dialog", answer_dialog)
    return answers[0] if answers else None


def _audit_actions(db) -> list[str]:
    from app.audit.models import AuditEntry

    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.mark.parametrize("key", sorted(UNDO))
def test_destructive_action_confirmed_then_undone(app, db, world, live_server, page, key):
    undo = UNDO[key]
    _, forms = crawl_world(app, world)
    form = next(form for form in forms if form.method == "post" and form.key == key)
    record = undo.record(db, form.view_args)
    rows_before = undo.rows(db, record)
    sign_in(page, live_server, world)

    # Dismissed: nothing is sent, nothing changes.
    page.goto(live_server + form.page)
    before = snapshot(db)
    assert _press(page, form, accept=False) is None
    assert differences(before, snapshot(db)) == {}

    # Accepted: done, and redirected to a page (no error).
    page.goto(live_server + form.page)
    answer = _press(page, form, accept=True)
    assert answer is not None and 300 <= answer.status < 400, f"{key}: HTTP {answer and answer.status}"
    assert undo.rows(db, record) != rows_before, f"{key} changed nothing"

    # Undone from the organiser's pages.
    _, organiser_forms = crawl(app, [(organiser_client(app, world.organiser), ["/organiser/"])], within="/organiser/")
    candidates = [found for found in organiser_forms if found.method == "post" and found.key == undo.endpoint
                  and all(found.view_args.get(name, value) == value for name, value in record.items())]
    assert candidates, f"no form to undo {key} ({undo.endpoint}) on the organiser's pages"
    undo_form = candidates[0]
    page.goto(live_server + undo_form.page)
    if not undo.reversible:
        locate(page, undo_form).locator("input[name=desk]").fill(world.desk_token.desk)
    answer = _press(page, undo_form, accept=True)
    assert answer is not None and answer.status < 400, f"undoing {key}: HTTP {answer and answer.status}"
    assert page.locator(".flash-error, .error").count() == 0, page.locator(".flash-error, .error").all_inner_texts()
    assert undo.rows(db, record) == rows_before, f"{key} not undone"
    assert _audit_actions(db)[-1] == undo.audit


def test_cancelling_through_the_status_select_asks_for_confirmation(app, db, world, live_server, page):
    """The organiser's edit form cancels too (its status select): only that choice asks to confirm."""
    from app.registration.models import Registration, RegistrationStatus

    registration = world.registrations[0]
    sign_in(page, live_server, world)
    url = f"{live_server}/organiser/events/{world.event.slug}/registrations/{registration.id}/edit"
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(url)
    page.select_option("#status", "cancelled")
    page.click("form:has(#status) button[type=submit]")
    page.wait_for_timeout(300)
    assert len(questions) == 1 and page.url == url
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == RegistrationStatus.CONFIRMED
    page.select_option("#status", "confirmed")
    with page.expect_navigation():
        page.click("form:has(#status) button[type=submit]")
    assert len(questions) == 1, "an unchanged status asked for confirmation"
