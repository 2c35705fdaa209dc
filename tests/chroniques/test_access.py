"""Members register directly; others ask for access, which organisers grant or refuse (mails both ways)."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.auth.models import Role
from app.chroniques import access
from app.chroniques.models import AccessRequest, AccessRequestStatus
from app.mail.models import OutboxMessage
from app.registration.models import Registration, RegistrationStatus
from tests.backoffice.helpers import login_as, post_form
from tests.chroniques.builders import JOIN_URL, build_series, form_data, make_chronicle
from tests.conftest import csrf_token_from
from tests.factories import make_person, make_registration
from tests.registration.helpers import register_by_mail


def registrations(db) -> list[Registration]:
    return list(db.session.scalars(sa.select(Registration).order_by(Registration.id)))


def subjects(db, address: str) -> list[str]:
    return list(db.session.scalars(sa.select(OutboxMessage.subject).where(OutboxMessage.to_address == address)
                                   .order_by(OutboxMessage.id)))


def test_member_registers_directly_and_to_the_whole_series_at_once(client, db):
    built = build_series()
    db.session.commit()
    response = register_by_mail(client, built.upcoming[0], form_data("m@lyon.fr", built.member.id, whole_series="y"))
    assert response.status_code == 303  # the link from the mail: registered, then the thanks page
    assert [(r.event_id, r.status) for r in registrations(db)] == [
        (event.id, RegistrationStatus.CONFIRMED) for event in built.upcoming]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessRequest)) == 0


def test_non_member_files_an_access_request_and_is_not_registered(app, client, db):
    app.config["ORGANISERS_EMAIL"] = "chroniques@cites-unies.example.org"
    built = build_series()
    db.session.commit()
    response = register_by_mail(client, built.upcoming[0], form_data("o@villeneuve.fr", built.outsider.id))
    assert response.status_code == 200 and "access-requested" in response.get_data(as_text=True)
    assert registrations(db) == []
    [request] = db.session.scalars(sa.select(AccessRequest)).all()
    assert request.status == AccessRequestStatus.PENDING and request.event_id == built.upcoming[0].id
    assert len(subjects(db, "o@villeneuve.fr")) == 2  # the address's confirmation, then "request received"
    assert len(subjects(db, "chroniques@cites-unies.example.org")) == 1
    register_by_mail(client, built.upcoming[0], form_data("o@villeneuve.fr", built.outsider.id))  # asks again
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessRequest)) == 1


def test_a_known_outsider_cannot_claim_a_member_collectivite(client, db):
    built = build_series()

    make_person(email="known@villeneuve.fr", collectivite_id=built.outsider.id)
    db.session.commit()
    register_by_mail(client, built.upcoming[0], form_data("known@villeneuve.fr", built.member.id))
    assert registrations(db) == [] and db.session.scalar(sa.select(sa.func.count()).select_from(AccessRequest)) == 1


def test_member_of_approval_chronicle_is_pending(client, db):
    built = build_series()
    built.upcoming[0].requires_approval = True
    db.session.commit()
    register_by_mail(client, built.upcoming[0], form_data("m@lyon.fr", built.member.id))
    assert [r.status for r in registrations(db)] == [RegistrationStatus.PENDING]


def test_organiser_grants_a_request_for_the_whole_series(client, db):
    built = build_series()
    db.session.commit()
    register_by_mail(client, built.upcoming[0], form_data("o@villeneuve.fr", built.outsider.id, whole_series="y"))
    request = db.session.scalar(sa.select(AccessRequest))
    login_as(client, db, Role.ORGANISER)
    response = post_form(client, f"/organiser/chroniques/access-requests/{request.id}/grant", {},
                         "/organiser/chroniques/access-requests")
    assert response.status_code == 302
    db.session.expire_all()
    assert request.status == AccessRequestStatus.GRANTED and request.decided_by_id is not None
    assert [(r.event_id, r.status) for r in registrations(db)] == [
        (event.id, RegistrationStatus.CONFIRMED) for event in built.upcoming]
    bodies = list(db.session.scalars(sa.select(OutboxMessage.text_body)
                                     .where(OutboxMessage.to_address == "o@villeneuve.fr")))
    # address confirmation + received + two confirmations
    assert len(bodies) == 4 and sum(JOIN_URL in body for body in bodies) == 2
    # answered once: a second click changes nothing
    again = post_form(client, f"/organiser/chroniques/access-requests/{request.id}/refuse", {},
                      "/organiser/chroniques/access-requests")
    assert again.status_code == 302 and len(registrations(db)) == 2


def test_organiser_refuses_a_request_and_the_requester_is_told(client, db):
    built = build_series()
    db.session.commit()
    register_by_mail(client, built.upcoming[0], form_data("o@villeneuve.fr", built.outsider.id))
    request = db.session.scalar(sa.select(AccessRequest))
    login_as(client, db, Role.ORGANISER)
    page = client.get("/organiser/chroniques/access-requests").get_data(as_text=True)
    assert "o@villeneuve.fr" in page
    client.post(f"/organiser/chroniques/access-requests/{request.id}/refuse", data={"csrf_token": csrf_token_from(page)})
    db.session.expire_all()
    assert request.status == AccessRequestStatus.REFUSED and registrations(db) == []
    assert len(subjects(db, "o@villeneuve.fr")) == 3  # address confirmation, received, refused


def test_granted_person_registers_directly_to_the_next_chronicle_in_one_click(client, db):
    built = build_series()
    db.session.commit()
    register_by_mail(client, built.upcoming[0], form_data("o@villeneuve.fr", built.outsider.id))

    access.grant(db.session.scalar(sa.select(AccessRequest)), None)
    db.session.commit()
    [first] = registrations(db)
    page = client.get(f"/registration/{first.manage_token}").get_data(as_text=True)
    assert "Détroits" in page
    client.post(f"/chroniques/registration/{first.manage_token}/next", data={"csrf_token": csrf_token_from(page)})
    assert [(r.event_id, r.status) for r in registrations(db)] == [
        (event.id, RegistrationStatus.CONFIRMED) for event in built.upcoming]
    # nothing left to register to: the button is gone
    assert "/next" not in client.get(f"/registration/{first.manage_token}").get_data(as_text=True)


def test_one_click_needs_the_csrf_token(client, db):
    built = build_series()
    db.session.commit()
    register_by_mail(client, built.upcoming[0], form_data("m@lyon.fr", built.member.id))
    [first] = registrations(db)
    assert client.post(f"/chroniques/registration/{first.manage_token}/next").status_code == 400
    assert len(registrations(db)) == 1


def test_series_page_lists_past_and_upcoming_with_speakers(client, db):
    built = build_series()
    db.session.commit()
    page = client.get(f"/chroniques/{built.series.slug}/").get_data(as_text=True)
    upcoming, past = page.split('class="chronicles upcoming"')[1].split('class="chronicles past"')
    assert upcoming.index("Japon") < upcoming.index("Détroits") and "Ukraine" not in upcoming
    assert past.index("Brésil") < past.index("Ukraine")
    assert "Hélène Experte Japon" in upcoming and "Résumé de Japon" in upcoming and "Thème Japon" in upcoming


def test_member_registers_to_all_following_chronicles_from_the_private_page(client, db):
    built = build_series()
    later = built.upcoming[-1].starts_at

    third = make_chronicle(built.series, later + timedelta(days=30), "Caucase")
    db.session.commit()
    register_by_mail(client, built.upcoming[0], form_data("m@lyon.fr", built.member.id))
    [first] = registrations(db)
    page = client.get(f"/registration/{first.manage_token}").get_data(as_text=True)
    assert "(2)" in page  # "all the following chronicles (2)"
    client.post(f"/chroniques/registration/{first.manage_token}/series", data={"csrf_token": csrf_token_from(page)})
    assert [r.event_id for r in registrations(db)] == [built.upcoming[0].id, built.upcoming[1].id, third.id]


def test_a_grant_never_overfills_a_chronicle(db):
    built = build_series()
    chronicle = built.upcoming[0]
    chronicle.capacity = 1

    make_registration(chronicle, make_person(collectivite_id=built.member.id))
    request = access.request_access(chronicle, make_person(collectivite_id=built.outsider.id))
    [registration] = access.grant(request, None)
    assert registration.status == RegistrationStatus.WAITLISTED


def test_a_newcomer_claiming_a_member_collectivite_asks_for_access_and_gets_no_link(client, db):
    """Anyone can pick a member's name in the form's list: a claim an organiser checks, never a pass."""
    built = build_series()
    chronicle = built.upcoming[0]
    db.session.commit()
    response = register_by_mail(client, chronicle, form_data("newcomer@example.org", built.member.id))
    assert response.status_code == 200 and "access-requested" in response.get_data(as_text=True)
    assert registrations(db) == []
    [request] = db.session.scalars(sa.select(AccessRequest)).all()
    assert request.status == AccessRequestStatus.PENDING
    mails = db.session.scalars(sa.select(OutboxMessage)).all()
    assert mails and all(JOIN_URL not in mail.text_body + (mail.html_body or "") for mail in mails)


def test_organisers_see_the_collectivite_claimed_on_the_form_next_to_the_request(client, db):
    built = build_series()
    db.session.commit()
    register_by_mail(client, built.upcoming[0], form_data("newcomer@example.org", built.member.id))
    login_as(client, db, Role.ORGANISER)
    page = client.get("/organiser/chroniques/access-requests").get_data(as_text=True)
    row = page.split('id="access-request-', 1)[1].split("</tr>", 1)[0]
    assert "Lyon" in row and "déclarée sur le formulaire" in row
