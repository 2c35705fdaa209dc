"""Exporting a programme in the import format: every session, an export → import round trip, no formula injection."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.core.dates import to_local
from app.programme.models import Session, SessionStatus, SpeakerRole, TrackKind
from app.programme.spreadsheet import COLUMNS
from tests.factories import add_speaker, make_collectivite, make_event, make_person, make_room, make_session, make_track
from tests.programme.import_helpers import errors_in, import_file, login_organiser, upload

FORMULA_TITLE = '=HYPERLINK("http://evil.example","cliquez")'


def build_programme(event):
    """Every feature of a session: rooms, tracks, speakers in several scripts and roles, hidden, cancelled, overridden."""
    at = lambda day, hour, minute=0: datetime(2030, 9, day, hour, minute, tzinfo=event.zone)  # noqa: E731
    amphi, salle = make_room(event, name="Grand amphi", capacity=500), make_room(event, name="Salle 1", capacity=None)
    climat = make_track(event, slug="climat", kind=TrackKind.THEMATIC, name_fr="Climat", name_en="Climate")
    afrique = make_track(event, slug="afrique", kind=TrackKind.GEOGRAPHIC, name_fr="Afrique", name_en="Africa")
    dakar = make_collectivite(name="Ville de Dakar", country="SN")
    diallo = make_person(given_name="Aminata", family_name="Diallo", country="SN", collectivite=dakar,
                         honorific="Mme", function="Maire adjointe")
    nguyen = make_person(given_name="Thị Hương", family_name="Nguyễn", given_name_latin="Thi Huong",
                         family_name_latin="Nguyen", country="VN", email=None, function="+84 délégation")
    opening = make_session(event, type="plenary", title_fr="Ouverture", title_en="Opening", room=amphi,
                           starts_at=at(18, 9), languages=["fr"], interpretation=["en", "es"], capacity=450)
    add_speaker(opening, diallo, SpeakerRole.KEYNOTE, 0)
    add_speaker(opening, nguyen, SpeakerRole.SPEAKER, 1)
    workshop = make_session(event, title_fr="Atelier climat", title_en="Climate workshop", room=salle, track=climat,
                            starts_at=at(18, 14), description_fr="Première ligne\nSeconde ligne", is_hidden=True)
    add_speaker(workshop, nguyen, SpeakerRole.MODERATOR, 0)
    add_speaker(workshop, diallo, SpeakerRole.RAPPORTEUR, 1)
    add_speaker(workshop, diallo, SpeakerRole.SPEAKER, 2)
    make_session(event, title_fr="Séance annulée", title_en="Cancelled", room=amphi, starts_at=at(18, 9, 30),
                 status=SessionStatus.CANCELLED)
    make_session(event, title_fr="Salle partagée", title_en="Shared room", room=salle, track=afrique,
                 starts_at=at(18, 14, 30), conflict_override_reason="Cloison mobile")
    make_session(event, type="break", title_fr=FORMULA_TITLE, title_en="@SUM(A1)", starts_at=at(19, 10),
                 description_en="-1+1", languages=[])


def snapshot(db, event) -> list[tuple]:
    db.session.expire_all()
    sessions = db.session.scalars(sa.select(Session).where(Session.event_id == event.id))
    return sorted((
        session.type.value, session.title_fr, session.title_en, session.description_fr, session.description_en,
        to_local(session.starts_at, event.timezone).isoformat(), to_local(session.ends_at, event.timezone).isoformat(),
        (session.room.name, session.room.capacity) if session.room else None,
        (session.track.slug, session.track.kind.value, session.track.name_fr, session.track.name_en) if session.track else None,
        session.capacity, tuple(session.languages), tuple(session.interpretation), session.status.value,
        session.is_hidden, session.conflict_override_reason,
        tuple((speaker.person_id, speaker.role.value, speaker.position) for speaker in session.speakers),
    ) for session in sessions)


def export(client, event, extension: str):
    response = client.get(f"/organiser/events/{event.slug}/export.{extension}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{event.slug}-programme.{extension}"'
    assert "no-store" in response.headers["Cache-Control"]
    return response.data


def test_export_csv_has_every_session_with_bom(client, db):
    event = make_event()
    build_programme(event)
    login_organiser(client, db)
    content = export(client, event, "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 2 + 3 + 1 + 1 + 1  # one row per session × speaker, one for each session without speaker
    titles = {row["title_fr"] for row in rows}
    assert {"Séance annulée", "Salle partagée"} <= titles
    cancelled = next(row for row in rows if row["title_fr"] == "Séance annulée")
    assert (cancelled["status"], cancelled["hidden"], cancelled["speaker_family_name"]) == ("cancelled", "no", "")
    workshop = [row for row in rows if row["title_fr"] == "Atelier climat"]
    assert [(row["speaker_role"], row["speaker_family_name"]) for row in workshop] == [
        ("moderator", "Nguyễn"), ("rapporteur", "Diallo"), ("speaker", "Diallo")]
    assert (workshop[0]["day"], workshop[0]["start"], workshop[0]["end"], workshop[0]["hidden"]) == (
        "2030-09-18", "14:00", "15:30", "yes")
    assert workshop[0]["session_key"] == workshop[2]["session_key"] and workshop[0]["session_key"].startswith("S")


def test_export_neutralises_formulas_in_csv(client, db):
    event = make_event()
    build_programme(event)
    login_organiser(client, db)
    rows = list(csv.DictReader(io.StringIO(export(client, event, "csv").decode("utf-8-sig"), newline=""), delimiter=";"))
    formula_row = next(row for row in rows if "HYPERLINK" in row["title_fr"])
    assert formula_row["title_fr"] == "'" + FORMULA_TITLE
    assert formula_row["title_en"] == "'@SUM(A1)" and formula_row["description_en"] == "'-1+1"
    nguyen = next(row for row in rows if row["speaker_family_name"] == "Nguyễn")
    assert nguyen["speaker_function"] == "'+84 délégation"
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())


def test_export_neutralises_formulas_in_xlsx(client, db):
    event = make_event()
    build_programme(event)
    login_organiser(client, db)
    content = export(client, event, "xlsx")
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml, "no cell is a formula"
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == FORMULA_TITLE]
    assert cells and all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    header = [cell.value for cell in sheet[1]]
    assert header == list(COLUMNS)


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_export_then_import_into_a_fresh_event_reproduces_the_programme(client, db, extension):
    source = make_event()
    build_programme(source)
    copy = make_event(starts_at=source.starts_at, ends_at=source.ends_at)
    login_organiser(client, db)
    content = export(client, source, extension)
    response = import_file(client, copy, f"programme.{extension}", content)
    assert response.status_code == 302
    assert snapshot(db, copy) == snapshot(db, source)
    assert len(snapshot(db, copy)) == 5


def test_export_then_import_into_the_same_event_adds_nothing(client, db):
    event = make_event()
    build_programme(event)
    login_organiser(client, db)
    preview = upload(client, event, "programme.csv", export(client, event, "csv"))
    assert preview.status_code == 422
    assert all("is already in the programme" in message for _, message in errors_in(preview))
    assert len(snapshot(db, event)) == 5
