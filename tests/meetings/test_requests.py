"""Meeting requests: asking, mutual wishes, answers, the maximum per person, protocol meetings, and their mails."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.core.extensions import db
from app.meetings import operations
from app.meetings.models import Meeting, MeetingRequest, MeetingStatus, RequestStatus
from app.meetings.operations import MeetingError
from tests.factories import make_person, make_registration
from tests.meetings.helpers import mails_to, make_assises


def test_request_to_a_collectivite_mails_its_people_and_their_head(app):
    a = make_assises()
    request = operations.ask(a.anne, a.anne, to_collectivite=a.hue, message="Water programme", actor="delegate")
    assert request.status == RequestStatus.REQUESTED and not request.mutual
    for registration in (a.binh, a.chi):
        [mail] = mails_to(registration.person.email)
        assert "Demande de rendez-vous de Anne" in mail.subject and "Water programme" in mail.text_body
        assert registration.manage_token in mail.text_body
    assert mails_to(a.dung.person.email) == []
    assert db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.target_type == "meeting_request",
                                                                AuditEntry.target_id == request.id)) \
        == "meetings.requested"


def test_accept_by_head_for_member_creates_one_meeting_and_mails_both_sides(app):
    a = make_assises()
    request = operations.ask(a.anne, a.anne, to_collectivite=a.hue, actor="delegate")
    meeting = operations.accept(request, by=a.binh, attendee=a.chi, actor="delegate")
    assert request.status == RequestStatus.ACCEPTED and request.to_registration_id == a.chi.id
    assert (meeting.side_a_registration_id, meeting.side_b_registration_id) == (a.anne.id, a.chi.id)
    assert meeting.status == MeetingStatus.UNSCHEDULED
    assert any("accepted" in mail.subject for mail in mails_to(a.anne.person.email))
    assert any("Rendez-vous accepté" in mail.subject for mail in mails_to(a.chi.person.email))  # in her language
    with pytest.raises(MeetingError) as error:
        operations.accept(request, by=a.chi, actor="delegate")
    assert error.value.code == "already_answered"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 1


def test_accept_by_someone_of_another_collectivite_is_refused(app):
    a = make_assises()
    request = operations.ask(a.anne, a.anne, to_collectivite=a.hue, actor="delegate")
    with pytest.raises(MeetingError) as error:
        operations.accept(request, by=a.dung, actor="delegate")
    assert error.value.code == "not_yours"
    assert request.status == RequestStatus.REQUESTED


def test_request_to_same_side_refused_on_bilateral_event(app):
    a = make_assises()
    with pytest.raises(MeetingError) as error:
        operations.ask(a.binh, a.binh, to_registration=a.dung, actor="delegate")
    assert error.value.code == "same_side"


def test_request_twice_to_same_target_refused(app):
    a = make_assises()
    operations.ask(a.anne, a.anne, to_registration=a.dung, actor="delegate")
    with pytest.raises(MeetingError) as error:
        operations.ask(a.anne, a.anne, to_registration=a.dung, actor="delegate")
    assert error.value.code == "already_asked"


def test_head_asks_on_behalf_of_member_but_not_of_a_stranger(app):
    a = make_assises()
    request = operations.ask(a.binh, a.chi, to_collectivite=a.lyon, actor="delegate")
    assert request.from_registration_id == a.chi.id and request.asked_by_person_id == a.binh.person_id
    with pytest.raises(MeetingError) as error:
        operations.ask(a.chi, a.binh, to_collectivite=a.nantes, actor="delegate")
    assert error.value.code == "not_yours"


def test_reverse_wish_is_flagged_mutual_and_accepted_as_one_meeting(app):
    a = make_assises()
    first = operations.ask(a.anne, a.anne, to_collectivite=a.hue, actor="delegate")
    second = operations.ask(a.chi, a.chi, to_registration=a.anne, actor="delegate")
    assert second.id == first.id and first.mutual and first.status == RequestStatus.ACCEPTED
    assert first.to_registration_id == a.chi.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingRequest)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 1


def test_decline_with_reason_mails_the_requester(app):
    a = make_assises()
    request = operations.ask(a.anne, a.anne, to_registration=a.dung, actor="delegate")
    operations.decline(request, by=a.dung, reason="No time this year", actor="delegate")
    assert request.status == RequestStatus.DECLINED and request.reason == "No time this year"
    assert any("No time this year" in mail.text_body for mail in mails_to(a.anne.person.email))


def test_cancel_accepted_meeting_by_other_side_cancels_the_meeting(app):
    a = make_assises()
    meeting = operations.accept(operations.ask(a.anne, a.anne, to_registration=a.dung, actor="delegate"),
                                by=a.dung, actor="delegate")
    operations.cancel(meeting.request, by=a.dung, reason="Flight changed", actor="delegate")
    assert meeting.status == MeetingStatus.CANCELLED and meeting.request.status == RequestStatus.CANCELLED
    operations.restore(meeting.request, actor="organiser")
    assert meeting.status == MeetingStatus.UNSCHEDULED and meeting.request.status == RequestStatus.ACCEPTED


def test_maximum_per_person_refuses_one_more_meeting(app):
    a = make_assises()
    operations.save_settings(a.event, slot_minutes=30, max_meetings_per_person=1, requests_open=True, actor="o")
    operations.accept(operations.ask(a.anne, a.anne, to_registration=a.dung, actor="d"), by=a.dung, actor="d")
    request = operations.ask(a.anne, a.anne, to_registration=a.chi, actor="d")
    with pytest.raises(MeetingError) as error:
        operations.accept(request, by=a.chi, actor="d")
    assert error.value.code == "maximum_reached"


def test_closed_requests_refuse_new_requests(app):
    a = make_assises()
    operations.save_settings(a.event, slot_minutes=30, max_meetings_per_person=None, requests_open=False, actor="o")
    with pytest.raises(MeetingError) as error:
        operations.ask(a.anne, a.anne, to_registration=a.dung, actor="d")
    assert error.value.code == "requests_closed"


def test_protocol_meeting_is_accepted_at_once_and_mails_both(app):
    a = make_assises()
    meeting = operations.create_protocol_meeting(a.event, a.anne, a.binh, actor="organiser")
    assert meeting.request.protocol and meeting.request.status == RequestStatus.ACCEPTED
    assert mails_to(a.anne.person.email) and mails_to(a.binh.person.email)


def test_one_meeting_per_request_in_the_database(app):
    a = make_assises()
    meeting = operations.create_protocol_meeting(a.event, a.anne, a.binh, actor="organiser")
    db.session.add(Meeting(event_id=a.event.id, request_id=meeting.request_id, side_a_registration_id=a.anne.id,
                           side_b_registration_id=a.binh.id))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_request_on_chronique_refused(app):
    from app.events.models import EventKind
    from tests.factories import make_event

    event = make_event(kind=EventKind.CHRONIQUE)
    one, two = make_registration(event), make_registration(event, make_person())
    with pytest.raises(MeetingError) as error:
        operations.ask(one, one, to_registration=two, actor="d")
    assert error.value.code == "no_meetings"


def test_person_export_and_erasure_cover_meeting_requests(app):
    from app.registration.privacy import erase_person, export_person

    a = make_assises()
    request = operations.ask(a.anne, a.anne, to_registration=a.dung, message="Call me on +33 6 12", actor="d")
    operations.decline(request, by=a.dung, reason="Away", actor="d")
    exported = export_person(a.anne.person)
    assert exported["meetings"]["requests"][0]["message"] == "Call me on +33 6 12"
    erase_person(a.anne.person, actor="admin")
    assert request.message is None and request.reason is None


def test_request_to_a_colleague_of_the_same_collectivite_refused(app):
    a = make_assises()
    with pytest.raises(MeetingError) as error:
        operations.ask(a.binh, a.binh, to_registration=a.chi, actor="d")
    assert error.value.code == "self"
