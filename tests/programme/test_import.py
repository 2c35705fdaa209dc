"""Importing sessions and speakers from CSV and XLSX: preview, errors by line, one transaction, no double import."""
from __future__ import annotations

import io
from datetime import datetime, time

import sqlalchemy as sa

from app.auth.models import Role
from app.core import signed_import
from app.core.dates import to_local
from app.core.tabular import cell_text, decode_text, sniff_delimiter
from app.people.models import Collectivite, CollectiviteType, Person
from app.programme.models import Room, Session, SessionStatus, SpeakerRole, Track, TrackKind
from tests.conftest import csrf_token_from
from tests.factories import add_speaker, make_collectivite, make_event, make_person, make_room, make_session, make_track
from tests.programme.import_helpers import (
    HEADER,
    PAYLOAD,
    confirm,
    csv_bytes,
    errors_in,
    import_file,
    login_organiser,
    session_row,
    speaker,
    upload,
    xlsx_bytes,
)


def sessions_of(db, event) -> list[Session]:
    db.session.expire_all()
    return list(db.session.scalars(
        sa.select(Session).where(Session.event_id == event.id).order_by(Session.starts_at, Session.id)))


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def programme_rows(existing_person: Person) -> list[dict[str, str]]:
    """Three sessions: one with three speakers, one without, one in a new geographic track."""
    return [
        session_row("A1") | speaker(speaker_role="moderator", speaker_honorific="Mme", speaker_email="aminata@dakar.sn"),
        session_row("A1", title_fr="", title_en="", room="") | speaker(
            speaker_role="speaker", speaker_given_name=existing_person.given_name,
            speaker_family_name=existing_person.family_name, speaker_email=existing_person.email.upper(),
            speaker_country="FR", speaker_collectivite=""),
        session_row("A1") | speaker(speaker_role="keynote", speaker_given_name="Jean", speaker_family_name="Dupré",
                                    speaker_country="FR", speaker_collectivite="", speaker_function="Grand témoin"),
        session_row("P1", type="plenary", title_fr="Plénière d'ouverture", title_en="Opening plenary", start="09:00",
                    end="09:45", room="Grand amphi", room_capacity="500", track="", track_name_fr="", track_name_en="",
                    track_kind="", capacity="", languages="fr", interpretation="en, es"),
        session_row("G1", type="geographic_group", title_fr="Groupe Asie", title_en="Asia group", start="14:00",
                    end="15:30", day="2030-09-19", room="Salle Jaurès", track="asie", track_name_fr="Asie",
                    track_name_en="Asia", track_kind="geographic", capacity="", interpretation="")
        | speaker(speaker_given_name="Thị Hương", speaker_family_name="Nguyễn", speaker_given_name_latin="Thi Huong",
                  speaker_family_name_latin="Nguyen", speaker_country="VN", speaker_collectivite="Hanoï",
                  speaker_function="Vice-présidente"),
    ]


def test_import_valid_csv_imports_everything(client, db):
    event = make_event()
    existing = make_person(given_name="Claire", family_name="Martin", email="claire.martin@example.org")
    known_by_name = make_person(given_name="Jean", family_name="Dupre", email=None, country="FR")
    login_organiser(client, db)
    preview = upload(client, event, "programme.csv", csv_bytes(programme_rows(existing)))
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200, errors_in(preview)
    assert "3 sessions to create" in text and "Import only adds new sessions" in text
    assert "2 new rooms" in text and "1 people to create" not in text
    assert count(db, Session) == 0, "the preview writes nothing"

    response = confirm(client, event, preview)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/organiser/events/{event.slug}/sessions")
    plenary, workshop, group = sessions_of(db, event)
    assert (plenary.title_fr, plenary.type.value, plenary.room.name, plenary.room.capacity) == (
        "Plénière d'ouverture", "plenary", "Grand amphi", 500)
    assert (plenary.languages, plenary.interpretation, plenary.track, plenary.speakers) == (["fr"], ["en", "es"], None, [])
    assert to_local(workshop.starts_at, event.timezone).time() == time(10, 0)
    assert to_local(workshop.ends_at, event.timezone).time() == time(11, 30)
    assert (workshop.capacity, workshop.languages, workshop.track.slug, workshop.track.kind) == (
        60, ["fr", "en"], "climat", TrackKind.THEMATIC)
    assert [(s.person.family_name, s.role, s.position) for s in workshop.speakers] == [
        ("Diallo", SpeakerRole.MODERATOR, 0), ("Martin", SpeakerRole.SPEAKER, 1), ("Dupre", SpeakerRole.KEYNOTE, 2)]
    assert workshop.speakers[1].person_id == existing.id, "matched by email (case ignored)"
    assert workshop.speakers[2].person_id == known_by_name.id, "matched by names and country, accents ignored"
    diallo = workshop.speakers[0].person
    assert (diallo.email, diallo.honorific, diallo.collectivite.name, diallo.collectivite.type) == (
        "aminata@dakar.sn", "Mme", "Ville de Dakar", CollectiviteType.FOREIGN_AUTHORITY)
    assert group.room_id == workshop.room_id and group.track.kind == TrackKind.GEOGRAPHIC
    nguyen = group.speakers[0].person
    assert (nguyen.given_name, nguyen.family_name_latin, nguyen.country) == ("Thị Hương", "Nguyen", "VN")
    assert count(db, Room) == 2 and count(db, Track) == 2 and count(db, Person) == 4


