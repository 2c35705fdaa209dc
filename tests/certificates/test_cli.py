"""``flask certificates pdf``: one page per attendee by family name, by delegation, refusals; chronicles' recorded
attendance stands for check-ins."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.certificates import operations
from app.events.models import EventKind
from app.registration.models import AttendanceSource, RegistrationStatus
from tests.badges.helpers import delegation, registration_in
from tests.certificates.helpers import check_in, ended_event, with_signer
from tests.factories import make_event, make_person, make_registration
from tests.pdf_support import normalised, page_count, pdf_text, require_pdf_tools


def _event(db):
    event = ended_event()
    with_signer(event)
    partner = delegation(event, None, "Délégation du Japon", "JP")
    members = [registration_in(event, script, delegation=partner) for script in ("kana", "han_simplified")]
    others = [make_registration(event, make_person(family_name="Berger")), registration_in(event, "hebrew")]
    for registration in members + others:
        check_in(registration, event.days[-1])
    make_registration(event)  # never came
    cancelled = make_registration(event, status=RegistrationStatus.CANCELLED)
    check_in(cancelled, event.days[0])
    db.session.commit()
    return event, partner, members, others


def test_cli_writes_one_page_per_attendee_sorted_by_family_name(cli, db, tmp_path):
    require_pdf_tools()
    event, _partner, _members, _others = _event(db)
    output = tmp_path / "certificates.pdf"
    result = cli.invoke(args=["certificates", "pdf", event.slug, "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "4 certificates" in result.output
    body = output.read_bytes()
    assert page_count(body) == 4
    pages = [normalised(pdf_text(body, "-f", str(n), "-l", str(n))) for n in range(1, 5)]
    # Berger, Cohen (כהן), Yamada (やまだ), Zhang (张)
    assert ["Berger" in pages[0], "כהן" in pages[1], "やまだ" in pages[2], "张伟" in pages[3]] == [True] * 4


def test_cli_by_delegation_and_refusals(cli, db, tmp_path):
    require_pdf_tools()
    event, partner, _members, _others = _event(db)
    output = tmp_path / "delegation.pdf"
    result = cli.invoke(args=["certificates", "pdf", event.slug, "-o", str(output), "--delegation", str(partner.id)])
    assert result.exit_code == 0 and page_count(output.read_bytes()) == 2
    other = delegation(make_event(), None)
    upcoming = make_event()
    db.session.commit()
    for args, message in (([event.slug, "--delegation", str(other.id)], "no delegation"),
                          (["no-such-event"], "no-such-event"),
                          ([upcoming.slug], "signataire")):
        result = cli.invoke(args=["certificates", "pdf", *args, "-o", str(tmp_path / "x.pdf")])
        assert result.exit_code != 0 and message in result.output, result.output
    with_signer(upcoming)
    db.session.commit()
    result = cli.invoke(args=["certificates", "pdf", upcoming.slug, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "terminé" in result.output


def test_chronicle_certificate_comes_from_recorded_attendance(app, db):
    require_pdf_tools()
    start = datetime(2023, 10, 12, 18, 0, tzinfo=ZoneInfo("Europe/Paris"))
    event = make_event(kind=EventKind.CHRONIQUE, starts_at=start, ends_at=start + timedelta(hours=1, minutes=30),
                       is_online=True)
    with_signer(event)
    present = registration_in(event, "cyrillic", attended_at=start + timedelta(minutes=5), attendance_minutes=80,
                              attendance_source=AttendanceSource.IMPORT)
    absent = registration_in(event, "greek")
    db.session.flush()
    assert [item.registration.id for item in operations.attendees(event)] == [present.id]
    text = normalised(pdf_text(operations.single_certificate(present, actor="test")))
    assert "Мария Иванова" in text and "jeudi 12 octobre 2023" in text and "en ligne" in text
    assert operations.eligibility(absent)[1] == "absent"
