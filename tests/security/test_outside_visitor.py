"""An outside visitor attacks through the public pages only (issue 14: identity).

The rule: for an anonymous visitor, the only proof of who they are is access to a mailbox; a claim
typed into a public form never grants anything, never overwrites a record and never reveals one.
Each test performs one attack over HTTP (CSRF and all) and checks what a careful reviewer expects;
the database and the outbox (what each mailbox receives) are only read.
"""
from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.chroniques.models import AccessRequest
from app.core.db import utcnow
from app.mail.models import OutboxMessage
from app.people.models import Person
from app.registration.models import Delegation, PendingClaim, Registration, RegistrationStatus
from tests.chroniques.builders import JOIN_URL, build_series
from tests.chroniques.builders import form_data as chronicle_form
from tests.conftest import csrf_token_from
from tests.factories import make_collectivite, make_person, make_registration
from tests.programme.import_helpers import PAYLOAD, errors_in
from tests.registration.helpers import (
    form_data,
    mailed_link,
    open_event,
    open_mailed_link,
    outbox,
    post_registration,
    register_by_mail,
    register_url,
    registrations,
)

PRIVATE_LINK = re.compile(r"/(registration|delegations)/[A-Za-z0-9_-]{20,}")


def mails_to(db, address: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return [message for message in outbox(db) if message.to_address == address]


def reveals_a_private_link(response) -> bool:
    return PRIVATE_LINK.search(response.get_data(as_text=True) + response.headers.get("Location", "")) is not None


def without_csrf(response) -> str:
    """The page, its CSRF token (different on every page) left out."""
    return re.sub(r'name="csrf_token"[^>]*>', "", response.get_data(as_text=True))


def post_form(client, url: str, data: dict, action: str | None = None, **kwargs):
    page = client.get(url).get_data(as_text=True)
    return client.post(action or url, data={**data, "csrf_token": csrf_token_from(page)}, **kwargs)


def delegation_url(event) -> str:
    return f"/{event.kind.url_prefix}/{event.slug}/delegations/new"


def head_data(**overrides) -> dict:
    return {"given_name": "Mallory", "family_name": "Squatter", "email": "victim@example.org", "country": "FR",
            "language": "fr", "delegation_name": "Délégation pirate", "delegation_country": "FR",
            "consent": "y"} | overrides


# --- 1. Members-only chronicles ------------------------------------------------------------------

def test_a_newcomer_claiming_a_member_collectivite_twice_never_joins_a_chronicle(client, db):
    """Found: the first submission put the claimed collectivité on the new person, so the second was confirmed
    and mailed the join link. Even with their own mailbox, the claim stays on the access request."""
    built = build_series()
    chronicle = built.upcoming[0]
    db.session.commit()
    for _ in range(2):
        register_by_mail(client, chronicle, chronicle_form("intruder@example.org", built.member.id))
    assert registrations(db) == []
    person = db.session.scalar(sa.select(Person).where(Person.email == "intruder@example.org"))
    assert person.collectivite_id is None
    [request] = db.session.scalars(sa.select(AccessRequest)).all()
    assert request.collectivite_id == built.member.id  # the claim, for the organisers to check
    assert all(JOIN_URL not in message.text_body for message in mails_to(db, "intruder@example.org"))


def test_a_collectivite_claimed_at_another_event_is_no_pass_to_the_chronicles(client, db):
    """Register to a RAICT (own mailbox, member collectivité picked from the list), then to a chronicle."""
    built = build_series()
    chronicle, raict = built.upcoming[0], open_event()
    db.session.commit()
    register_by_mail(client, raict, form_data(email="claimer@example.org", collectivite_id=str(built.member.id)))
    response = register_by_mail(client, chronicle, chronicle_form("claimer@example.org", built.member.id))
    assert "access-requested" in response.get_data(as_text=True)
    assert [registration.event_id for registration in registrations(db)] == [raict.id]
    assert all(JOIN_URL not in message.text_body for message in mails_to(db, "claimer@example.org"))


# --- 4. Registration squatting ----------------------------------------------------------------------

def test_registering_someone_elses_address_shows_no_link_and_holds_nothing(client, db):
    """Found: whoever first registered an unknown address was shown the private link."""
    event = open_event()
    db.session.commit()
    response = post_registration(client, event, form_data(email="victim@example.org", given_name="Mallory"))
    assert response.status_code == 200 and "Location" not in response.headers
    assert not reveals_a_private_link(response)
    assert registrations(db) == [] and db.session.query(Person).count() == 0  # nothing registered, no one created
    [mail] = mails_to(db, "victim@example.org")  # the link is in the victim's mailbox only
    assert "Mallory" in mail.text_body and "/registration/" in mail.text_body


def test_the_owner_replaces_a_squatters_claim_and_the_squatter_never_reads_the_registration(client, db):
    """Found: the owner registering later was mailed the squatter's link, which the squatter kept using
    (including the visa letter page with the passport number)."""
    event = open_event()
    db.session.commit()
    squatter = post_registration(client, event, form_data(email="victim@example.org", given_name="Mallory"))
    squatters_link = mailed_link(db, "victim@example.org")
    owner = post_registration(client, event, form_data(email="victim@example.org", given_name="Victor"))
    assert owner.get_data(as_text=True) == squatter.get_data(as_text=True)  # neither claim shown to the other
    assert client.get(squatters_link).status_code == 404  # replaced: the earlier mail's link is dead
    confirmed = open_mailed_link(client, mailed_link(db, "victim@example.org"))
    assert confirmed.status_code == 303
    [registration] = registrations(db)
    assert registration.person.given_name == "Victor" and registration.email_confirmed_at is not None
    [entry] = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "registration.address_confirmed"))
    assert (entry.target_id, entry.actor, entry.details) == (registration.id, "delegate", {"form": "registration"})
    for response in (squatter, owner):
        assert registration.manage_token not in response.get_data(as_text=True) and not reveals_a_private_link(response)