def test_import_reuses_existing_rooms_tracks_and_collectivites(client, db):
    event = make_event()
    room = make_room(event, name="Salle Jaurès", capacity=40)
    track = make_track(event, slug="climat", kind=TrackKind.THEMATIC, name_fr="Dynamique climat")
    dakar = make_collectivite(name="Ville de Dakar", country="SN", type=CollectiviteType.FOREIGN_AUTHORITY)
    login_organiser(client, db)
    rows = [session_row("A1", room="salle jaures", track="climat", track_name_fr="", track_kind="", capacity="")
            | speaker(speaker_collectivite="VILLE DE DAKAR")]
    import_file(client, event, "programme.csv", csv_bytes(rows))
    [session] = sessions_of(db, event)
    assert (session.room_id, session.track_id, session.speakers[0].person.collectivite_id) == (room.id, track.id, dakar.id)
    assert db.session.get(Room, room.id).capacity == 40, "existing rooms are not changed"
    assert count(db, Room) == 1 and count(db, Track) == 1 and count(db, Collectivite) == 1


def test_import_one_bad_row_imports_nothing_and_names_the_row(client, db):
    event = make_event()
    person = make_person()
    login_organiser(client, db)
    rows = programme_rows(person)
    rows[3] = rows[3] | {"day": "2030-13-01"}  # line 5 of the file
    preview = upload(client, event, "programme.csv", csv_bytes(rows))
    assert preview.status_code == 422
    assert errors_in(preview) == [(5, "Bad day “2030-13-01”: expected YYYY-MM-DD.")]
    assert PAYLOAD.search(preview.get_data(as_text=True)) is None, "no confirmation offered"
    assert count(db, Session) == 0 and count(db, Room) == 0 and count(db, Person) == 1


def test_import_reports_every_kind_of_bad_row(client, db):
    event = make_event()
    login_organiser(client, db)
    rows = [
        session_row("A1", title_fr=""),                                   # 2
        session_row("A2", type="conference"),                             # 3
        session_row("A3", start="25:00"),                                 # 4
        session_row("A4", start="11:00", end="10:00"),                    # 5
        session_row("A5", day="2030-03-31", start="02:30", end="03:30"),  # 6 (skipped by summer time in Paris)
        session_row("A6") | speaker(speaker_country="XX"),                # 7
        session_row("A7", track="new-track", track_name_fr="", track_kind=""),  # 8
        session_row("A8", track="other", track_name_fr="Autre", track_kind="regional"),  # 9
        session_row("A9", title_fr="Atelier\x07"),                        # 10
        session_row("A10", title_fr="x" * 301),                           # 11
        session_row("A11", start="15:00", end="16:00"),                   # 12
        session_row("A11", start="15:30", end="16:00"),                   # 13 differs from line 12
        session_row("A12", start="17:00", end="18:00") | speaker(),       # 14
        session_row("A12", start="17:00", end="18:00") | speaker(),       # 15 same speaker, same role
        session_row("", start="18:00", end="19:00"),                      # 16
        session_row("A13", start="19:00", end="20:00") | speaker(speaker_email="not-an-email"),  # 17
    ]
    preview = upload(client, event, "programme.csv", csv_bytes(rows))
    assert preview.status_code == 422
    errors = errors_in(preview)
    expected = {
        2: "The French title (title_fr) is missing.", 3: "Unknown type “conference”", 4: "Bad time “25:00”",
        5: "ends (10:00) before it starts (11:00)", 6: "does not exist in Europe/Paris", 7: "Unknown country code “XX”",
        8: "Unknown track “new-track”", 9: "Unknown track_kind “regional”", 10: "Control characters in column title_fr",
        11: "Column title_fr is longer than 300 characters", 13: "Column start differs from line 12",
        15: "Aminata Diallo is listed twice in this session", 16: "The session_key is missing.",
        17: "Bad email address “not-an-email”",
    }
    for line, fragment in expected.items():
        assert any(line == found and fragment in message for found, message in errors), (line, fragment, errors)
    assert {line for line, _ in errors} == set(expected)
    assert count(db, Session) == 0


