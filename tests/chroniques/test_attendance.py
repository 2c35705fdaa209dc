"""Attendance: the video platform's CSV matched by email then by name; unknown rows reported; bad files change nothing."""
from __future__ import annotations

import io
from datetime import UTC

import sqlalchemy as sa

from app.auth.models import Role
from app.chroniques.attendance import chronicle_figures, series_figures
from app.registration.models import AttendanceSource, Registration
from tests.backoffice.helpers import login_as
from tests.chroniques.builders import build_series
from tests.conftest import csrf_token_from
from tests.factories import make_collectivite, make_person, make_registration

ZOOM = ("Meeting ID,Topic,Start Time\n123 456,Chronique,{day} 12:25:00\n\n"
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        "Marie Curie,MARIE@LYON.FR,{day} 12:31:00,{day} 13:01:00,30,No\n"
        "Marie Curie,marie@lyon.fr,{day} 13:05:00,{day} 13:15:00,10,No\n"
        "francois CHENG (Ville de Nantes),,{day} 12:40:00,{day} 13:20:00,40,Yes\n"
        "Inconnu Total,nobody@example.org,{day} 12:40:00,{day} 13:20:00,40,Yes\n")


def build(db):
    built = build_series()
    chronicle = built.past[0]
    nantes = make_collectivite(name="Nantes", cuf_member=True)
    marie = make_registration(chronicle, make_person(given_name="Marie", family_name="Curie", email="marie@lyon.fr",
                                                     collectivite_id=built.member.id))
    francois = make_registration(chronicle, make_person(given_name="François", family_name="Cheng",
                                                        email="fc@nantes.fr", collectivite_id=nantes.id))
    absent = make_registration(chronicle, make_person(collectivite_id=built.member.id))
    db.session.commit()
    return built, chronicle, marie, francois, absent


def upload(client, chronicle, content: bytes, filename: str = "participants.csv"):
    url = f"/organiser/chroniques/chronicles/{chronicle.slug}/attendance"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, "file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def confirm(client, chronicle, preview_html: str):
    payload = preview_html.split('name="payload" type="hidden" value="')[1].split('"')[0]
    return client.post(f"/organiser/chroniques/chronicles/{chronicle.slug}/attendance/confirm",
                       data={"csrf_token": csrf_token_from(preview_html), "payload": payload})


def attended(db) -> dict[int, tuple]:
    db.session.expire_all()
    return {r.id: (r.attended_at is not None, r.attendance_minutes, r.attendance_source)
            for r in db.session.scalars(sa.select(Registration))}


def test_zoom_export_matched_by_email_then_by_name_and_unknown_rows_reported(client, db):
    built, chronicle, marie, francois, absent = build(db)
    login_as(client, db, Role.ORGANISER)
    day = chronicle.local_start.strftime("%Y-%m-%d")
    preview = upload(client, chronicle, ZOOM.format(day=day).encode())
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "nobody@example.org" in html and "Inconnu Total" in html
    assert attended(db)[marie.id] == (False, None, None)  # the preview changes nothing
    assert confirm(client, chronicle, html).status_code == 302
    state = attended(db)
    assert state[marie.id] == (True, 40, AttendanceSource.IMPORT)
    assert state[francois.id] == (True, 40, AttendanceSource.IMPORT)
    assert state[absent.id] == (False, None, None)
    figures = chronicle_figures(chronicle)
    assert (figures.registered, figures.attended, figures.registered_collectivites, figures.attended_collectivites) == \
        (3, 2, 2, 2)


def test_semicolon_bom_and_teams_utf16_variants(client, db):
    built, chronicle, marie, francois, absent = build(db)
    login_as(client, db, Role.ORGANISER)
    day = chronicle.local_start.strftime("%d/%m/%Y")
    french = ("\ufeffNom;Adresse e-mail;Heure d'arrivée;Heure de départ\n"
              f"MARIE CURIE;;{day} 12:30;{day} 13:30\n").encode()
    confirm(client, chronicle, upload(client, chronicle, french).get_data(as_text=True))
    assert attended(db)[marie.id] == (True, 60, AttendanceSource.IMPORT)
    us_day = chronicle.local_start.strftime("%m/%d/%y")
    teams = ("Full Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
             f"Cheng François\t{us_day}, 12:35:00 PM\t{us_day}, 1:05:00 PM\t30m\t\tAttendee\n").encode("utf-16")
    confirm(client, chronicle, upload(client, chronicle, teams).get_data(as_text=True))
    assert attended(db)[francois.id] == (True, 30, AttendanceSource.IMPORT)


