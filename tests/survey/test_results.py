"""Results: counts, averages, distributions as SVG charts readable without JavaScript, free texts listed,
CSV/XLSX export, and the previous edition beside each matching question."""
from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook

from app.auth.models import Role
from app.core.extensions import db as _db
from app.events.models import EventKind, EventSeries
from app.survey import operations
from app.survey.results import survey_results
from tests.backoffice.helpers import login_as
from tests.survey.helpers import build_survey


def _answer_all(built, ratings, texts=()):
    for index, (registration, rating) in enumerate(zip(built.attendees, ratings, strict=False)):
        answers = {built.rating.id: rating, built.single.id: index % 2, built.multiple.id: [0, 2] if index else [1]}
        if index < len(texts):
            answers[built.text.id] = texts[index]
        operations.submit_answers(registration, answers)


def test_survey_results_page_shows_counts_averages_charts_and_texts(client, db):
    built = build_survey(anonymous=False, attendees=3)
    _answer_all(built, [5, 4, 2], texts=["Très bien organisé", "<b>Plus</b> de pauses"])
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    page = client.get(f"/organiser/events/{built.event.slug}/survey/results?lang=en").get_data(as_text=True)
    assert "3 respondents" in page and "Average: 3.67 / 5" in page
    assert page.count("<svg") == 3 and "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]
    assert "<title>Yes: 2 (67 %)</title>" in page and "<title>Water: 1 (33 %)</title>" in page
    assert "Très bien organisé" in page and "&lt;b&gt;Plus&lt;/b&gt; de pauses" in page
    assert built.attendees[0].person.name in page  # named survey: the free texts carry their author
    result = survey_results(built.event, "en")
    rating = result.questions[0]
    assert rating.answered == 3 and [bar.count for bar in rating.bars] == [0, 1, 0, 1, 1]


def test_survey_anonymous_results_name_nobody(client, db):
    built = build_survey(anonymous=True, attendees=2)
    _answer_all(built, [3, 4], texts=["Anonyme"])
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    page = client.get(f"/organiser/events/{built.event.slug}/survey/results").get_data(as_text=True)
    assert "Anonyme" in page and all(r.person.family_name not in page for r in built.attendees)
    csv = client.get(f"/organiser/events/{built.event.slug}/survey/results.csv").get_data(as_text=True)
    assert "name" not in csv.splitlines()[0] and all(r.person.email not in csv for r in built.attendees)


def test_survey_export_csv_and_xlsx_one_row_per_response(client, db):
    built = build_survey(anonymous=False, attendees=2)
    _answer_all(built, [5, 1], texts=["=HYPERLINK(\"http://evil\")"])
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    response = client.get(f"/organiser/events/{built.event.slug}/survey/results.csv")
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert len(lines) == 3 and "Q1. Overall rating of the event" in lines[0] or "Q1. Note globale" in lines[0]
    assert "'=HYPERLINK" in response.get_data(as_text=True)  # formula neutralised
    workbook = load_workbook(io.BytesIO(client.get(
        f"/organiser/events/{built.event.slug}/survey/results.xlsx").data))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 3 and {row[4] for row in rows[1:]} == {5, 1}
    assert "Oui; Culture" in {row[6] for row in rows[1:]} or "Climat; Culture" in {row[6] for row in rows[1:]}


def test_survey_compared_with_the_previous_edition_when_questions_match(client, db):
    series = EventSeries(slug="raict-series", kind=EventKind.RAICT, title_fr="RAICT", title_en="RAICT")
    _db.session.add(series)
    _db.session.flush()
    earlier = build_survey(attendees=2, series_id=series.id, starts_at=datetime.now(UTC) - timedelta(days=400))
    _answer_all(earlier, [2, 2])
    later = build_survey(attendees=2, series_id=series.id)
    later.single.text_fr = "Une autre question ?"  # no longer matches
    _answer_all(later, [5, 4])
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    page = client.get(f"/organiser/events/{later.event.slug}/survey/results?lang=en").get_data(as_text=True)
    assert "Compared with the previous edition" in page and "average 2.00 / 5" in page
    result = survey_results(later.event)
    assert result.previous_event.id == earlier.event.id
    assert result.questions[0].previous is not None and result.questions[0].previous.average == 2
    assert result.questions[1].previous is None and result.questions[2].previous is not None
