"""Every route of the app, requested with every method as every role, against one declarative matrix.

A route missing from ``MATRIX`` fails the test: a new route cannot ship without saying who may use it.
To add a blueprint: add its endpoints below with their roles, and (if its URL has new arguments) the
values to build them in ``matrix_values`` / ``Access.args``.

Roles: ``anonymous`` (no login), ``delegate`` (no login, but the real private link in the URL),
``desk``, ``organiser``, ``admin`` (logged-in staff). Whoever is not the delegate gets a made-up token.
How a refusal looks: anonymous and delegate on a staff page → redirect to the login page; a staff
member without the role → 403; a private-link page with someone else's (made-up) token → 404.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from werkzeug.routing import AnyConverter

from app.auth.models import Role
from app.core.db import utcnow
from app.events.models import EventKind, EventSeries, EventStatus
from app.mail.suppression import unsubscribe_token
from app.registration.models import Delegation, InvitationLetterStatus
from tests.backoffice.helpers import login_as
from tests.conftest import csrf_token_from
from tests.factories import add_speaker, make_event, make_person, make_registration, make_room, make_session, make_track

ROLES = ("anonymous", "delegate", "desk", "organiser", "admin")
EVERYONE = frozenset(ROLES)
STAFF = frozenset({"organiser", "admin"})
ADMIN = frozenset({"admin"})
DESK = frozenset({"desk", "organiser", "admin"})
DELEGATE = frozenset({"delegate"})
FAKE_TOKEN = "x" * 43


@dataclass(frozen=True)
class Access:
    roles: frozenset[str]
    args: dict[str, str] = field(default_factory=dict)  # URL argument → key in matrix_values
    last: bool = False  # changes what later requests see (cancels, logout): requested after the others


PUBLIC = Access(EVERYONE)
STAFF_ONLY = Access(STAFF)
DESK_ONLY = Access(DESK)
RAICT = {"slug": "raict_slug"}
CAMPAIGN = {"campaign_id": "session_id"}

MATRIX: dict[str, Access] = {
    "static": Access(EVERYONE, {"filename": "static_file"}),
    "health.healthz": PUBLIC,
    "events.home": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": Access(EVERYONE, last=True),
    "raict.index": PUBLIC, "raict.event_page": Access(EVERYONE, RAICT),
    "raict.programme": Access(EVERYONE, RAICT), "raict.speakers": Access(EVERYONE, RAICT),
    "raict.session_page": Access(EVERYONE, RAICT), "assises.session_page": Access(EVERYONE, {"slug": "assises_slug"}),
    "chroniques.session_page": Access(EVERYONE, {"slug": "chronique_slug"}),
    "assises.index": PUBLIC, "assises.event_page": Access(EVERYONE, {"slug": "assises_slug"}),
    "assises.programme": Access(EVERYONE, {"slug": "assises_slug"}),
    "assises.speakers": Access(EVERYONE, {"slug": "assises_slug"}),
    "chroniques.index": PUBLIC, "chroniques.event_page": Access(EVERYONE, {"slug": "chronique_slug"}),
    "chroniques.programme": Access(EVERYONE, {"slug": "chronique_slug"}),
    "chroniques.speakers": Access(EVERYONE, {"slug": "chronique_slug"}),
    "calendar.programme": Access(EVERYONE, RAICT), "calendar.session_feed": Access(EVERYONE, RAICT),
    "calendar.speaker_feed": Access(EVERYONE, RAICT), "calendar.track_feed": Access(EVERYONE, RAICT),
    "calendar.add_to_web_calendar": Access(EVERYONE, RAICT), "calendar.series_feed": PUBLIC,
    "calendar.agenda_feed": Access(DELEGATE, {"token": "calendar_token"}),
    "programme_public.programme_json": Access(EVERYONE, RAICT),
    "programme_public.schedule_xml_export": Access(EVERYONE, RAICT),
    "programme_public.schedule_json_export": Access(EVERYONE, RAICT),
    "programme_public.programme_pdf_download": Access(EVERYONE, RAICT),
    "programme_public.speakers_pdf_download": Access(EVERYONE, RAICT),
    "registration.register": Access(EVERYONE, RAICT), "delegations.new_delegation": Access(EVERYONE, RAICT),
    "registration.lost_link": Access(EVERYONE, RAICT),
    "registration.privacy": PUBLIC,
    # A delegate's private link
    "registration.manage": Access(DELEGATE, {"token": "registration_token"}),
    "registration.confirm_claim": Access(DELEGATE, {"token": "registration_token"}),
    "registration.thanks": Access(DELEGATE, {"token": "registration_token"}),
    "registration.change_choices": Access(DELEGATE, {"token": "registration_token"}),
    "registration.edit_details": Access(DELEGATE, {"token": "registration_token"}),
    "registration.renew_calendar_link": Access(DELEGATE, {"token": "registration_token"}),
    "registration.cancel": Access(DELEGATE, {"token": "registration_token"}, last=True),
    "registration_letters.request_letter": Access(DELEGATE, {"token": "registration_token"}),
    "registration_letters.download_letter": Access(DELEGATE, {"token": "letter_token"}),
    "badges.own_badge": Access(DELEGATE, {"token": "registration_token"}),
    "certificates.own_certificate": Access(DELEGATE, {"token": "registration_token"}),
    # Anyone holding a certificate's code (a made-up one here: "not found")
    "certificates.verify": Access(EVERYONE, {"code": "registration_token"}),
    "chroniques.register_again": Access(DELEGATE, {"token": "registration_token"}),
    "survey.answer": Access(DELEGATE, {"token": "registration_token"}),
    # A rapporteur's private link
    "syntheses.write": Access(DELEGATE, {"token": "synthesis_token"}),
    "meetings.profile": Access(DELEGATE, {"token": "registration_token", "collectivite_id": "own_collectivite_id"}),
    "meetings.directory": Access(DELEGATE, {"token": "registration_token"}),
    "meetings.ask_collectivite": Access(DELEGATE, {"token": "registration_token",
                                                   "collectivite_id": "other_collectivite_id"}),
    "meetings.ask_person": Access(DELEGATE, {"token": "registration_token"}),
    "meetings.answer": Access(DELEGATE, {"token": "registration_token", "request_id": "meeting_request_id"}),
    # A head of delegation's private link
    "delegations.delegation": Access(DELEGATE, {"token": "delegation_token"}),
    "delegations.add_member": Access(DELEGATE, {"token": "delegation_token"}),
    "delegations.edit_member": Access(DELEGATE, {"token": "delegation_token"}),
    "delegations.member_choices": Access(DELEGATE, {"token": "delegation_token"}),
    "delegations.members_template": Access(DELEGATE, {"token": "delegation_token"}),
    "delegations.cancel_member": Access(DELEGATE, {"token": "delegation_token"}, last=True),
    "delegations.upload_members": Access(DELEGATE, {"token": "delegation_token"}),
    "delegations.confirm_members": Access(DELEGATE, {"token": "delegation_token"}),
    "delegation_messages.delegation_message": Access(DELEGATE, {"token": "delegation_token"}),
    # Back office: organisers and admins
    "backoffice.dashboard": STAFF_ONLY,
    "events_admin.edit_event": STAFF_ONLY, "events_admin.new_edition": STAFF_ONLY,
    "people_admin.search": STAFF_ONLY, "people_admin.search_json": STAFF_ONLY,
    "people_admin.collectivites_json": STAFF_ONLY, "people_admin.edit_person": STAFF_ONLY,
    "people_admin.new_collectivite": STAFF_ONLY, "people_admin.protocol": STAFF_ONLY,
    "programme_admin.sessions": STAFF_ONLY, "programme_admin.edit_session": STAFF_ONLY,
    "programme_admin.session_action": Access(STAFF, last=True), "programme_admin.session_speakers": STAFF_ONLY,
    "programme_admin.speaker_action": Access(STAFF, last=True), "programme_admin.conflicts": STAFF_ONLY,
    "programme_admin.restore_speaker": Access(STAFF, last=True),
    "programme_admin.rooms": STAFF_ONLY, "programme_admin.tracks": STAFF_ONLY,
    "programme_admin.import_programme": STAFF_ONLY, "programme_admin.confirm_import": STAFF_ONLY,
    "programme_admin.export_programme": STAFF_ONLY,
    "registration_admin.registrations": STAFF_ONLY, "registration_admin.pending": STAFF_ONLY,
    "registration_admin.export": STAFF_ONLY, "registration_admin.delegation": STAFF_ONLY,
    "registration_admin.session_attendees": STAFF_ONLY, "registration_admin.edit": STAFF_ONLY,
    "registration_admin.moderate": Access(STAFF, last=True),
    "registration_admin.cancel": Access(STAFF, last=True), "registration_admin.restore": Access(STAFF, last=True),
    "letters_admin.letter_list": STAFF_ONLY, "letters_admin.organiser_download": STAFF_ONLY,
    "letters_admin.decide": Access(STAFF, last=True),
    "badges_admin.badge_run": STAFF_ONLY, "badges_admin.badge_run_pdf": STAFF_ONLY,
    "badges_admin.badge_run_stream": STAFF_ONLY, "badges_admin.reprint": Access(STAFF, last=True),
    "badges_admin.calibration_pdf": STAFF_ONLY,
    "certificates_admin.certificate_page": STAFF_ONLY, "certificates_admin.save_signer": STAFF_ONLY,
    "certificates_admin.run_pdf": STAFF_ONLY, "certificates_admin.run_zip": STAFF_ONLY,
    "certificates_admin.run_stream": STAFF_ONLY, "certificates_admin.one_pdf": STAFF_ONLY,
    "certificates_admin.revoke": Access(STAFF, {"certificate_id": "registration_id"}, last=True),
    "certificates_admin.restore": Access(STAFF, {"certificate_id": "registration_id"}, last=True),
    "certificates_admin.mail": Access(STAFF, last=True),
    "checkin_admin.tokens": STAFF_ONLY, "checkin_admin.issue": STAFF_ONLY,
    "checkin_admin.revoke": Access(STAFF, last=True), "checkin_admin.accounts": STAFF_ONLY,
    "chroniques_admin.index": STAFF_ONLY, "chroniques_admin.access_requests": STAFF_ONLY,
    "chroniques_admin.decide": Access(STAFF, last=True), "chroniques_admin.series": STAFF_ONLY,
    "chroniques_admin.recueil": STAFF_ONLY, "chroniques_admin.attendance_page": STAFF_ONLY,
    "chroniques_admin.confirm_attendance": STAFF_ONLY, "chroniques_admin.mark_attendance": STAFF_ONLY,
    "chroniques_admin.summary": STAFF_ONLY,
    "messages_admin.message_list": STAFF_ONLY, "messages_admin.new_message": STAFF_ONLY,
    "messages_admin.message_detail": Access(STAFF, {"registrant_message_id": "session_id"}),
    "messages_admin.reminder_rules": STAFF_ONLY,
    "messages_admin.message_action": Access(STAFF, {"registrant_message_id": "session_id"}),
    "reports_admin.index": STAFF_ONLY, "reports_admin.event_figures": STAFF_ONLY,
    "reports_admin.event_export": STAFF_ONLY, "reports_admin.series_figures": STAFF_ONLY,
    "reports_admin.series_export": STAFF_ONLY, "reports_admin.year_figures": STAFF_ONLY,
    "reports_admin.year_export": STAFF_ONLY,
    # Contacts, audiences and invitation campaigns (ids of rows that need not exist: staff get 404, others the login)
    "contacts_admin.contact_list": STAFF_ONLY, "contacts_admin.import_contacts": STAFF_ONLY,
    "contacts_admin.confirm_import": STAFF_ONLY, "contacts_admin.audience_list": STAFF_ONLY,
    "contacts_admin.contact_page": Access(STAFF, {"contact_id": "person_id"}),
    "contacts_admin.edit_contact": Access(STAFF, {"contact_id": "person_id"}),
    "contacts_admin.contact_action": Access(STAFF, {"contact_id": "person_id"}),
    "contacts_admin.rename_audience": Access(STAFF, {"audience_id": "person_id"}),
    "contacts_admin.audience_action": Access(STAFF, {"audience_id": "person_id"}),
    "campaigns_admin.campaign_list": STAFF_ONLY, "campaigns_admin.edit_campaign": Access(STAFF, CAMPAIGN),
    "campaigns_admin.preview": Access(STAFF, CAMPAIGN), "campaigns_admin.send_test": Access(STAFF, CAMPAIGN),
    "campaigns_admin.send_now": Access(STAFF, CAMPAIGN), "campaigns_admin.schedule": Access(STAFF, CAMPAIGN),
    "campaigns_admin.campaign_action": Access(STAFF, CAMPAIGN), "campaigns_admin.set_rate": Access(STAFF, CAMPAIGN),
    "survey_admin.builder": STAFF_ONLY, "survey_admin.edit_settings": STAFF_ONLY,
    "survey_admin.add_question": STAFF_ONLY, "survey_admin.edit_question": STAFF_ONLY,
    "survey_admin.question_action": Access(STAFF, last=True), "survey_admin.survey_action": Access(STAFF, last=True),
    "survey_admin.results": STAFF_ONLY, "survey_admin.export": STAFF_ONLY,
    "syntheses_admin.index": STAFF_ONLY, "syntheses_admin.session_page": STAFF_ONLY,
    "syntheses_admin.act": Access(STAFF, last=True), "syntheses_admin.proceedings": STAFF_ONLY,
    "meetings_schedule.page": STAFF_ONLY, "meetings_schedule.run": Access(STAFF, last=True),
    "meetings_desk.meetings": DESK_ONLY, "meetings_schedule.download": STAFF_ONLY,
    "meetings_desk.held": Access(DESK, {"meeting_id": "session_id"}, last=True),
    # The reception desk: desk accounts, organisers and admins
    "checkin_desk.index": DESK_ONLY, "checkin_desk.desk": DESK_ONLY, "checkin_desk.search": DESK_ONLY,
    "checkin_desk.arrivals": DESK_ONLY, "checkin_desk.arrivals_csv": DESK_ONLY,
    "checkin_desk.badge": DESK_ONLY,
    # The check-in API: a desk token (Bearer, see test_checkin_api_takes_desk_tokens_of_its_event_only) or
    # the session of a desk account, organiser or admin with the CSRF token; here, the sessions
    "checkin_api.scan": DESK_ONLY, "checkin_api.manual": DESK_ONLY, "checkin_api.undo": DESK_ONLY,
    # The development outbox (MAIL_OUTBOX_PAGE, on under `flask start`; 404 for staff when off)
    "mail_outbox.outbox": STAFF_ONLY, "mail_outbox.message": Access(STAFF, {"message_id": "session_id"}),
    # Opt-outs and bounces (organisers); the opt-out page of bulk mail (its signed token names the address)
    "mail_admin.suppressions": STAFF_ONLY,
    "mail_admin.bounce_action": Access(STAFF, {"suppression_id": "session_id"}),
    "mail_public.unsubscribe_page": Access(DELEGATE, {"token": "unsubscribe_token"}),
    "mail_public.unsubscribe": Access(DELEGATE, {"token": "unsubscribe_token"}),
    # Bilateral meetings (organisers)
    "meetings_admin.index": STAFF_ONLY, "meetings_admin.themes": STAFF_ONLY, "meetings_admin.blocks": STAFF_ONLY,
    "meetings_admin.tables": STAFF_ONLY, "meetings_admin.interpreters": STAFF_ONLY,
    "meetings_admin.protocol": STAFF_ONLY,
    "meetings_admin.request_action": Access(STAFF, {"request_id": "meeting_request_id"}, last=True),
    "meetings_admin.pin": Access(STAFF, {"meeting_id": "session_id"}, last=True),
    "meetings_admin.meeting_action": Access(STAFF, {"meeting_id": "session_id"}, last=True),
    "meetings_admin.item_action": Access(STAFF, {"item_id": "session_id"}, last=True),
    # Admins only
    "audit.audit_log": Access(ADMIN),
}


def matrix_values(db) -> dict:
    """One record of each kind the routes need (every staff route of an event uses the RAICT one)."""
    raict = make_event(status=EventStatus.REGISTRATION_OPEN)
    assises = make_event(kind=EventKind.ASSISES, partner_country="VN")
    series = EventSeries(slug="chroniques-2030", kind=EventKind.CHRONIQUE, title_fr="Chroniques", title_en="Chronicles")
    db.session.add(series)
    chronique = make_event(kind=EventKind.CHRONIQUE, series=series)
    session = make_session(raict, room=make_room(raict))
    speaker = add_speaker(session, make_person())
    track = make_track(raict)
    from app.people.operations import save_protocol_rank

    rank = save_protocol_rank("Maire", "Mayor", 60)
    letter = make_registration(raict, make_person(country="VN"), invitation_letter=InvitationLetterStatus.APPROVED,
                               invitation_letter_approved_at=utcnow(), passport_number="C1234567", nationality="VN",
                               passport_expires_on=date(2035, 1, 1), date_of_birth=date(1980, 5, 1))
    plain = make_registration(raict, make_person(country="SN"))
    delegation = Delegation(event=raict, name="Délégation du Vietnam", country="VN")
    db.session.add(delegation)
    letter.delegation = delegation
    from app.checkin.operations import issue_desk_token
    from app.chroniques.access import request_access

    desk_token, _token = issue_desk_token(raict, "B")
    access_request = request_access(chronique, make_person(country="FR"))
    from app.survey import operations as survey
    from app.survey.models import QuestionKind, SurveyStatus
    from app.syntheses.operations import assign_rapporteur

    question = survey.add_question(raict, survey.QuestionValues(QuestionKind.RATING, "Note", "Rating", [], True),
                                   actor="test")
    survey.set_status(raict, SurveyStatus.OPEN, actor="test")
    synthesis = assign_rapporteur(session, plain, None, actor="test")
    meetings = _meeting_values(raict, plain, letter)
    db.session.commit()
    return {"raict_slug": raict.slug, "assises_slug": assises.slug, "chronique_slug": chronique.slug,
            "slug": raict.slug, "kind": "raict", "series_slug": series.slug, "track_slug": track.slug,
            "session_id": session.id, "speaker_id": speaker.id, "room_id": session.room_id, "track_id": track.id,
            "person_id": speaker.person_id, "rank_id": rank.id, "registration_id": letter.id,
            "delegation_id": delegation.id, "static_file": "css/site.css", "service": "google",
            "registration_token": plain.manage_token, "letter_token": letter.manage_token,
            "calendar_token": plain.calendar_token, "delegation_token": delegation.manage_token,
            "token_id": desk_token.id, "request_id": access_request.id, "year": raict.local_start.year,
            "unsubscribe_token": unsubscribe_token(plain.person.email),
            "question_id": question.id, "synthesis_token": synthesis.token,
            **meetings}


def _meeting_values(raict, plain, letter) -> dict:
    """The delegate's collectivité, another one with a cooperation profile, and a request to the delegate."""
    from app.core.extensions import db
    from app.meetings.models import CooperationProfile
    from app.meetings.operations import ask
    from tests.factories import make_collectivite

    own, other = make_collectivite(country="SN"), make_collectivite(country="VN")
    plain.person.collectivite_id = own.id
    db.session.add(CooperationProfile(event_id=raict.id, collectivite_id=other.id, languages="vi"))
    db.session.flush()
    request = ask(letter, letter, to_registration=plain, message="Water", actor="test")
    return {"own_collectivite_id": own.id, "other_collectivite_id": other.id, "meeting_request_id": request.id}


