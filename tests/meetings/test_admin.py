"""The organisers' meeting pages: settings, themes, blocks, tables, interpreters, protocol meetings, pin, publish."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.auth.models import Role
from app.core.extensions import db
from app.meetings import operations
from app.meetings.models import (
    Interpreter,
    Meeting,
    MeetingBlock,
    MeetingSettings,
    MeetingStatus,
    MeetingTable,
    MeetingTheme,
    RequestStatus,
)
from tests.backoffice.helpers import login_as, post_form
from tests.meetings.helpers import make_assises

PARIS = ZoneInfo("Europe/Paris")


def _base(a) -> str:
    return f"/organiser/events/{a.event.slug}/meetings"


def test_meetings_pages_need_an_organiser(app, client):
    a = make_assises()
    db.session.commit()
    assert client.get(_base(a) + "/").status_code == 302
    login_as(client, db, Role.DESK)
    assert client.get(_base(a) + "/").status_code in (302, 403)


def test_event_admin_nav_links_to_meetings(app, client):
    a = make_assises()
    login_as(client, db)
    html = client.get(f"/organiser/events/{a.event.slug}/sessions").get_data(as_text=True)
    assert f"{_base(a)}/" in html


def test_settings_set_slot_length_and_maximum(app, client):
    a = make_assises()
    login_as(client, db)
    response = post_form(client, _base(a) + "/", {"slot_minutes": "20", "max_meetings_per_person": "6",
                                                   "requests_open": "y"})
    assert response.status_code == 303
    settings = db.session.get(MeetingSettings, a.event.id)
    db.session.refresh(settings)
    assert (settings.slot_minutes, settings.max_meetings_per_person, settings.requests_open) == (20, 6, True)
    response = post_form(client, _base(a) + "/", {"slot_minutes": "2"})
    assert response.status_code == 400


def test_themes_add_and_remove(app, client):
    from app.audit.models import AuditEntry

    a = make_assises()
    organiser = login_as(client, db)
    assert post_form(client, _base(a) + "/themes", {"name_fr": "Climat", "name_en": "Climate"}).status_code == 303
    theme = db.session.scalar(sa.select(MeetingTheme).where(MeetingTheme.name_fr == "Climat"))
    assert theme is not None and theme.name_en == "Climate"
    # The audit line names the organiser who did it, not a role.
    actors = db.session.scalars(sa.select(AuditEntry.actor).where(AuditEntry.target_type == "meeting_theme",
                                                                    AuditEntry.target_id == theme.id)).all()
    assert actors == [f"user:{organiser.id}"]
    response = post_form(client, _base(a) + "/themes", {"name_fr": "Climat"})
    assert response.status_code == 400 and "already on the list" in response.get_data(as_text=True)
    response = post_form(client, f"{_base(a)}/themes/{theme.id}/remove", {}, page_url=_base(a) + "/themes")
    assert response.status_code == 303
    db.session.refresh(theme)
    assert not theme.active
    html = client.get(f"/registration/{a.anne.manage_token}/meetings/profile/{a.lyon.id}").get_data(as_text=True)
    assert "Climat" not in html  # no longer offered
    post_form(client, f"{_base(a)}/themes/{theme.id}/restore", {}, page_url=_base(a) + "/themes")
    db.session.refresh(theme)
    assert theme.active


def test_removed_block_gives_no_slot_and_restores(app, client):
    a = make_assises()
    block = operations.add_block(a.event, datetime(2030, 9, 18, 14, tzinfo=PARIS),
                                 datetime(2030, 9, 18, 15, tzinfo=PARIS), actor="t")
    assert len(operations.slot_starts(a.event)) == 2
    operations.set_active(block, False, actor="t")
    assert operations.slot_starts(a.event) == []
    other = operations.add_block(a.event, datetime(2030, 9, 18, 14, 30, tzinfo=PARIS),
                                 datetime(2030, 9, 18, 16, tzinfo=PARIS), actor="t")
    with pytest.raises(operations.MeetingError) as error:
        operations.set_active(block, True, actor="t")
    assert error.value.code == "block_overlaps"
    operations.set_active(other, False, actor="t")
    operations.set_active(block, True, actor="t")
    assert len(operations.slot_starts(a.event)) == 2


def test_blocks_tables_and_interpreters(app, client):
    a = make_assises()
    login_as(client, db)
    assert post_form(client, _base(a) + "/blocks", {"day": "2030-09-18", "starts": "14:00", "ends": "16:00"}) \
        .status_code == 303
    block = db.session.scalar(sa.select(MeetingBlock))
    assert block.starts_at == datetime(2030, 9, 18, 14, tzinfo=PARIS)
    response = post_form(client, _base(a) + "/blocks", {"day": "2030-09-18", "starts": "15:00", "ends": "17:00"})
    assert response.status_code == 400 and "overlaps" in response.get_data(as_text=True)
    assert post_form(client, _base(a) + "/tables", {"number": "1", "room": "Salon Hanoi"}).status_code == 303
    table = db.session.scalar(sa.select(MeetingTable))
    assert post_form(client, f"{_base(a)}/tables/{table.id}/remove", {}, page_url=_base(a) + "/tables") \
        .status_code == 303
    db.session.refresh(table)
    assert not table.active
    post_form(client, f"{_base(a)}/tables/{table.id}/restore", {}, page_url=_base(a) + "/tables")
    db.session.refresh(table)
    assert table.active
    response = post_form(client, _base(a) + "/interpreters", {
        "name": "Lan", "email": "lan@example.org", "language_pairs": "vi-fr, en-vi",
        "availability": "2030-09-18 14:00-15:00"})
    assert response.status_code == 303
    interpreter = db.session.scalar(sa.select(Interpreter))
    assert interpreter.language_pairs == "en-vi fr-vi" and frozenset({"fr", "vi"}) in interpreter.pairs
    assert interpreter.availability[0].starts_at == datetime(2030, 9, 18, 14, tzinfo=PARIS)
    response = post_form(client, _base(a) + "/interpreters", {"name": "X", "language_pairs": "french"})
    assert response.status_code == 400 and "two-letter codes" in response.get_data(as_text=True)
    response = post_form(client, _base(a) + "/interpreters", {"name": "X", "language_pairs": "fr-vi",
                                                               "availability": "tomorrow morning"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Interpreter)) == 1


def test_protocol_meeting_pin_and_publish_show_on_both_private_pages(app, client):
    a = make_assises()
    operations.add_block(a.event, datetime(2030, 9, 18, 14, tzinfo=PARIS), datetime(2030, 9, 18, 15, tzinfo=PARIS),
                         actor="t")
    table = operations.add_table(a.event, 7, "Salon Hanoi", actor="t")
    login_as(client, db)
    response = post_form(client, _base(a) + "/protocol", {"side_a": str(a.anne.id), "side_b": str(a.binh.id)},
                         page_url=_base(a) + "/")
    assert response.status_code == 303
    meeting = db.session.scalar(sa.select(Meeting))
    assert meeting.request.protocol and meeting.request.status == RequestStatus.ACCEPTED
    slot = datetime(2030, 9, 18, 14, 30, tzinfo=PARIS).astimezone(ZoneInfo("UTC"))
    response = post_form(client, f"{_base(a)}/meetings/{meeting.id}/pin",
                         {"slot": slot.isoformat(), "table": str(table.id), "interpreter": "0"}, page_url=_base(a) + "/")
    assert response.status_code == 303
    db.session.refresh(meeting)
    assert meeting.status == MeetingStatus.SCHEDULED and meeting.pinned and meeting.starts_at == slot
    html = client.get(f"/registration/{a.anne.manage_token}").get_data(as_text=True)
    assert "Time and table to come" in html  # placed, not published yet
    post_form(client, f"{_base(a)}/meetings/{meeting.id}/publish", {}, page_url=_base(a) + "/")
    for token in (a.anne.manage_token, a.binh.manage_token):
        html = client.get(f"/registration/{token}").get_data(as_text=True)
        assert "Table 7, Salon Hanoi" in html and "14:30" in html


def test_pin_refuses_a_taken_table(app):
    a = make_assises()
    operations.add_block(a.event, datetime(2030, 9, 18, 14, tzinfo=PARIS), datetime(2030, 9, 18, 15, tzinfo=PARIS),
                         actor="t")
    table = operations.add_table(a.event, 1, "", actor="t")
    first = operations.create_protocol_meeting(a.event, a.anne, a.binh, actor="t")
    second = operations.create_protocol_meeting(a.event, a.chi, _other_french(a), actor="t")
    start = operations.slot_starts(a.event)[0]
    operations.pin(first, start, table, actor="t")
    with pytest.raises(operations.MeetingError) as error:
        operations.pin(second, start, table, actor="t")
    assert error.value.code == "table_taken" and second.status == MeetingStatus.UNSCHEDULED


def test_table_twice_in_one_slot_refused_by_the_database(app):
    a = make_assises()
    table = operations.add_table(a.event, 1, "", actor="t")
    first = operations.create_protocol_meeting(a.event, a.anne, a.binh, actor="t")
    second = operations.create_protocol_meeting(a.event, a.chi, _other_french(a), actor="t")
    start = datetime(2030, 9, 18, 14, tzinfo=PARIS)
    for meeting in (first, second):
        meeting.status, meeting.starts_at, meeting.table_id = MeetingStatus.SCHEDULED, start, table.id
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def _other_french(a):
    from tests.factories import make_person, make_registration

    return make_registration(a.event, make_person(given_name="Elise", collectivite_id=a.nantes.id))
