"""Organisers undo what they cancelled or removed: sessions restored (conflicts kept with a reason stay
kept, new ones need a reason), speakers put back where they were."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.programme.models import Session, SessionSpeaker, SessionStatus, SpeakerRole
from tests.backoffice.helpers import login_as, post_form
from tests.factories import add_speaker, make_event, make_person, make_room, make_session


def test_session_restore_keeps_the_conflict_accepted_before_cancelling(client, db):
    event = make_event()
    mayor = make_person()
    opening = make_session(event, title_fr="Ouverture")
    press = make_session(event, title_fr="Point presse", starts_at=opening.starts_at + timedelta(minutes=30))
    add_speaker(opening, mayor)
    add_speaker(press, mayor)
    opening.conflict_override_reason = "Le maire passe de l'un à l'autre."
    db.session.commit()
    login_as(client, db)
    base = f"/organiser/events/{event.slug}/sessions"
    post_form(client, f"{base}/{opening.id}/cancel", {}, page_url=base)
    response = post_form(client, f"{base}/{opening.id}/restore", {}, page_url=base)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Session, opening.id).status == SessionStatus.SCHEDULED


def test_session_restore_with_a_new_conflict_asks_a_reason_then_restores(client, db):
    event = make_event()
    room = make_room(event)
    cancelled = make_session(event, title_fr="Atelier annulé", room=room)
    db.session.commit()
    login_as(client, db)
    base = f"/organiser/events/{event.slug}/sessions"
    post_form(client, f"{base}/{cancelled.id}/cancel", {}, page_url=base)
    make_session(event, title_fr="Remplaçant", room=room, starts_at=cancelled.starts_at)
    db.session.commit()
    refused = post_form(client, f"{base}/{cancelled.id}/restore", {}, page_url=base)
    assert refused.status_code == 409 and "override_reason" in refused.get_data(as_text=True)
    restored = post_form(client, f"{base}/{cancelled.id}/restore", {"override_reason": "Deux demi-salles."}, page_url=base)
    assert restored.status_code == 302
    db.session.expire_all()
    session = db.session.get(Session, cancelled.id)
    assert (session.status, session.conflict_override_reason) == (SessionStatus.SCHEDULED, "Deux demi-salles.")


def test_removed_speaker_is_put_back_with_role_and_place(client, db):
    event = make_event()
    session = make_session(event)
    first, second = make_person(family_name="Diallo"), make_person(family_name="Nguyen")
    add_speaker(session, first, SpeakerRole.MODERATOR, position=0)
    removed = add_speaker(session, second, SpeakerRole.KEYNOTE, position=1)
    add_speaker(session, make_person(family_name="Wang"), SpeakerRole.SPEAKER, position=2)
    db.session.commit()
    login_as(client, db)
    page = f"/organiser/events/{event.slug}/sessions/{session.id}/speakers"
    post_form(client, f"{page}/{removed.id}/remove", {}, page_url=page)
    listed = client.get(page).get_data(as_text=True)
    assert "Put back" in listed or "Remettre" in listed
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "session.speaker_remove"))
    assert post_form(client, f"{page}/restore", {"entry_id": str(entry.id)}, page_url=page).status_code == 302
    db.session.expire_all()
    rows = db.session.execute(sa.select(SessionSpeaker.person_id, SessionSpeaker.role)
                              .where(SessionSpeaker.session_id == session.id).order_by(SessionSpeaker.position)).all()
    assert rows[1] == (second.id, SpeakerRole.KEYNOTE) and len(rows) == 3
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "session.speaker_restore")) == 1
    # Undone once: the same removal cannot be put back twice.
    assert post_form(client, f"{page}/restore", {"entry_id": str(entry.id)}, page_url=page).status_code == 404