def requests_for(app, values: dict, role: str) -> list[tuple[str, str, str, Access]]:
    """(endpoint, method, url, access) for every rule of the URL map, as ``role`` would build it."""
    requests = []
    for rule in app.url_map.iter_rules():
        access = MATRIX.get(rule.endpoint)
        if access is None:
            continue
        for arguments in _argument_sets(rule, access, values, role):
            url = rule.build(arguments, append_unknown=False)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                requests.append((rule.endpoint, method, url, access))
    return sorted(requests, key=lambda item: (item[3].last, item[1] != "GET", item[0] == "auth.logout"))


def _argument_sets(rule, access: Access, values: dict, role: str) -> list[dict]:
    sets: list[dict] = [{}]
    for name in sorted(rule.arguments):
        key = access.args.get(name, name)
        converter = rule._converters[name]
        if name == "token":
            choices = [values[key] if role == "delegate" else FAKE_TOKEN]
        elif key in values:
            choices = [values[key]]
        elif isinstance(converter, AnyConverter):
            choices = list(converter.items)
        else:
            raise AssertionError(f"{rule.endpoint}: no value for <{name}>: add it to matrix_values or Access.args")
        sets = [{**partial, name: choice} for partial in sets for choice in choices]
    return sets


def refused(response, access: Access) -> bool:
    if "token" in (access.args or {}):
        return response.status_code == 404
    if response.status_code == 302 and "/login" in response.headers.get("Location", ""):
        return True
    return response.status_code in (401, 403)


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - set(MATRIX)) == [], "routes missing from MATRIX: say which roles may use them"
    assert sorted(set(MATRIX) - endpoints) == [], "MATRIX lists endpoints the app no longer has"


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_matrix_says(app, client, db, role):
    values = matrix_values(db)
    if role in ("desk", "organiser", "admin"):
        login_as(client, db, Role(role))
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    requests = requests_for(app, values, role)
    assert len(requests) >= 100
    wrong = []
    for endpoint, method, url, access in requests:
        response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code < 500, (method, url, response.status_code)
        if refused(response, access) == (role in access.roles):
            wrong.append((endpoint, method, url, response.status_code))
    assert wrong == [], f"as {role}: answered against the matrix"


