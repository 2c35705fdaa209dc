"""Organisers see who opted out of bulk mail and which addresses bounced, from the organiser home."""
from __future__ import annotations

import html

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import Role
from app.mail.models import MailBounce, OutboxStatus
from app.mail.outbox import enqueue
from app.mail.suppression import (
    SuppressionError,
    clear_hard_bounce,
    find_suppression,
    is_suppressed,
    opt_out,
    record_bounce,
    restore_hard_bounce,
)
from tests.backoffice.helpers import login_as
from tests.conftest import csrf_token_from


def test_organiser_reaches_the_opt_out_and_bounce_list_from_home(app, client, db):
    opt_out("parti@mairie-exemple.fr", actor="recipient", how="one-click")
    record_bounce("inconnu@mairie-exemple.fr", hard=True, status="5.1.1", diagnostic="550 5.1.1 User unknown",
                  actor="mail bounces")
    record_bounce("plein@mairie-exemple.fr", hard=False, status="4.2.2", diagnostic="452 Mailbox full",
                  actor="mail bounces")
    enqueue("reste@mairie-exemple.fr", "Invitation", "Bonjour", bulk=True)
    db.session.commit()
    login_as(client, db, Role.ORGANISER)

    dashboard = client.get("/organiser/").get_data(as_text=True)
    assert 'href="/organiser/mail/suppressions"' in dashboard
    page = html.unescape(client.get("/organiser/mail/suppressions?lang=en").get_data(as_text=True))

    assert "Opted out: 1" in page and "Hard bounces: 1" in page and "With soft bounces: 1" in page
    assert "parti@mairie-exemple.fr" in page and "inconnu@mairie-exemple.fr" in page
    assert "5.1.1 550 5.1.1 User unknown" in page and "plein@mairie-exemple.fr" in page
    assert "reste@mairie-exemple.fr" not in page


def test_the_list_is_for_organisers_only(app, client, db):
    assert client.get("/organiser/mail/suppressions").status_code in (302, 401, 403)


# --- clearing a hard bounce, and its undo; opt-outs stay the person's own --------------------------------------

def _page(client, query: str = "") -> str:
    return html.unescape(client.get(f"/organiser/mail/suppressions?lang=en{query}").get_data(as_text=True))


def _bounced_and_opted_out(db):
    record_bounce("inconnu@mairie-exemple.fr", hard=True, status="5.1.1", diagnostic="550 5.1.1 User unknown",
                  actor="mail bounces")
    db.session.add(MailBounce(fingerprint="f" * 64, address="inconnu@mairie-exemple.fr", kind="hard", status="5.1.1",
                              diagnostic="550 5.1.1 User unknown"))
    opt_out("parti@mairie-exemple.fr", actor="recipient", how="one-click")
    db.session.commit()
    return find_suppression("inconnu@mairie-exemple.fr"), find_suppression("parti@mairie-exemple.fr")