def test_an_unconfirmed_registration_holds_no_seat_and_expires(client, db):
    event = open_event(capacity=1)
    db.session.commit()
    post_registration(client, event, form_data(email="never.confirmed@example.org"))
    stale_link = mailed_link(db, "never.confirmed@example.org")
    response = register_by_mail(client, event, form_data(email="real.person@example.org"))
    assert response.status_code == 303
    [registration] = registrations(db)
    assert registration.status == RegistrationStatus.CONFIRMED  # the unconfirmed claim took no seat
    claim = db.session.scalar(sa.select(PendingClaim).where(PendingClaim.email == "never.confirmed@example.org"))
    claim.created_at = utcnow() - timedelta(days=4)
    db.session.commit()
    assert client.get(stale_link).status_code == 404
    assert len(registrations(db)) == 1


def test_a_registered_address_gets_its_own_link_by_mail_and_the_form_learns_nothing(client, db):
    event = open_event()
    registration = make_registration(event, make_person(email="known@example.org", given_name="Known"))
    db.session.commit()
    response = post_registration(client, event, form_data(email="known@example.org", given_name="Mallory"))
    assert response.status_code == 200 and registration.manage_token not in response.get_data(as_text=True)
    [mail] = mails_to(db, "known@example.org")
    assert f"/registration/{registration.manage_token}" in mail.text_body and "Mallory" not in mail.text_body


# --- 5. Delegation form with someone else's address ----------------------------------------------------

def test_creating_a_delegation_with_a_registrants_address_hands_over_nothing(client, db):
    """Found: the form answered with a delegation page for someone else's address and registered them as head."""
    event, other = open_event(), open_event()
    victim = make_person(email="victim@example.org", given_name="Victor", family_name="Owner", function="Maire")
    make_registration(other, victim)
    db.session.commit()
    response = post_form(client, delegation_url(event), head_data())
    assert response.status_code == 200 and not reveals_a_private_link(response)
    assert db.session.scalar(sa.select(Delegation)) is None
    assert [r.event_id for r in registrations(db)] == [other.id]
    db.session.expire_all()
    assert (victim.given_name, victim.family_name, victim.function) == ("Victor", "Owner", "Maire")
    [mail] = mails_to(db, "victim@example.org")  # the owner may confirm it, from their mailbox
    assert "Délégation pirate" in mail.text_body