def test_bad_files_change_nothing(client, db):
    built, chronicle, marie, francois, absent = build(db)
    login_as(client, db, Role.ORGANISER)
    before = attended(db)
    for content, message in [(b"\x00\x01binary", "pas un fichier texte CSV"),
                             (b"colour,size\nred,3\n", "En-tête des participants introuvable"),
                             (b"x" * (3 * 1024 * 1024), "Le fichier dépasse")]:
        response = upload(client, chronicle, content)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    bad_line = b"Name,Email,Join Time\nMarie Curie,marie@lyon.fr,someday\n"
    response = upload(client, chronicle, bad_line)
    assert response.status_code == 422 and "Heure illisible" in response.get_data(as_text=True)
    assert 'name="payload"' not in response.get_data(as_text=True)
    forged = client.post(f"/organiser/chroniques/chronicles/{chronicle.slug}/attendance/confirm",
                         data={"csrf_token": csrf_token_from(response.get_data(as_text=True)), "payload": "forged"})
    assert forged.status_code == 302
    assert attended(db) == before


def test_manual_marking_and_series_figures(client, db):
    built, chronicle, marie, francois, absent = build(db)
    login_as(client, db, Role.ORGANISER)
    page = client.get(f"/organiser/chroniques/chronicles/{chronicle.slug}/attendance").get_data(as_text=True)
    token = csrf_token_from(page)
    client.post(f"/organiser/chroniques/chronicles/{chronicle.slug}/attendance/{marie.id}/present",
                data={"csrf_token": token})
    assert attended(db)[marie.id] == (True, None, AttendanceSource.MANUAL)
    client.post(f"/organiser/chroniques/chronicles/{chronicle.slug}/attendance/{absent.id}/present",
                data={"csrf_token": token})
    client.post(f"/organiser/chroniques/chronicles/{chronicle.slug}/attendance/{absent.id}/absent",
                data={"csrf_token": token})
    assert attended(db)[absent.id] == (False, None, None)
    make_registration(built.past[1], make_person(collectivite_id=built.member.id))
    db.session.commit()
    figures = series_figures(built.series)
    assert (figures.registered, figures.attended, figures.collectivites) == (4, 1, 2)
    # held: two chronicles; 1 collectivité present at the first, 1 registered at the second (no attendance yet)
    assert len(figures.held) == 2 and figures.avg_collectivites_per_chronicle == 1.0
    page = client.get(f"/organiser/chroniques/{built.series.slug}/").get_data(as_text=True)
    assert 'data-figure="avg-collectivites">1.0<' in page


def test_too_many_lines_are_refused_whole(client, db):
    built, chronicle, marie, francois, absent = build(db)
    login_as(client, db, Role.ORGANISER)
    lines = "".join(f"Person {n},p{n}@example.org,30\n" for n in range(5001))
    response = upload(client, chronicle, ("Name,Email,Duration\n" + lines).encode())
    assert response.status_code == 422 and "5000" in response.get_data(as_text=True).replace("\u202f", "").replace(" ", "")
    assert attended(db)[marie.id] == (False, None, None)


def test_durations_and_times_in_the_usual_spellings(db):
    from datetime import datetime

    from app.chroniques.attendance_import import parse_minutes, parse_time

    built = build_series(datetime(2030, 3, 5, 11, 30, tzinfo=UTC))
    chronicle = built.past[0]  # 4 January 2030: "04/01" is read day first, from the event's date
    assert [parse_minutes(value) for value in ("45", "45 min", "1h 5m", "1 h 05 min 30 s", "01:05:30", "")] == \
        [45, 45, 65, 66, 66, None]
    local = chronicle.local_start
    day_first = local.strftime("%d/%m/%Y %H:%M")
    month_first = local.strftime("%m/%d/%Y %I:%M %p")
    assert day_first == "04/01/2030 12:30"
    assert parse_time(day_first, chronicle) == parse_time(month_first, chronicle) == chronicle.starts_at
    assert parse_time("2030-01-04T11:30:00Z", chronicle) == chronicle.starts_at
