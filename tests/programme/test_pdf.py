"""The printable programme and speaker list: content, scripts, order, fonts, downloads and the CLI."""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from app.core.pdf import UnprintableTextError
from app.events.models import Event, EventKind, EventStatus
from app.people.models import ProtocolRank
from app.programme.models import SessionStatus, SpeakerRole
from app.programme.pdf import programme_pdf, speakers_pdf
from tests.factories import PARIS, add_speaker, make_collectivite, make_event, make_person, make_room, make_session, make_track
from tests.pdf_support import (
    SUBSET_FONT_NAME,
    embedded_font_files,
    font_names,
    normalised,
    page_count,
    pdf_text,
    require_pdf_tools,
)

A4_WIDTH = 595.28
RIGHT_MARGIN = 18 / 25.4 * 72


@pytest.fixture(autouse=True)
def _pdf_tools():
    require_pdf_tools()


def _nfkc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


# --- the demo RAICT 2023 -------------------------------------------------------------

@pytest.fixture
def raict_2023(demo_app):
    from app.core.extensions import db

    return db.session.scalar(sa.select(Event).where(Event.slug == "raict-2023"))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_programme_pdf_of_demo_raict_2023_has_every_session_title_and_speaker_name(raict_2023, language):
    from app.programme.queries import visible_sessions

    text = normalised(pdf_text(programme_pdf(raict_2023, language)))
    sessions = visible_sessions(raict_2023)
    assert len(sessions) >= 26
    for session in sessions:
        assert _nfkc(getattr(session, f"title_{language}")) in text, session
        for speaker in session.speakers:
            person = speaker.person
            # Own script (Arabic included: pdftotext gives it back in logical order, NFKC undoes the shaping)…
            assert _nfkc(person.name) in text, person.name
            # … and the Latin form beside it.
            assert _nfkc(person.name_latin) in text, person.name_latin


DEMO_SCRIPTS = {  # the brief's scripts: Japanese names of the demo RAICT 2023 are in kanji (Han)
    "Vietnamese": lambda person: person.country == "VN" and re.search(r"[ăâđêôơưạ-ỹĐ]", person.name),
    "Japanese": lambda person: person.country == "JP" and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", person.name),
    "Chinese": lambda person: person.country in ("CN", "TW") and re.search(r"[\u4e00-\u9fff]", person.name),
    "Korean": lambda person: re.search(r"[\uac00-\ud7af]", person.name),
    "Arabic": lambda person: re.search(r"[\u0600-\u06ff]", person.name),
    "Armenian": lambda person: re.search(r"[\u0530-\u058f]", person.name),
    "Cyrillic": lambda person: re.search(r"[\u0400-\u04ff]", person.name),
}


def test_programme_pdf_of_demo_raict_2023_prints_names_in_every_script(raict_2023):
    from app.programme.queries import speakers_of

    people = [entry.person for entry in speakers_of(raict_2023)]
    text = normalised(pdf_text(programme_pdf(raict_2023, "fr")))
    for script, is_written_in in DEMO_SCRIPTS.items():
        written = [person for person in people if is_written_in(person)]
        assert written, f"no {script} speaker in the demo RAICT 2023"
        for person in written:
            assert _nfkc(person.name) in text and person.name_latin in text, (script, person.name)


def test_speakers_pdf_of_demo_raict_2023_lists_every_speaker_in_protocol_order(raict_2023):
    from app.programme.queries import speakers_of

    text = normalised(pdf_text(speakers_pdf(raict_2023, "fr")))
    positions = [text.find(_nfkc(entry.person.name_latin)) for entry in speakers_of(raict_2023, "protocol")]
    assert all(position >= 0 for position in positions)
    assert positions == sorted(positions)


def test_programme_pdf_of_demo_raict_2023_embeds_subset_fonts(raict_2023):
    body = programme_pdf(raict_2023, "fr")
    names = font_names(body)
    assert {"NotoSans-Regular", "NotoSans-Bold", "WenQuanYiMicroHei-0", "NotoSansArabic-Regular"} <= {
        name.split("+", 1)[-1] for name in names}
    assert all(SUBSET_FONT_NAME.match(name) for name in names), names
    assert all(embedded_font_files(body))


# --- small programmes ----------------------------------------------------------------

def _programme(db, **event_fields) -> Event:
    event = make_event(**event_fields)
    room, track = make_room(event, name="Salle Rhin"), make_track(event, name_fr="Climat", name_en="Climate")
    session = make_session(event, title_fr="Atelier climat", title_en="Climate workshop", room=room, track=track,
                           starts_at=datetime(2030, 9, 18, 9, 30, tzinfo=PARIS))
    person = make_person(given_name="Thị Hương", family_name="Nguyễn", given_name_latin="Thi Huong",
                         family_name_latin="Nguyen", country="VN", function="Vice-présidente",
                         collectivite=make_collectivite(name="Thành phố Huế", name_latin="Hue", country="VN"))
    add_speaker(session, person, SpeakerRole.MODERATOR)
    db.session.commit()
    return event


