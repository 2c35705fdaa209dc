"""Building programme spreadsheets and driving the import pages, for the import and export tests."""
from __future__ import annotations

import csv
import html
import io
import re

from openpyxl import Workbook

from app.auth.models import Role
from tests.conftest import csrf_token_from
from tests.factories import TEST_PASSWORD, make_user

HEADER = [
    "session_key", "type", "title_fr", "title_en", "description_fr", "description_en", "day", "start", "end",
    "room", "room_capacity", "track", "track_name_fr", "track_name_en", "track_kind", "capacity", "languages",
    "interpretation", "speaker_role", "speaker_given_name", "speaker_family_name", "speaker_given_name_latin",
    "speaker_family_name_latin", "speaker_honorific", "speaker_function", "speaker_email", "speaker_country",
    "speaker_collectivite", "speaker_collectivite_country",
]
ERROR_ROW = re.compile(r'<tr><td class="num">(\d+)</td><td>(.*?)</td></tr>', re.S)
PAYLOAD = re.compile(r'<input[^>]*name="payload"[^>]*value="([^"]*)"')


def session_row(key: str = "A1", **fields: str) -> dict[str, str]:
    row = dict(session_key=key, type="workshop", title_fr="Atelier climat", title_en="Climate workshop",
               day="2030-09-18", start="10:00", end="11:30", room="Salle Jaurès", room_capacity="80",
               track="climat", track_name_fr="Climat", track_name_en="Climate", track_kind="thematic",
               capacity="60", languages="fr, en", interpretation="en")
    return row | fields


def speaker(**fields: str) -> dict[str, str]:
    defaults = dict(speaker_role="speaker", speaker_given_name="Aminata", speaker_family_name="Diallo",
                    speaker_function="Maire adjointe", speaker_country="SN", speaker_collectivite="Ville de Dakar")
    return defaults | fields


def csv_bytes(rows: list[dict[str, str]], delimiter: str = ",", encoding: str = "utf-8",
              header: list[str] | None = None) -> bytes:
    header = header or HEADER
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def login_organiser(client, db, role: Role = Role.ORGANISER):
    user = make_user(role)
    db.session.commit()
    page = client.get("/login")
    client.post("/login", data={"email": user.email, "password": TEST_PASSWORD,
                                "csrf_token": csrf_token_from(page.get_data(as_text=True))})
    return user


def upload(client, event, filename: str, content: bytes):
    """Post a file to the import page (in English, with the page's CSRF token); returns the preview."""
    page = client.get(f"/organiser/events/{event.slug}/import?lang=en")
    return client.post(f"/organiser/events/{event.slug}/import", content_type="multipart/form-data", data={
        "csrf_token": csrf_token_from(page.get_data(as_text=True)), "file": (io.BytesIO(content), filename)})


def confirm(client, event, preview):
    text = preview.get_data(as_text=True)
    payload = PAYLOAD.search(text)
    assert payload, "no confirmation form in the preview"
    return client.post(f"/organiser/events/{event.slug}/import/confirm", data={
        "csrf_token": csrf_token_from(text), "payload": payload.group(1)})


def import_file(client, event, filename: str, content: bytes):
    preview = upload(client, event, filename, content)
    assert preview.status_code == 200, errors_in(preview)
    return confirm(client, event, preview)


def errors_in(response) -> list[tuple[int, str]]:
    return [(int(line), html.unescape(message)) for line, message in ERROR_ROW.findall(response.get_data(as_text=True))]