def test_checkin_api_takes_desk_tokens_of_its_event_only(app, client, db):
    """The check-in API's other way in: ``Authorization: Bearer <desk token>``, for its own event only,
    no CSRF token needed; a revoked, unknown or malformed token is refused like no login at all."""
    from app.checkin.operations import issue_desk_token, revoke_desk_token
    from app.events.queries import find_event_by_slug

    raict = matrix_values(db)["raict_slug"]
    other = make_event()
    _own_row, own = issue_desk_token(find_event_by_slug(raict), "C")
    _other_row, foreign = issue_desk_token(other, "D")
    revoked_row, revoked = issue_desk_token(other, "E")
    revoke_desk_token(revoked_row)
    db.session.commit()
    body = {"code": "not a badge", "desk": "C", "nonce": "matrix-1"}
    for endpoint in ("scan", "manual", "undo"):
        url = f"/api/checkin/{raict}/{endpoint}"
        for header, expected in [(f"Bearer {own}", {200, 400, 404}), (f"Bearer {foreign}", {403}),
                                 (f"Bearer {revoked}", {401}), ("Bearer " + FAKE_TOKEN, {401}),
                                 (f"Basic {own}", {401}), ("Bearer", {401}), (None, {401})]:
            response = client.post(url, json=body, headers={"Authorization": header} if header else {})
            assert response.status_code in expected, (endpoint, header and header[:8], response.status_code)
            assert response.is_json
    assert client.post(f"/api/checkin/{raict}/scan", json={**body, "nonce": "matrix-3"},
                       headers={"Authorization": f"Bearer {own}"}).get_json()["status"] == "invalid"


def test_checkin_api_session_needs_the_csrf_header(client, db):
    values = matrix_values(db)
    login_as(client, db, Role.DESK)
    url = f"/api/checkin/{values['raict_slug']}/scan"
    body = {"code": "not a badge", "desk": "A", "nonce": "matrix-2"}
    refused_answer = client.post(url, json=body)
    assert refused_answer.status_code == 400 and "CSRF" in refused_answer.get_json()["error"]
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post(url, json=body, headers={"X-CSRFToken": token}).get_json()["status"] == "invalid"

