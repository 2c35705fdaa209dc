"""Issue 13, delegations: collectivités ticked without Ctrl+click, member-list templates to download, the head
sets each member's workshops and sees every member's status (confirmed, waiting list, arrived)."""
from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import openpyxl

from app.checkin.models import CheckIn
from app.core.tabular import read_table
from app.delegations import operations as delegations
from app.registration.models import ChoiceStatus
from tests.conftest import csrf_token_from
from tests.delegations.test_delegations import create_by_mail, delegation_of, head_data, make_delegation, new_url
from tests.factories import make_collectivite
from tests.registration.helpers import open_event, register_someone, workshop


def test_collectivites_are_checkboxes_not_a_ctrl_click_multi_select(client, db):
    event = open_event()
    towns = [make_collectivite(name="Huế"), make_collectivite(name="Rennes"), make_collectivite(name="Lyon")]
    db.session.commit()
    page = client.get(new_url(event) + "?lang=en").get_data(as_text=True)
    assert "multiple" not in page and "Ctrl" not in page
    for town in towns:
        assert re.search(rf'<input[^>]*name="collectivites"[^>]*type="checkbox"[^>]*value="{town.id}"', page) or \
            re.search(rf'<input[^>]*type="checkbox"[^>]*name="collectivites"[^>]*value="{town.id}"', page)
    assert 'data-filters="collectivites"' in page  # a search box filters the list (JavaScript)
    response = create_by_mail(client, event, head_data(collectivites=[str(towns[0].id), str(towns[2].id)]))
    assert response.status_code == 303
    assert sorted(item.name for item in delegation_of(db).collectivites) == ["Huế", "Lyon"]


def test_member_list_templates_download_and_read_back(client, db):
    delegation, url = make_delegation(client, db)
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert f'href="{url}/members-template.xlsx"' in page and f'href="{url}/members-template.csv"' in page
    row = ["Thị Hương", "Nguyễn", "Thi Huong", "Nguyen", "Mme", "Vice-présidente", "huong@example.vn", "VN", "en"]
    csv_file = client.get(f"{url}/members-template.csv")
    assert csv_file.status_code == 200 and csv_file.headers["Content-Disposition"].startswith("attachment")
    assert csv_file.data.decode("utf-8-sig").splitlines() == [";".join(delegations.MEMBER_COLUMNS)]
    filled = csv_file.data + (";".join(row) + "\r\n").encode("utf-8")  # what the head types under the header
    xlsx_file = client.get(f"{url}/members-template.xlsx")
    assert xlsx_file.status_code == 200 and xlsx_file.headers["Content-Disposition"].startswith("attachment")
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_file.data))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == list(delegations.MEMBER_COLUMNS)
    sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    for name, content in (("members.csv", filled), ("members.xlsx", buffer.getvalue())):
        table = read_table(name, content, columns=delegations.MEMBER_COLUMNS,
                           required=delegations.REQUIRED_MEMBER_COLUMNS)
        assert table.errors == [] and [values["family_name"] for _line, values in table.rows] == ["Nguyễn"], name
    assert client.get("/delegations/not-a-token/members-template.csv").status_code == 404


def test_the_head_sets_a_members_workshops(client, db):
    event = open_event()
    first, second = workshop(event, hours=1, title_en="Water"), workshop(event, hours=1, title_en="Energy")
    later = workshop(event, hours=4, title_en="Youth")
    db.session.commit()
    delegation, url = make_delegation(client, db, event)
    [head] = delegation.registrations
    edit = f"{url}/members/{head.id}/edit"
    page = client.get(edit + "?lang=en").get_data(as_text=True)
    assert f'action="{url}/members/{head.id}/choices"' in page and 'class="slot' in page
    token = csrf_token_from(page)
    response = client.post(f"{url}/members/{head.id}/choices?lang=en",
                           data={"csrf_token": token, "sessions": [str(first.id), str(second.id)]})
    assert response.status_code == 400
    assert re.search(r"“Water” \([^)]*\) and “Energy” \([^)]*\) take place at the same time",
                     response.get_data(as_text=True))
    response = client.post(f"{url}/members/{head.id}/choices",
                           data={"csrf_token": token, "sessions": [str(first.id), str(later.id)]})
    assert response.status_code == 303
    db.session.expire_all()
    assert sorted(choice.session_id for choice in head.choices) == sorted([first.id, later.id])
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Water (seat confirmed)" in page


def test_the_head_sees_each_members_status_waiting_list_and_arrival(client, db):
    event = open_event()
    small = workshop(event, hours=1, capacity=1, title_en="Small room")
    register_someone(event, "outsider@example.org", [small])  # takes the only seat
    db.session.commit()
    delegation, url = make_delegation(client, db, event)
    [head] = delegation.registrations
    page = client.get(f"{url}/members/{head.id}/edit").get_data(as_text=True)
    client.post(f"{url}/members/{head.id}/choices", data={"csrf_token": csrf_token_from(page),
                                                           "sessions": [str(small.id)]})
    db.session.expire_all()
    assert head.choices[0].status == ChoiceStatus.WAITLISTED
    page = client.get(url + "?lang=en").get_data(as_text=True)
    row = re.search(rf'<tr data-registration="{head.id}">.*?</tr>', page, re.S).group(0)
    assert 'data-status="confirmed"' in row and "Small room (waiting list)" in row and "Not yet" in row
    at = datetime(2030, 9, 18, 8, 0, tzinfo=UTC)
    db.session.add(CheckIn(event_id=event.id, registration_id=head.id, day=event.days[0], checked_in_at=at,
                           recorded_at=at, desk="A"))
    db.session.commit()
    page = client.get(url + "?lang=en").get_data(as_text=True)
    row = re.search(rf'<tr data-registration="{head.id}">.*?</tr>', page, re.S).group(0)
    assert 'class="member-arrived">Arrived</span>' in row