def test_import_valid_xlsx_with_date_and_time_cells(client, db):
    event = make_event()
    login_organiser(client, db)
    header = ["session_key", "type", "title_fr", "title_en", "day", "start", "end", "room", "capacity",
              "speaker_role", "speaker_given_name", "speaker_family_name", "speaker_country"]
    content = xlsx_bytes([
        ["S1", "round_table", "Table ronde", "Round table", datetime(2030, 9, 18), time(16, 0), time(17, 30), "Salle B", 120,
         "moderator", "Ana", "Silva", "BR"],
        ["S1", "round_table", "Table ronde", "Round table", "2030-09-18", "16:00", "17:30", "Salle B", 120.0,
         "speaker", "Ali", "Ben Salah", "TN"],
        ["S2", "break", "Pause café", None, "19/09/2030", "10:30:00", "10:45", None, None, None, None, None, None],
    ], header=header)
    response = import_file(client, event, "Programme.XLSX", content)
    assert response.status_code == 302
    table_ronde, pause = sessions_of(db, event)
    assert to_local(table_ronde.starts_at, event.timezone) == datetime(2030, 9, 18, 16, 0, tzinfo=event.zone)
    assert (table_ronde.capacity, [s.person.family_name for s in table_ronde.speakers]) == (120, ["Silva", "Ben Salah"])
    assert (pause.title_en, to_local(pause.starts_at, event.timezone).date().isoformat()) == ("Pause café", "2030-09-19")


def test_import_invalid_xlsx_names_the_row(client, db):
    event = make_event()
    login_organiser(client, db)
    rows = [[session_row("A1").get(name, "") for name in HEADER],
            [session_row("A2", end="abc").get(name, "") for name in HEADER]]
    preview = upload(client, event, "programme.xlsx", xlsx_bytes(rows))
    assert preview.status_code == 422
    assert errors_in(preview) == [(3, "Bad time “abc” in column end: expected HH:MM.")]
    assert count(db, Session) == 0


def test_import_csv_with_bom_and_semicolons(client, db):
    event = make_event()
    login_organiser(client, db)
    content = csv_bytes([session_row("A1", title_fr="Réunion d'été")], delimiter=";", encoding="utf-8-sig")
    assert content.startswith(b"\xef\xbb\xbf")
    import_file(client, event, "programme.csv", content)
    assert [session.title_fr for session in sessions_of(db, event)] == ["Réunion d'été"]


def test_import_csv_in_windows_1252(client, db):
    event = make_event()
    login_organiser(client, db)
    rows = [session_row("A1", title_fr="Coopération – été", room="Salle Œuvre") | speaker(speaker_given_name="Hélène")]
    content = csv_bytes(rows, delimiter=";", encoding="cp1252")
    import_file(client, event, "programme.csv", content)
    [session] = sessions_of(db, event)
    assert (session.title_fr, session.room.name, session.speakers[0].person.given_name) == (
        "Coopération – été", "Salle Œuvre", "Hélène")


def test_import_refuses_oversized_file(client, db):
    event = make_event()
    login_organiser(client, db)
    content = csv_bytes([session_row("A1", description_fr="x" * (2 * 1024 * 1024))])
    response = upload(client, event, "programme.csv", content)
    assert response.status_code == 422
    assert "The file is larger than 2 MiB." in response.get_data(as_text=True)


def test_import_refuses_too_many_rows(client, db):
    event = make_event()
    login_organiser(client, db)
    rows = [session_row(f"K{n}", title_fr=f"Atelier {n}") for n in range(2001)]
    response = upload(client, event, "programme.csv", csv_bytes(rows))
    assert response.status_code == 422
    assert "The file has more than 2000 rows." in response.get_data(as_text=True)