def test_a_head_cannot_rename_or_fill_in_a_person_known_only_from_the_directory(client, db):
    event = open_event()
    known = make_person(email="official@example.org", given_name="Olga", family_name="Officielle")
    db.session.commit()
    post_form(client, delegation_url(event), head_data(email="head@example.org", given_name="Hana"))
    page = open_mailed_link(client, mailed_link(db, "head@example.org"))
    url = page.headers["Location"].split("?")[0]
    member = {"given_name": "Renamed", "family_name": "Person", "email": "official@example.org", "country": "FR",
              "language": "fr", "function": "Faked"}
    assert post_form(client, url, member, action=url + "/members").status_code == 303
    added = db.session.scalar(sa.select(Registration).where(Registration.person_id == known.id))
    edit = f"{url}/members/{added.id}/edit"
    post_form(client, edit, {"given_name": "Renamed", "family_name": "Again", "language": "fr"})
    db.session.expire_all()
    assert (known.given_name, known.family_name, known.function) == ("Olga", "Officielle", None)


# --- 6. Enumeration -------------------------------------------------------------------------------------

def test_the_registration_form_answers_alike_for_new_registered_and_cancelled_addresses(client, db):
    event = open_event()
    make_registration(event, make_person(email="registered@example.org"))
    make_registration(event, make_person(email="cancelled@example.org"), status=RegistrationStatus.CANCELLED)
    db.session.commit()
    answers = [post_registration(client, event, form_data(email=f"{who}@example.org"))
               for who in ("new", "registered", "cancelled")]
    assert {response.status_code for response in answers} == {200}
    assert len({response.get_data(as_text=True) for response in answers}) == 1
    assert all(len(mails_to(db, f"{who}@example.org")) == 1 for who in ("new", "registered", "cancelled"))


def test_the_delegation_form_answers_alike_for_known_and_unknown_addresses(client, db):
    event = open_event()
    make_registration(event, make_person(email="registered@example.org"))
    db.session.commit()
    answers = [post_form(client, delegation_url(event), head_data(email=f"{who}@example.org"))
               for who in ("new", "registered")]
    assert [response.status_code for response in answers] == [200, 200]
    assert answers[0].get_data(as_text=True) == answers[1].get_data(as_text=True)


def test_the_member_list_preview_does_not_tell_who_is_registered(client, db):
    """Found: the import preview said, for up to 500 addresses a request, which were registered."""
    event = open_event()
    make_registration(event, make_person(email="registered@example.org"))
    db.session.commit()
    post_form(client, delegation_url(event), head_data(email="head@example.org"))
    url = open_mailed_link(client, mailed_link(db, "head@example.org")).headers["Location"].split("?")[0]
    rows = "given_name,family_name,email,country\r\nA,One,registered@example.org,FR\r\nB,Two,unknown@example.org,FR\r\n"
    page = client.get(url).get_data(as_text=True)
    preview = client.post(url + "/import", data={"csrf_token": csrf_token_from(page),
                                                 "file": (BytesIO(rows.encode()), "members.csv")},
                          content_type="multipart/form-data")
    assert preview.status_code == 200, errors_in(preview)
    assert "registered@example.org" in preview.get_data(as_text=True) and PAYLOAD.search(preview.get_data(as_text=True))
    text = preview.get_data(as_text=True).lower()
    assert "already registered" not in text and "déjà inscrit" not in text


def test_mail_sending_forms_are_limited_per_address_from_any_client(client, db):
    event = open_event()
    db.session.commit()
    codes = []
    for n in range(5):
        page = client.get(register_url(event)).get_data(as_text=True)
        codes.append(client.post(register_url(event), environ_base={"REMOTE_ADDR": f"198.51.100.{n + 1}"},
                                 data={**form_data(email="flooded@example.org"),
                                       "csrf_token": csrf_token_from(page)}).status_code)
    assert codes == [200, 200, 200, 429, 429]
    assert len(mails_to(db, "flooded@example.org")) == 3


# --- 7. Anonymous writes ------------------------------------------------------------------------------

