"""A badge reprint called as the CLI or API would (the operation) leaves the audit line the web page leaves."""
from __future__ import annotations

from app.auth.models import Role
from app.badges.operations import reprint_badge
from tests.audit.lines import audit_lines, last_line
from tests.backoffice.helpers import login_as, post_form
from tests.factories import make_event, make_registration


def test_reprint_badge_writes_audit_line(app, client, db):
    event = make_event()
    by_page, by_operation = make_registration(event), make_registration(event)
    db.session.commit()
    organiser = login_as(client, db, Role.ORGANISER)
    post_form(client, f"/organiser/events/{event.slug}/badges/{by_page.id}/reprint", {},
              page_url=f"/organiser/events/{event.slug}/badges/")
    reprint_badge(by_operation, actor="system")
    db.session.commit()
    web, operation = audit_lines(db, "badge.reprint")
    assert web == ("badge.reprint", f"user:{organiser.id}", organiser.id, "registration", by_page.id, event.id,
                   {"version": 2})
    assert operation == ("badge.reprint", "system", None, "registration", by_operation.id, event.id, {"version": 2})
    assert last_line(db, "badge.reprint") == operation
