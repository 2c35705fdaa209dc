"""Chroniques changes made by the operations (as a CLI or API would) leave the organisers' pages' audit lines."""
from __future__ import annotations

from app.chroniques import access, attendance_import
from app.chroniques.models import AccessRequest, AccessRequestStatus
from app.chroniques.operations import save_summary
from app.core.extensions import db as _db
from app.core.tabular import Table
from app.registration.models import AttendanceSource
from tests.audit.lines import last_line
from tests.chroniques.builders import build_series
from tests.factories import make_person, make_registration


def _request(built, **fields) -> AccessRequest:
    request = AccessRequest(event=built.upcoming[0], person=make_person(collectivite_id=built.outsider.id),
                            language="fr", **fields)
    _db.session.add(request)
    _db.session.flush()
    return request


def test_grant_and_refuse_write_audit_lines(app, db):
    built = build_series()
    granted, refused = _request(built, whole_series=True), _request(built)
    access.grant(granted, None, actor="system")
    access.refuse(refused, None, actor="system")
    assert granted.status == AccessRequestStatus.GRANTED and refused.status == AccessRequestStatus.REFUSED
    assert last_line(db, "access_request.grant") == (
        "access_request.grant", "system", None, "access_request", granted.id, built.upcoming[0].id,
        {"person_id": granted.person_id, "whole_series": True})
    assert last_line(db, "access_request.refuse")[6] == {"person_id": refused.person_id, "whole_series": False}


def test_import_attendance_and_mark_write_audit_lines(app, db):
    built = build_series()
    chronicle = built.past[0]
    present, absent = make_registration(chronicle), make_registration(chronicle)
    table = Table(columns=list(attendance_import.COLUMNS), rows=[
        (2, {"name": "", "email": present.person.email, "joined_at": "", "left_at": "", "minutes": "42"}),
        (3, {"name": "Personne Inconnue", "email": "", "joined_at": "", "left_at": "", "minutes": ""})])
    assert attendance_import.import_attendance(chronicle, table, actor="system") == 1
    assert present.attendance_source == AttendanceSource.IMPORT and present.attendance_minutes == 42
    assert last_line(db, "attendance.import") == ("attendance.import", "system", None, "event", chronicle.id,
                                                  chronicle.id, {"rows": 2, "recorded": 1})
    attendance_import.mark(absent, True, actor="system")
    attendance_import.mark(present, False, actor="system")
    assert last_line(db, "attendance.present")[:6] == ("attendance.present", "system", None, "registration",
                                                       absent.id, chronicle.id)
    assert last_line(db, "attendance.absent")[:6] == ("attendance.absent", "system", None, "registration",
                                                      present.id, chronicle.id)


def test_save_summary_writes_audit_line(app, db):
    chronicle = build_series().past[0]
    save_summary(chronicle, "Compte rendu", "", actor="system")
    assert chronicle.summary_fr == "Compte rendu" and chronicle.summary_en is None
    assert last_line(db, "event.summary") == ("event.summary", "system", None, "event", chronicle.id, chronicle.id,
                                              {"summary_fr": 12, "summary_en": 0})
