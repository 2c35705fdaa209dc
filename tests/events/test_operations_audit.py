"""Events created, edited or copied by the operations (as a CLI or API would) leave the web pages' audit lines."""
from __future__ import annotations

from datetime import date

from app.events import operations
from tests.audit.lines import last_line
from tests.factories import make_event


def test_edit_event_writes_audit_line(app, db):
    event = make_event()
    operations.edit_event({"slug": event.slug, "title_fr": "Nouveau titre"}, event, actor="system")
    assert last_line(db, "event.edit") == ("event.edit", "system", None, "event", event.id, event.id,
                                           {"slug": event.slug, "status": event.status.value})
    assert event.title_fr == "Nouveau titre"


def test_copy_edition_writes_audit_line(app, db):
    source = make_event()
    copy = operations.copy_edition(source, operations.NewEdition("next-one", "Suite", "Next", date(2031, 9, 17)),
                                   actor="system")
    assert last_line(db, "event.new_edition") == ("event.new_edition", "system", None, "event", copy.id, copy.id,
                                                  {"slug": "next-one", "source": source.slug})


def test_save_event_alone_writes_no_line(app, db):
    """The building block (used by ``copy_edition``) does not audit: a copy leaves a single line."""
    from tests.audit.lines import audit_lines

    source = make_event()
    operations.copy_edition(source, operations.NewEdition("only-one", "Suite", "Next", date(2031, 9, 17)))
    assert audit_lines(db, "event.create") == [] and len(audit_lines(db, "event.new_edition")) == 1