def _audit(db, action: str) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_clearing_a_hard_bounce_lets_the_next_bulk_mail_be_queued_and_undo_suppresses_again(app, client, db):
    bounced, _opted = _bounced_and_opted_out(db)
    since = bounced.hard_bounced_at
    user = login_as(client, db, Role.ORGANISER)
    page = client.get("/organiser/mail/suppressions").get_data(as_text=True)
    clear_url = f"/organiser/mail/suppressions/{bounced.id}/clear"
    assert f'action="{clear_url}"' in page and "data-confirm=" in page.split(clear_url)[1].split(">")[0]
    assert enqueue("inconnu@mairie-exemple.fr", "Avant", "Bonjour", bulk=True).status == OutboxStatus.SUPPRESSED
    db.session.commit()

    cleared = client.post(clear_url, data={"csrf_token": csrf_token_from(page)})

    assert cleared.status_code == 303
    assert cleared.headers["Location"].endswith("/organiser/mail/suppressions?q=inconnu@mairie-exemple.fr")
    db.session.expire_all()
    assert not is_suppressed("inconnu@mairie-exemple.fr")
    assert enqueue("inconnu@mairie-exemple.fr", "Après", "Bonjour", bulk=True).status == OutboxStatus.PENDING
    db.session.commit()
    [line] = _audit(db, "mail.bounce_cleared")
    assert (line.actor, line.target_id) == (f"user:{user.id}", bounced.id)
    assert db.session.scalar(sa.select(MailBounce.address)) == "inconnu@mairie-exemple.fr"  # the report is kept
    shown = _page(client, "&q=inconnu")
    assert "Cleared" in shown and f"/organiser/mail/suppressions/{bounced.id}/restore" in shown
    assert "parti@mairie-exemple.fr" not in shown  # the search keeps only the matching address

    undone = client.post(f"/organiser/mail/suppressions/{bounced.id}/restore",
                         data={"csrf_token": csrf_token_from(shown)})

    assert undone.status_code == 303
    db.session.expire_all()
    assert is_suppressed("inconnu@mairie-exemple.fr")
    assert find_suppression("inconnu@mairie-exemple.fr").hard_bounced_at == since
    assert enqueue("inconnu@mairie-exemple.fr", "Encore", "Bonjour", bulk=True).status == OutboxStatus.SUPPRESSED
    [line] = _audit(db, "mail.bounce_restored")
    assert line.actor == f"user:{user.id}" and line.details["since"] == since.isoformat()
    assert "Cleared" not in _page(client, "&q=inconnu")


def test_an_opt_out_has_no_clear_button_and_a_forged_clear_is_refused(app, client, db):
    _bounced, opted = _bounced_and_opted_out(db)
    login_as(client, db, Role.ORGANISER)
    page = _page(client)
    assert f"/suppressions/{opted.id}/clear" not in page and f"/suppressions/{opted.id}/restore" not in page
    assert "only the person can opt back in" in page

    for action in ("clear", "restore"):
        forged = client.post(f"/organiser/mail/suppressions/{opted.id}/{action}",
                             data={"csrf_token": csrf_token_from(page)})
        assert forged.status_code == 303
        assert "An opt-out is the person's own choice" in _page(client)

    db.session.expire_all()
    assert is_suppressed("parti@mairie-exemple.fr") and find_suppression("parti@mairie-exemple.fr").opted_out_at
    assert not _audit(db, "mail.bounce_cleared") and not _audit(db, "mail.bounce_restored")
    assert client.post(f"/organiser/mail/suppressions/{opted.id}/clear").status_code == 400  # no CSRF token
    assert client.post("/organiser/mail/suppressions/999999/clear",
                       data={"csrf_token": csrf_token_from(page)}).status_code == 404


def test_the_operations_refuse_an_opt_out_and_a_restore_without_a_cleared_bounce(app, db):
    bounced, _opted = _bounced_and_opted_out(db)
    with pytest.raises(SuppressionError):
        clear_hard_bounce("parti@mairie-exemple.fr", actor="test")
    with pytest.raises(SuppressionError):
        restore_hard_bounce(bounced, actor="test")  # still bounced: nothing was cleared
    assert find_suppression("parti@mairie-exemple.fr").opted_out_at is not None


def test_non_organisers_cannot_clear_or_restore(app, client, db):
    bounced, _opted = _bounced_and_opted_out(db)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    for action in ("clear", "restore"):
        answer = client.post(f"/organiser/mail/suppressions/{bounced.id}/{action}", data={"csrf_token": token})
        assert answer.status_code in (302, 401, 403)
    login_as(client, db, Role.DESK)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    answer = client.post(f"/organiser/mail/suppressions/{bounced.id}/clear", data={"csrf_token": token})
    assert answer.status_code in (302, 401, 403)
    db.session.expire_all()
    assert find_suppression("inconnu@mairie-exemple.fr").hard_bounced_at is not None
    assert not _audit(db, "mail.bounce_cleared")


def test_the_search_finds_an_address_by_any_part_and_treats_wildcards_literally(app, client, db):
    _bounced_and_opted_out(db)
    login_as(client, db, Role.ORGANISER)
    assert "inconnu@mairie-exemple.fr" in _page(client, "&q=INCONNU")
    found = _page(client, "&q=%25")
    assert "No address found." in found and "parti@mairie-exemple.fr" not in found
