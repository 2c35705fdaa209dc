"""``flask badges pdf``: filters, formats, bad input, unprintable names named on stderr."""
from __future__ import annotations

from app.badges.tokens import badge_code_for
from app.registration.models import DelegationSide, RegistrationCategory, RegistrationStatus
from tests.badges.helpers import decode_qr_codes, delegation, registration_in, require_zbar
from tests.factories import make_event, make_person, make_registration
from tests.pdf_support import normalised, page_count, pdf_text, require_pdf_tools


def _event(db):
    event = make_event()
    partner = delegation(event, DelegationSide.PARTNER)
    members = [registration_in(event, script, RegistrationCategory.DELEGATION_MEMBER, delegation=partner)
               for script in ("han_simplified", "kana", "armenian")]
    others = [make_registration(event, category=RegistrationCategory.VIP), make_registration(event)]
    make_registration(event, status=RegistrationStatus.CANCELLED)
    db.session.commit()
    return event, partner, members, others


def test_cli_writes_all_confirmed_badges(cli, db, tmp_path):
    require_pdf_tools()
    event, _partner, members, others = _event(db)
    output = tmp_path / "badges.pdf"
    result = cli.invoke(args=["badges", "pdf", event.slug, "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "5 badges (a6" in result.output
    body = output.read_bytes()
    assert page_count(body) == 5
    text = normalised(pdf_text(body))
    assert "张伟" in text and "やまだタロウ" in text and "Արամ Սարգսյան" in text


def test_cli_filters_by_delegation_and_category_in_a4x4(cli, db, tmp_path):
    require_pdf_tools()
    require_zbar()
    event, partner, members, others = _event(db)
    output = tmp_path / "delegation.pdf"
    result = cli.invoke(args=["badges", "pdf", event.slug, "-o", str(output), "--delegation", str(partner.id),
                              "--format", "a4x4"])
    assert result.exit_code == 0, result.output
    assert page_count(output.read_bytes()) == 1
    assert decode_qr_codes(output.read_bytes()) == sorted(badge_code_for(item) for item in members)
    result = cli.invoke(args=["badges", "pdf", event.slug, "-o", str(output), "--category", "vip"])
    assert result.exit_code == 0 and "1 badges" in result.output
    assert decode_qr_codes(output.read_bytes()) == [badge_code_for(others[0])]


def test_cli_bad_slug_delegation_or_category_is_refused(cli, db, tmp_path):
    event, partner, members, others = _event(db)
    output = tmp_path / "nothing.pdf"
    result = cli.invoke(args=["badges", "pdf", "no-such-event", "-o", str(output)])
    assert result.exit_code == 1 and "no event with the short name 'no-such-event'" in result.output
    other = delegation(make_event(), None)
    db.session.commit()
    result = cli.invoke(args=["badges", "pdf", event.slug, "-o", str(output), "--delegation", str(other.id)])
    assert result.exit_code == 1 and f"no delegation {other.id}" in result.output
    result = cli.invoke(args=["badges", "pdf", event.slug, "-o", str(output), "--category", "astronaut"])
    assert result.exit_code == 2 and "astronaut" in result.output
    result = cli.invoke(args=["badges", "pdf", event.slug, "-o", str(output), "--format", "a3"])
    assert result.exit_code == 2
    result = cli.invoke(args=["badges", "pdf", event.slug, "-o", str(output), "--category", "press"])
    assert result.exit_code == 1 and "no badge to print" in result.output
    assert not output.exists()


def test_cli_names_unprintable_registrations_and_exits_1(cli, db, tmp_path):
    require_pdf_tools()
    event, _partner, members, others = _event(db)
    bad = make_registration(event, make_person(given_name="Zoé", family_name="Zed\ue000"))
    db.session.commit()
    output = tmp_path / "badges.pdf"
    result = cli.invoke(args=["badges", "pdf", event.slug, "-o", str(output)])
    assert result.exit_code == 1
    assert f"not printed: registration #{bad.id} Zoé Zed\ue000: U+E000" in result.output
    assert page_count(output.read_bytes()) == 5  # the others are printed all the same