def test_programme_pdf_shows_time_room_type_track_and_speaker_details(db):
    event = _programme(db)
    text = normalised(pdf_text(programme_pdf(event, "fr")))
    for expected in ("09:30–11:00", "Salle Rhin", "Atelier climat", "Atelier · Salle Rhin · Climat",
                     "Modérateur — Nguyễn Thị Hương (Nguyen Thi Huong), Vice-présidente, Thành phố Huế (Hue)",
                     "mercredi 18 septembre 2030", "Rencontres"):
        assert expected in text, expected


def test_programme_pdf_is_in_the_chosen_language(db):
    event = _programme(db)
    text = normalised(pdf_text(programme_pdf(event, "en")))
    assert "Climate workshop" in text and "Wednesday 18 September 2030" in text
    assert "Workshop · Salle Rhin · Climate" in text and "Moderator — " in text
    assert "Atelier climat" not in text


def test_programme_pdf_marks_cancelled_and_leaves_out_hidden_sessions(db):
    event = make_event()
    make_session(event, title_fr="Séance annulée", status=SessionStatus.CANCELLED)
    make_session(event, title_fr="Séance cachée", is_hidden=True)
    make_session(event, title_fr="Séance ordinaire")
    db.session.commit()
    text = normalised(pdf_text(programme_pdf(event, "fr")))
    assert "Séance annulée" in text and "ANNULÉE" in text
    assert "Séance ordinaire" in text
    assert "Séance cachée" not in text
    assert text.count("ANNULÉE") == 1


def test_programme_pdf_has_header_and_page_numbers_on_every_page(db):
    event = make_event(title_fr="Assises de la coopération")
    for n in range(40):
        make_session(event, title_fr=f"Séance numéro {n}", starts_at=event.starts_at + timedelta(minutes=10 * n))
    db.session.commit()
    body = programme_pdf(event, "fr")
    pages = page_count(body)
    assert pages >= 2
    text = pdf_text(body)
    assert text.count("Assises de la coopération") >= pages
    assert f"Page {pages} sur {pages}" in text and f"Page {pages + 1}" not in text


def test_programme_pdf_wraps_long_titles_without_cutting_them(db):
    event = make_event()
    title = " ".join(f"mot{n}" for n in range(38)) + " coopération décentralisée franco-japonaise fin"
    assert len(title) < 300
    make_session(event, title_fr=title)
    db.session.commit()
    body = programme_pdf(event, "fr")
    lines = [line for line in pdf_text(body).splitlines() if "mot" in line]
    assert len(lines) >= 2  # wrapped
    assert title in normalised(pdf_text(body))  # nothing lost
    right_edges = [float(value) for value in re.findall(r'xMax="([\d.]+)"', pdf_text(body, "-bbox"))]
    assert right_edges and max(right_edges) <= A4_WIDTH - RIGHT_MARGIN + 1  # nothing drawn past the margin


def test_programme_pdf_splits_a_session_longer_than_a_page(db):
    event = make_event()
    session = make_session(event, title_fr="Grande plénière")
    for position in range(70):
        add_speaker(session, make_person(given_name="Camille", family_name=f"Orateur{position:02d}",
                                         function="Adjointe au maire déléguée aux relations internationales"),
                    position=position)
    db.session.commit()
    body = programme_pdf(event, "fr")
    text = normalised(pdf_text(body))
    assert page_count(body) >= 2
    assert all(f"Camille Orateur{position:02d}" in text for position in range(70))


@pytest.mark.parametrize("build", [programme_pdf, speakers_pdf])
def test_pdf_names_without_any_font_raise_one_error_naming_them_all(db, build):
    event = make_event()
    session = make_session(event)
    add_speaker(session, make_person(given_name="Zoé\ue000", family_name="Martin"), position=0)
    add_speaker(session, make_person(given_name="Léa", family_name="Petit", function="Maire\U000f0001"), position=1)
    add_speaker(session, make_person(given_name="佐藤", family_name="さくら", country="JP"), position=2)
    db.session.commit()
    with pytest.raises(UnprintableTextError) as raised:
        build(event, "fr")
    assert [text for text, _ in raised.value.problems] == ["Zoé\ue000 Martin", "Maire\U000f0001"]
    assert "U+E000" in str(raised.value) and "U+F0001" in str(raised.value)


def test_speakers_pdf_is_in_protocol_order(db):
    event = make_event()
    session = make_session(event)
    ranks = {name: ProtocolRank(name_fr=name, name_en=name, precedence=precedence)
             for name, precedence in (("Ministre", 10), ("Ambassadeur", 20), ("Maire", 40))}
    db.session.add_all(ranks.values())
    people = [  # (family name, rank): alphabetical order differs from protocol order
        ("Aubert", None), ("Zidane", "Ministre"), ("Moreau", "Maire"), ("Bernard", "Ambassadeur"), ("Yilmaz", "Maire")]
    for position, (family, rank) in enumerate(people):
        add_speaker(session, make_person(given_name="Camille", family_name=family,
                                         protocol_rank=ranks.get(rank)), position=position)
    db.session.commit()
    text = normalised(pdf_text(speakers_pdf(event, "fr")))
    order = sorted((text.index(f"Camille {family}"), family) for family, _ in people)
    assert [family for _, family in order] == ["Zidane", "Bernard", "Moreau", "Yilmaz", "Aubert"]
    assert "Ordre protocolaire" in text


