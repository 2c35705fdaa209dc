"""Directory changes made by the operations (as a CLI or API would) leave the web pages' audit lines."""
from __future__ import annotations

from app.people import operations
from app.people.models import CollectiviteType
from tests.audit.lines import audit_lines, last_line


def test_edit_person_writes_audit_line(app, db):
    person = operations.edit_person(operations.PersonData(given_name="Lan", family_name="Trần", country="VN"),
                                    actor="system")
    assert last_line(db, "person.create") == ("person.create", "system", None, "person", person.id, None, {})
    operations.edit_person(operations.PersonData(given_name="Lan", family_name="Tran", country="VN"), person,
                           actor="system")
    assert last_line(db, "person.edit") == ("person.edit", "system", None, "person", person.id, None, {})


def test_add_collectivite_writes_audit_line(app, db):
    saved = operations.add_collectivite("Ville de Huế", CollectiviteType.COMMUNE, "VN", actor="system")
    assert last_line(db, "collectivite.create") == ("collectivite.create", "system", None, "collectivite", saved.id,
                                                    None, {"name": "Ville de Huế"})


def test_edit_protocol_rank_writes_audit_line(app, db):
    rank = operations.edit_protocol_rank("Maire", "Mayor", 10, actor="system")
    assert last_line(db, "protocol_rank.create") == ("protocol_rank.create", "system", None, "protocol_rank", rank.id,
                                                     None, {"name": "Maire", "precedence": 10})
    operations.edit_protocol_rank("Maire", "Mayor", 5, rank, actor="system")
    assert last_line(db, "protocol_rank.edit")[6] == {"name": "Maire", "precedence": 5}


def test_building_blocks_write_no_line(app, db):
    """``save_person`` (used by registrations and the programme import) leaves no directory line."""
    operations.save_person(operations.PersonData(given_name="Ana", family_name="Silva", country="PT"))
    assert audit_lines(db, "person.create") == []