def test_import_refuses_files_that_are_not_spreadsheets(client, db):
    event = make_event()
    login_organiser(client, db)
    cases = [
        ("programme.pdf", b"%PDF-1.4 not a spreadsheet", "Only CSV (.csv) and Excel (.xlsx) files can be imported."),
        ("programme.xlsx", csv_bytes([session_row()]), "This file is not an Excel (.xlsx) workbook."),
        ("programme.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This file is not a CSV text file."),
        ("programme.csv", xlsx_bytes([]), "This file is not a CSV text file."),
        ("programme.xlsx", b"PK\x03\x04 broken zip", "This file is not an Excel (.xlsx) workbook."),
        ("programme.csv", b"titre;jour\nA;B\n", "Unknown column(s): titre, jour."),
    ]
    for filename, content, message in cases:
        response = upload(client, event, filename, content)
        assert response.status_code == 422, filename
        assert message in response.get_data(as_text=True), (filename, message)
    assert count(db, Session) == 0


def test_import_without_csrf_token_refused(client, db):
    event = make_event()
    login_organiser(client, db)
    response = client.post(f"/organiser/events/{event.slug}/import", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(csv_bytes([session_row()])), "programme.csv")})
    assert response.status_code == 400
    preview = upload(client, event, "programme.csv", csv_bytes([session_row()]))
    payload = PAYLOAD.search(preview.get_data(as_text=True)).group(1)
    response = client.post(f"/organiser/events/{event.slug}/import/confirm", data={"payload": payload})
    assert response.status_code == 400
    assert count(db, Session) == 0


