"""Badge pages: organisers' run (filters, formats, progress stream, reprints), the desk's badge, the private link."""
from __future__ import annotations

import re

import pytest

from app.auth.models import Role
from app.badges.tokens import badge_code_for, read_badge_code
from app.registration.models import DelegationSide, RegistrationCategory, RegistrationStatus
from tests.backoffice.helpers import login_as, post_form
from tests.badges.helpers import decode_qr_codes, delegation, registration_in, require_zbar
from tests.factories import make_event, make_person, make_registration
from tests.pdf_support import normalised, page_count, pdf_text, require_pdf_tools


def _event_with_badges(db):
    event = make_event()
    french = delegation(event, DelegationSide.FRENCH, "Délégation française")
    partner = delegation(event, DelegationSide.PARTNER, "Délégation du Vietnam")
    members = [registration_in(event, "vietnamese", RegistrationCategory.DELEGATION_MEMBER, delegation=partner),
               registration_in(event, "hangul", RegistrationCategory.DELEGATION_MEMBER, delegation=partner),
               make_registration(event, category=RegistrationCategory.DELEGATION_MEMBER, delegation=french),
               make_registration(event, category=RegistrationCategory.SPEAKER),
               make_registration(event, category=RegistrationCategory.PRESS)]
    make_registration(event, status=RegistrationStatus.PENDING)
    db.session.commit()
    return event, french, partner, members


def test_badge_page_lists_confirmed_registrations_and_reports_unprintable_names(app, client, db):
    event, _french, _partner, members = _event_with_badges(db)
    bad = make_registration(event, make_person(given_name="Zoé", family_name="Zed\ue000"))
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    page = client.get(f"/organiser/events/{event.slug}/badges/").get_data(as_text=True)
    assert 'data-count="5"' in page
    assert f'data-registration="{bad.id}"' in page and "U+E000" in page
    assert f"/desk/{event.slug}/badges/{members[0].id}.pdf" in page


def test_badge_page_filters_by_delegation_and_category(app, client, db):
    event, french, partner, members = _event_with_badges(db)
    login_as(client, db, Role.ORGANISER)
    base = f"/organiser/events/{event.slug}/badges/"
    assert 'data-count="2"' in client.get(f"{base}?delegation={partner.id}").get_data(as_text=True)
    assert 'data-count="1"' in client.get(f"{base}?category=french_delegation").get_data(as_text=True)
    assert 'data-count="0"' in client.get(f"{base}?delegation={french.id}&category=speaker").get_data(as_text=True)
    other = delegation(make_event(), None)
    db.session.commit()
    assert client.get(f"{base}?delegation={other.id}").status_code == 404  # another event's delegation
    for junk in ("²", "-1", "x", "9" * 30):  # ignored, not an error
        assert 'data-count="5"' in client.get(f"{base}?delegation={junk}&category=astronaut&format=a3").get_data(as_text=True)


def test_badge_run_pdf_in_both_formats(app, client, db):
    require_pdf_tools()
    event, _french, partner, members = _event_with_badges(db)
    login_as(client, db, Role.ORGANISER)
    response = client.get(f"/organiser/events/{event.slug}/badges/badges.pdf?format=a4x4")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert page_count(response.data) == 2  # 5 badges, 4 a sheet
    response = client.get(f"/organiser/events/{event.slug}/badges/badges.pdf?format=a6&delegation={partner.id}")
    assert page_count(response.data) == 2
    assert "Nguyễn Thị Hương" in normalised(pdf_text(response.data))


def test_badge_run_stream_reports_progress_then_the_pdf(app, client, db):
    require_pdf_tools()
    require_zbar()
    event, _french, _partner, members = _event_with_badges(db)
    bad = make_registration(event, make_person(family_name="Zed\ue000"))
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    response = client.get(f"/organiser/events/{event.slug}/badges/badges.stream?format=a4x4")
    assert response.status_code == 200
    body = response.data
    header, _, rest = body.partition(b"\nfile ")
    lines = header.decode().split("\n")
    assert lines[0] == "progress 0 5" and lines[-2] == "progress 5 5" and lines[-1] == f"skipped {bad.id}"
    length, _, pdf = rest.partition(b"\n")
    assert int(length) == len(pdf) and pdf.startswith(b"%PDF")
    assert decode_qr_codes(pdf, page=1) == sorted(badge_code_for(item) for item in
                                                  _in_print_order(members)[:4])


