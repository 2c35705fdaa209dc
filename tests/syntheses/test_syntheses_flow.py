"""A rapporteur writes a synthesis through the link mailed to them; organisers publish it; it shows on the
session's public page and in the proceedings PDF, with every speaker's name in its own script."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import Role
from app.mail.models import OutboxMessage
from app.syntheses import operations
from app.syntheses.models import Synthesis
from tests.backoffice.helpers import login_as, post_form
from tests.badges.helpers import NAMES_BY_SCRIPT
from tests.factories import make_event, make_registration
from tests.pdf_support import normalised, pdf_text, require_pdf_tools
from tests.syntheses.helpers import SPEAKER_SCRIPTS, build_event, link_from

SYNTHESIS = ("# Constats\n\nLes collectivités **partagent** leurs pratiques de coopération décentralisée.\n\n"
             "- Former les agents\n- Échanger chaque année\n\n<script>alert('x')</script>")


def _assign_and_invite(client, built, deadline="2031-01-31"):
    session = built.sessions[0]
    url = f"/organiser/events/{built.event.slug}/syntheses/{session.id}"
    response = post_form(client, url, {"rapporteur": str(built.rapporteur.id), "deadline": deadline})
    assert response.status_code == 303, response.get_data(as_text=True)
    response = post_form(client, f"{url}/invite", {}, page_url=url)
    assert response.status_code == 303
    return session


def test_synthesis_written_through_the_mailed_link_is_published_and_printed(client, db):
    require_pdf_tools()
    built = build_event()
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    session = _assign_and_invite(client, built)
    mail = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.to_address == built.rapporteur.person.email)).one()
    link = link_from(mail.text_body)
    client.get("/logout")

    response = post_form(client, link, {"body": SYNTHESIS, "submit": "1"})
    assert response.status_code == 303
    synthesis = db.session.scalar(sa.select(Synthesis).where(Synthesis.session_id == session.id))
    assert synthesis.submitted_at is not None and synthesis.published_at is None
    public = client.get(f"/raict/{built.event.slug}/sessions/{session.id}").get_data(as_text=True)
    assert "partagent" not in public  # not published yet

    login_as(client, db, Role.ORGANISER)
    admin_url = f"/organiser/events/{built.event.slug}/syntheses/{session.id}"
    review = client.get(admin_url).get_data(as_text=True)
    assert "<strong>partagent</strong>" in review and "<script>alert" not in review
    assert post_form(client, f"{admin_url}/publish", {}, page_url=admin_url).status_code == 303

    public = client.get(f"/raict/{built.event.slug}/sessions/{session.id}").get_data(as_text=True)
    assert "<strong>partagent</strong>" in public and "&lt;script&gt;" in public and "<script>alert" not in public
    programme = client.get(f"/raict/{built.event.slug}/programme").get_data(as_text=True)
    assert f"/raict/{built.event.slug}/sessions/{session.id}" in programme

    response = client.get(f"/organiser/events/{built.event.slug}/syntheses/proceedings.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    raw = pdf_text(response.data)
    text = normalised(raw)
    body = normalised(raw.split("Sommaire", 1)[1].split("\f", 1)[1])
    assert "Les collectivités partagent leurs pratiques de coopération décentralisée." in text
    assert "Former les agents" in text and "Actes" in text and "Sommaire" in text
    for script in SPEAKER_SCRIPTS:
        family, given = NAMES_BY_SCRIPT[script][:2]
        assert normalised(family) in text and normalised(given) in text, script
    positions = [body.index(f"{number}. Atelier {number} : coopération") for number in range(1, len(SPEAKER_SCRIPTS) + 1)]
    assert positions == sorted(positions)  # programme order
    actions = set(db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_type == "synthesis")))
    assert {"synthesis.rapporteur", "synthesis.invited", "synthesis.submitted", "synthesis.published"} <= actions


def test_synthesis_unpublished_leaves_the_public_page_and_the_proceedings(client, db):
    built = build_event()
    synthesis = operations.assign_rapporteur(built.sessions[1], built.rapporteur, None, actor="test")
    operations.save_text(synthesis, "Texte publié puis retiré.", actor="test")
    operations.publish(synthesis, actor="test")
    db.session.commit()
    url = f"/raict/{built.event.slug}/sessions/{built.sessions[1].id}"
    assert "Texte publié puis retiré." in client.get(url).get_data(as_text=True)
    login_as(client, db, Role.ORGANISER)
    admin_url = f"/organiser/events/{built.event.slug}/syntheses/{built.sessions[1].id}"
    page = client.get(admin_url).get_data(as_text=True)
    assert "data-confirm" in page  # unpublishing asks first
    assert post_form(client, f"{admin_url}/unpublish", {}, page_url=admin_url).status_code == 303
    assert "Texte publié puis retiré." not in client.get(url).get_data(as_text=True)
    assert post_form(client, f"{admin_url}/publish", {}, page_url=admin_url).status_code == 303  # the undo
    assert "Texte publié puis retiré." in client.get(url).get_data(as_text=True)


def test_synthesis_link_refuses_changes_after_the_deadline(client, db):
    built = build_event()
    synthesis = operations.assign_rapporteur(built.sessions[0], built.rapporteur,
                                             datetime.now(UTC) - timedelta(days=1), actor="test")
    db.session.commit()
    page = client.get(f"/syntheses/{synthesis.token}")
    assert page.status_code == 200 and "ne peut plus être modifiée" in page.get_data(as_text=True)
    response = post_form(client, f"/syntheses/{synthesis.token}", {"body": "Trop tard", "save": "1"}, page_url="/login")
    assert response.status_code == 400
    db.session.refresh(synthesis)
    assert synthesis.body == ""


def test_synthesis_new_rapporteur_gets_a_new_link_and_the_old_one_stops(client, db):
    built = build_event()
    first = operations.assign_rapporteur(built.sessions[0], built.rapporteur, None, actor="test")
    old_token = first.token
    other = make_registration(built.event)
    operations.assign_rapporteur(built.sessions[0], other, None, actor="test")
    db.session.commit()
    assert client.get(f"/syntheses/{old_token}").status_code == 404
    assert client.get(f"/syntheses/{first.token}").status_code == 200
    assert client.get("/syntheses/not-a-token").status_code == 404


def test_synthesis_rapporteur_of_another_event_is_refused(client, db):
    built = build_event()
    stranger = make_registration(make_event())
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    url = f"/organiser/events/{built.event.slug}/syntheses/{built.sessions[0].id}"
    response = post_form(client, url, {"rapporteur": str(stranger.id), "deadline": ""})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Synthesis.id))) == 0


def test_synthesis_session_of_another_event_is_not_found(client, db):
    built = build_event()
    other = build_event()
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    assert client.get(f"/organiser/events/{built.event.slug}/syntheses/{other.sessions[0].id}").status_code == 404


def test_synthesis_section_on_the_rapporteurs_private_page(client, db):
    built = build_event()
    synthesis = operations.assign_rapporteur(built.sessions[0], built.rapporteur, None, actor="test")
    db.session.commit()
    page = client.get(f"/registration/{built.rapporteur.manage_token}").get_data(as_text=True)
    assert f"/syntheses/{synthesis.token}" in page


def test_synthesis_admin_pages_are_linked_from_the_event_admin(client, db):
    built = build_event()
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    page = client.get(f"/organiser/events/{built.event.slug}/edit").get_data(as_text=True)
    assert f"/organiser/events/{built.event.slug}/syntheses/" in page
    listing = client.get(f"/organiser/events/{built.event.slug}/syntheses/").get_data(as_text=True)
    assert f"/organiser/events/{built.event.slug}/syntheses/{built.sessions[0].id}" in listing


def test_synthesis_link_token_never_reaches_a_log_or_a_referer(client, db):
    from app.core.security import redact_path

    built = build_event()
    synthesis = operations.assign_rapporteur(built.sessions[0], built.rapporteur, None, actor="test")
    db.session.commit()
    assert redact_path(f"/syntheses/{synthesis.token}") == "/syntheses/[token]"
    response = client.get(f"/syntheses/{synthesis.token}")
    assert response.status_code == 200 and response.headers["Referrer-Policy"] == "no-referrer"