def test_import_and_export_refuse_anonymous_and_desk(client, db):
    event = make_event()
    db.session.commit()
    urls = [f"/organiser/events/{event.slug}/import", f"/organiser/events/{event.slug}/export.csv",
            f"/organiser/events/{event.slug}/export.xlsx"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url
    login_organiser(client, db, Role.DESK)
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_import_conflicts_within_the_file_are_errors(client, db):
    event = make_event()
    login_organiser(client, db)
    rows = [
        session_row("A1", start="10:00", end="11:00") | speaker(speaker_email="aminata@dakar.sn"),
        session_row("A2", title_fr="Même salle", start="10:30", end="11:30"),  # same room
        session_row("A3", title_fr="Même intervenante", room="Autre salle", start="10:45", end="12:00")
        | speaker(speaker_email="aminata@dakar.sn"),
    ]
    preview = upload(client, event, "programme.csv", csv_bytes(rows))
    assert preview.status_code == 422
    assert errors_in(preview) == [
        (3, "Room “Salle Jaurès” is booked at the same time by “Atelier climat”, line 2."),
        (4, "Aminata Diallo speaks at the same time in “Atelier climat”, line 2."),
    ]


def test_import_conflicts_with_the_programme_are_errors(client, db):
    event = make_event()
    room = make_room(event, name="Salle Jaurès")
    person = make_person(given_name="Paul", family_name="Durand", email="paul@example.org")
    existing = make_session(event, title_fr="Atelier existant", room=room,
                            starts_at=datetime(2030, 9, 18, 10, 0, tzinfo=event.zone))
    other = make_session(event, title_fr="Autre atelier", starts_at=datetime(2030, 9, 18, 14, 0, tzinfo=event.zone))
    add_speaker(other, person)
    cancelled = make_session(event, title_fr="Annulé", room=room, status=SessionStatus.CANCELLED,
                             starts_at=datetime(2030, 9, 18, 16, 0, tzinfo=event.zone))
    login_organiser(client, db)
    rows = [
        session_row("A1", start="10:30", end="11:00"),
        session_row("A2", title_fr="Deux", room="", start="14:30", end="15:00")
        | speaker(speaker_given_name="Paul", speaker_family_name="Durand", speaker_email="paul@example.org"),
        session_row("A3", title_fr="Trois", start="16:00", end="17:00"),  # the cancelled session frees the room
    ]
    preview = upload(client, event, "programme.csv", csv_bytes(rows))
    assert preview.status_code == 422
    assert errors_in(preview) == [
        (2, "Room “Salle Jaurès” is booked at the same time by “Atelier existant”, already in the programme."),
        (3, "Paul Durand speaks at the same time in “Autre atelier”, already in the programme."),
    ]
    assert existing.id and cancelled.id


def test_import_conflict_kept_with_an_override_reason(client, db):
    event = make_event()
    room = make_room(event, name="Salle Jaurès")
    make_session(event, room=room, starts_at=datetime(2030, 9, 18, 10, 0, tzinfo=event.zone))
    login_organiser(client, db)
    rows = [session_row("A1", start="10:30", end="11:00") | {"override_reason": "Cloison mobile"}]
    header = HEADER + ["override_reason"]
    preview = upload(client, event, "programme.csv", csv_bytes(rows, header=header))
    assert preview.status_code == 200, errors_in(preview)
    assert "Kept, as asked: “Cloison mobile”" in preview.get_data(as_text=True)
    confirm(client, event, preview)
    imported = [session for session in sessions_of(db, event) if session.title_fr == "Atelier climat"]
    assert imported[0].conflict_override_reason == "Cloison mobile"


def test_import_double_submitted_confirmation_imports_once(client, db):
    event = make_event()
    person = make_person()
    login_organiser(client, db)
    preview = upload(client, event, "programme.csv", csv_bytes(programme_rows(person)))
    first = confirm(client, event, preview)
    second = confirm(client, event, preview)
    assert first.status_code == second.status_code == 302
    assert len(sessions_of(db, event)) == 3 and count(db, Room) == 2 and count(db, Person) == 4
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "This file has already been imported: nothing was added." in page


def test_import_confirmation_checks_the_programme_again(client, db):
    event = make_event()
    room = make_room(event, name="Salle Jaurès")
    login_organiser(client, db)
    preview = upload(client, event, "programme.csv", csv_bytes([session_row("A1")]))
    assert preview.status_code == 200
    make_session(event, title_fr="Ajouté entre-temps", room=room, starts_at=datetime(2030, 9, 18, 10, 0, tzinfo=event.zone))
    db.session.commit()
    response = confirm(client, event, preview)
    assert response.status_code == 422
    assert "Ajouté entre-temps" in errors_in(response)[0][1]
    assert [session.title_fr for session in sessions_of(db, event)] == ["Ajouté entre-temps"]


def test_import_refuses_a_tampered_or_foreign_confirmation(client, db):
    event, other_event = make_event(), make_event()
    login_organiser(client, db)
    preview = upload(client, event, "programme.csv", csv_bytes([session_row("A1")]))
    text = preview.get_data(as_text=True)
    payload = PAYLOAD.search(text).group(1)
    for slug, forged in ((event.slug, payload[:-3] + "abc"), (other_event.slug, payload)):
        response = client.post(f"/organiser/events/{slug}/import/confirm",
                               data={"csrf_token": csrf_token_from(text), "payload": forged})
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/{slug}/import")
    assert count(db, Session) == 0


def test_import_too_large_for_the_page_asks_for_the_file_again(client, db, monkeypatch):
    monkeypatch.setattr(signed_import, "MAX_PAYLOAD_CHARS", 10)
    event = make_event()
    login_organiser(client, db)
    content = csv_bytes([session_row("A1")])
    preview = upload(client, event, "programme.csv", content)
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'type="file"' in text and PAYLOAD.search(text).group(1) == ""
    response = client.post(f"/organiser/events/{event.slug}/import/confirm", content_type="multipart/form-data",
                           data={"csrf_token": csrf_token_from(text), "payload": "",
                                 "file": (io.BytesIO(content), "programme.csv")})
    assert response.status_code == 302
    assert [session.title_fr for session in sessions_of(db, event)] == ["Atelier climat"]


def test_import_preview_in_french(client, db):
    event = make_event()
    login_organiser(client, db)
    page = client.get(f"/organiser/events/{event.slug}/import?lang=fr")
    assert "Importer" in page.get_data(as_text=True)
    response = client.post(f"/organiser/events/{event.slug}/import", content_type="multipart/form-data", data={
        "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        "file": (io.BytesIO(csv_bytes([session_row("A1", day="demain")])), "programme.csv")})
    assert errors_in(response) == [(2, "Jour « demain » invalide : format attendu AAAA-MM-JJ.")]


def test_reading_helpers():
    assert decode_text("é".encode("utf-8-sig")) == "é"
    assert decode_text("é".encode("cp1252")) == "é"
    assert sniff_delimiter("session_key;type;title_fr\nA;b,c;d") == ";"
    assert sniff_delimiter("session_key,type,title_fr\nA;b;c,d") == ","
    assert cell_text(datetime(2030, 9, 18, 9, 30), "day") == "2030-09-18"
    assert cell_text(datetime(2030, 9, 18, 9, 30), "start") == "09:30"
    assert cell_text(time(9, 5), "end") == "09:05" and cell_text(42.0, "capacity") == "42"
    assert cell_text("'=1+1", "title_fr") == "=1+1" and cell_text("'Hello", "title_fr") == "'Hello"