def _in_print_order(registrations):
    return sorted(registrations, key=lambda item: ((item.person.family_name_latin or item.person.family_name).lower(),
                                                   (item.person.given_name_latin or item.person.given_name).lower(),
                                                   item.id))


def test_badge_reprint_bumps_version_with_csrf(app, client, db):
    event, _french, _partner, members = _event_with_badges(db)
    login_as(client, db, Role.ORGANISER)
    target = members[0]
    url = f"/organiser/events/{event.slug}/badges/{target.id}/reprint"
    assert client.post(url).status_code == 400  # no CSRF token
    db.session.refresh(target)
    assert target.badge_version == 1
    old_code = badge_code_for(target)
    response = post_form(client, url + "?slug=other&format=a4x4&category=partner_delegation", {},
                         page_url=f"/organiser/events/{event.slug}/badges/")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/organiser/events/{event.slug}/badges/?format=a4x4"
                                                 "&category=partner_delegation")
    db.session.refresh(target)
    assert target.badge_version == 2
    assert read_badge_code(old_code).version < target.badge_version  # the old badge now scans as superseded
    pending = make_registration(event, status=RegistrationStatus.PENDING)
    db.session.commit()
    post_form(client, f"/organiser/events/{event.slug}/badges/{pending.id}/reprint", {},
              page_url=f"/organiser/events/{event.slug}/badges/")
    db.session.refresh(pending)
    assert pending.badge_version == 1


@pytest.mark.parametrize("role", [Role.DESK, Role.ORGANISER, Role.ADMIN])
def test_desk_badge_allowed_for_desk_organiser_and_admin(app, client, db, role):
    require_pdf_tools()
    event, _french, _partner, members = _event_with_badges(db)
    login_as(client, db, role)
    response = client.get(f"/desk/{event.slug}/badges/{members[1].id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "김민준" in normalised(pdf_text(response.data))


def test_desk_badge_refuses_anonymous_other_event_and_unconfirmed(app, client, db):
    event, _french, _partner, members = _event_with_badges(db)
    pending = make_registration(event, status=RegistrationStatus.PENDING)
    other = make_event()
    db.session.commit()
    response = client.get(f"/desk/{event.slug}/badges/{members[0].id}.pdf")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login_as(client, db, Role.DESK)
    assert client.get(f"/desk/{other.slug}/badges/{members[0].id}.pdf").status_code == 404
    assert client.get(f"/desk/{event.slug}/badges/{pending.id}.pdf").status_code == 404
    assert client.get(f"/desk/{event.slug}/badges/999999.pdf").status_code == 404


def test_desk_role_refused_on_organiser_badge_pages(app, client, db):
    event, _french, _partner, members = _event_with_badges(db)
    login_as(client, db, Role.DESK)
    for url in (f"/organiser/events/{event.slug}/badges/", f"/organiser/events/{event.slug}/badges/badges.pdf",
                f"/organiser/events/{event.slug}/badges/badges.stream"):
        assert client.get(url).status_code == 403, url


def test_private_link_badge_only_once_confirmed(app, client, db):
    require_pdf_tools()
    event = make_event()
    registration = registration_in(event, "arabic", status=RegistrationStatus.PENDING)
    db.session.commit()
    url = f"/registration/{registration.manage_token}/badge.pdf"
    assert client.get(url).status_code == 404
    assert "badge.pdf" not in client.get(f"/registration/{registration.manage_token}").get_data(as_text=True)
    registration.status = RegistrationStatus.CONFIRMED
    db.session.commit()
    assert "badge.pdf" in client.get(f"/registration/{registration.manage_token}").get_data(as_text=True)
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "محمد بن علي" in normalised(pdf_text(response.data))
    assert client.get("/registration/not-a-token/badge.pdf").status_code == 404


def test_unprintable_single_badge_answers_503_not_boxes(app, client, db):
    event = make_event()
    registration = make_registration(event, make_person(family_name="Zed\ue000"))
    db.session.commit()
    assert client.get(f"/registration/{registration.manage_token}/badge.pdf").status_code == 503


def test_badge_stream_sends_no_badge_when_none_matches(app, client, db):
    event = make_event()
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    assert client.get(f"/organiser/events/{event.slug}/badges/badges.pdf").status_code == 404
    page = client.get(f"/organiser/events/{event.slug}/badges/").get_data(as_text=True)
    assert 'data-count="0"' in page and not re.search(r'id="badge-run"', page)