def test_an_anonymous_form_writes_nothing_on_a_known_person(client, db):
    """Found: the form filled the empty function, phone and collectivité of an existing record."""
    event = open_event()
    town = make_collectivite(name="Villeneuve")
    known = make_person(email="known@example.org", given_name="Kim", function=None, phone=None, collectivite_id=None)
    db.session.commit()
    post_registration(client, event, form_data(email="known@example.org", given_name="Mallory", function="Faked",
                                               phone="+33 6 66 66 66 66", collectivite_id=str(town.id)))
    db.session.expire_all()
    assert (known.given_name, known.function, known.phone, known.collectivite_id) == ("Kim", None, None, None)


def test_the_owner_confirming_fills_only_empty_fields(client, db):
    event = open_event()
    known = make_person(email="known@example.org", given_name="Kim", function="Maire (set by organisers)")
    db.session.commit()
    register_by_mail(client, event, form_data(email="known@example.org", given_name="Kimberly", function="Typed",
                                              phone="+33 1 23 45 67 89"))
    db.session.expire_all()
    assert (known.given_name, known.function, known.phone) == ("Kim", "Maire (set by organisers)", "+33 1 23 45 67 89")


# --- Lost link (issue 13) ---------------------------------------------------------------------------

def test_lost_link_goes_to_the_mailbox_on_record_and_the_page_answers_alike(client, db):
    event = open_event()
    registration = make_registration(event, make_person(email="forgetful@example.org"))
    db.session.commit()
    for url in (f"/raict/{event.slug}/", register_url(event)):  # offered on the event page and the form
        assert f"/raict/{event.slug}/my-link" in client.get(url).get_data(as_text=True)
    lost = f"/raict/{event.slug}/my-link"
    answers = [post_form(client, lost, {"email": email}) for email in ("Forgetful@Example.org", "nobody@example.org")]
    assert [response.status_code for response in answers] == [200, 200]
    assert without_csrf(answers[0]) == without_csrf(answers[1])
    assert registration.manage_token not in answers[0].get_data(as_text=True)
    [mail] = mails_to(db, "forgetful@example.org")
    assert f"/registration/{registration.manage_token}" in mail.text_body
    assert mails_to(db, "nobody@example.org") == []
    codes = [post_form(client, lost, {"email": "forgetful@example.org"}).status_code for _ in range(3)]
    assert codes[-1] == 429  # per address, whatever the client


# --- Email normalisation ------------------------------------------------------------------------------

def test_unicode_and_idn_variants_of_an_address_are_one_person(client, db):
    event = open_event()
    db.session.commit()
    assert register_by_mail(client, event, form_data(email="anna@münchen.de")).status_code == 303
    for variant in ("Anna@MU\u0308NCHEN.de", "anna@xn--mnchen-3ya.de"):  # NFD and upper case; IDNA
        assert post_registration(client, event, form_data(email=variant)).status_code == 200
    assert len(registrations(db)) == 1
    [person] = db.session.scalars(sa.select(Person)).all()
    assert person.email == "anna@xn--mnchen-3ya.de"
    assert db.session.query(PendingClaim).count() == 0  # the variants got the registration's own link instead


def test_a_mail_scanner_opening_the_link_confirms_nothing(client, db):
    """Found in review: opening the link was the proof, so a mail security scanner following links in the
    owner's mailbox would have confirmed a squatter's claim (the owner registered under the squatter's name).
    Opening it shows what was asked and a "Confirm" button; only pressing it (a POST with CSRF) confirms."""
    event = open_event()
    db.session.commit()
    post_registration(client, event, form_data(email="scanned@example.org", given_name="Mallory"))
    link = mailed_link(db, "scanned@example.org")
    for _ in range(3):  # the scanner, as many times as it likes
        page = client.get(link)
        assert page.status_code == 200 and "Mallory" in page.get_data(as_text=True)
    assert registrations(db) == []
    assert client.post(link.split("?")[0] + "/confirm", data={}).status_code == 400  # no CSRF token: nothing
    assert registrations(db) == []
    assert open_mailed_link(client, link).status_code == 303
    assert len(registrations(db)) == 1