def test_speakers_pdf_shows_function_collectivite_country_and_sessions(db):
    event = _programme(db)
    text = normalised(pdf_text(speakers_pdf(event, "en")))
    for expected in ("Nguyễn Thị Hương (Nguyen Thi Huong)", "Vice-présidente", "Thành phố Huế (Hue) · Vietnam",
                     "Climate workshop"):
        assert expected in text, expected


def test_programme_pdf_uses_a_fixed_number_of_queries(db, count_queries):
    small, large = make_event(), make_event()
    for event, size in ((small, 3), (large, 30)):
        for _ in range(size):
            session = make_session(event, room=make_room(event), track=make_track(event))
            add_speaker(session, make_person(collectivite=make_collectivite()))
    db.session.commit()
    counts = []
    for event in (small, large):
        db.session.expire_all()
        with count_queries() as counter:
            programme_pdf(event, "fr")
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 3


# --- downloads -------------------------------------------------------------------------

def test_programme_pdf_download_is_an_attachment_in_the_chosen_language(client, db):
    event = _programme(db)
    response = client.get(f"/raict/{event.slug}/programme.pdf?lang=en")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{event.slug}-programme-en.pdf"'
    assert response.data.startswith(b"%PDF")
    assert "Climate workshop" in normalised(pdf_text(response.data))
    assert all(SUBSET_FONT_NAME.match(name) for name in font_names(response.data))  # no Helvetica left


def test_speakers_pdf_download_answers_for_published_events(client, db):
    event = _programme(db)
    response = client.get(f"/raict/{event.slug}/speakers.pdf?lang=fr")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{event.slug}-speakers-fr.pdf"'
    assert "Nguyễn Thị Hương" in normalised(pdf_text(response.data))


@pytest.mark.parametrize("document", ["programme.pdf", "speakers.pdf"])
def test_pdf_download_of_draft_or_wrong_kind_is_404(client, db, document):
    draft = make_event(status=EventStatus.DRAFT)
    published = make_event(kind=EventKind.RAICT)
    db.session.commit()
    assert client.get(f"/raict/{draft.slug}/{document}").status_code == 404
    assert client.get(f"/assises/{published.slug}/{document}").status_code == 404
    assert client.get(f"/raict/no-such-event/{document}").status_code == 404
    assert client.get(f"/raict/{published.slug}/{document}").status_code == 200


def test_programme_and_speaker_pages_link_to_their_pdf(client, db):
    event = make_event(kind=EventKind.ASSISES)
    db.session.commit()
    programme = client.get(f"/assises/{event.slug}/programme?lang=en").get_data(as_text=True)
    speakers = client.get(f"/assises/{event.slug}/speakers?lang=en").get_data(as_text=True)
    assert f'href="/assises/{event.slug}/programme.pdf?lang=en"' in unescape(programme)
    assert f'href="/assises/{event.slug}/speakers.pdf?lang=en"' in unescape(speakers)


# --- the CLI -----------------------------------------------------------------------------

def test_programme_cli_writes_a_pdf_even_for_a_draft(cli, db, tmp_path):
    event = _programme(db, status=EventStatus.DRAFT, slug="raict-2031")
    output = tmp_path / "programme.pdf"
    result = cli.invoke(args=["programme", "pdf", "raict-2031", "-o", str(output), "--lang", "en"])
    assert result.exit_code == 0, result.output
    body = output.read_bytes()
    assert body.startswith(b"%PDF") and page_count(body) >= 1
    assert "Climate workshop" in normalised(pdf_text(body))
    assert event.slug in result.output or str(output) in result.output


def test_programme_cli_writes_the_speaker_list_with_speakers_flag(cli, db, tmp_path):
    _programme(db, slug="raict-2032")
    output = tmp_path / "speakers.pdf"
    result = cli.invoke(args=["programme", "pdf", "raict-2032", "-o", str(output), "--speakers"])
    assert result.exit_code == 0, result.output
    text = normalised(pdf_text(output.read_bytes()))
    assert "Ordre protocolaire" in text and "Nguyễn Thị Hương" in text


def test_programme_cli_refuses_unknown_event_and_unprintable_name(cli, db, tmp_path):
    result = cli.invoke(args=["programme", "pdf", "no-such-event", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "no-such-event" in result.output
    event = make_event(slug="raict-2033")
    add_speaker(make_session(event), make_person(given_name="Zoé\ue000", family_name="Martin"))
    db.session.commit()
    result = cli.invoke(args=["programme", "pdf", "raict-2033", "-o", str(tmp_path / "y.pdf")])
    assert result.exit_code != 0 and "U+E000" in result.output
    assert not (tmp_path / "y.pdf").exists()


def test_programme_pdf_with_unprintable_title_still_downloads(client, db):
    from tests.factories import make_event, make_session

    event = make_event()
    make_session(event, title_fr="Atelier \ue000 des villes")
    db.session.commit()
    response = client.get(f"/raict/{event.slug}/programme.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
