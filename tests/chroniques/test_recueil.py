"""The recueil: cover, contents with page numbers, every chronicle of the series in order with its summary."""
from __future__ import annotations

import re
import subprocess

from app.auth.models import Role
from tests.backoffice.helpers import login_as
from tests.chroniques.builders import build_series


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_recueil_command_prints_every_chronicle_in_order(cli, db, tmp_path):
    built = build_series()
    built.past[0].summary_fr = "Synthèse des échanges sur l'Ukraine."
    db.session.commit()
    output = tmp_path / "recueil.pdf"
    result = cli.invoke(args=["chroniques", "recueil", built.series.slug, "-o", str(output)])
    assert result.exit_code == 0, result.output
    text = pdf_text(output)
    titles = [f"Chronique : {name}" for name in ("Ukraine", "Brésil", "Japon", "Détroits")]
    contents, body = text.split("Sommaire", 1)[1].split("\f", 1)
    assert [contents.index(title) for title in titles] == sorted(contents.index(title) for title in titles)
    assert re.search(r"Chronique : Ukraine[ .]+3\b", contents)
    positions = [body.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "Synthèse des échanges sur l'Ukraine." in body and "Hélène Experte Ukraine" in body


def test_recueil_command_refuses_an_unknown_series(cli, db):
    result = cli.invoke(args=["chroniques", "recueil", "nope"])
    assert result.exit_code != 0 and "nope" in result.output


def test_organiser_downloads_the_recueil_and_edits_a_summary(client, db, tmp_path):
    built = build_series()
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    from tests.backoffice.helpers import post_form

    post_form(client, f"/organiser/chroniques/chronicles/{built.past[1].slug}/summary",
              {"summary_fr": "Le Brésil vu des collectivités.", "summary_en": ""})
    response = client.get(f"/organiser/chroniques/{built.series.slug}/recueil.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    (tmp_path / "r.pdf").write_bytes(response.data)
    assert "Le Brésil vu des collectivités." in pdf_text(tmp_path / "r.pdf")


def test_recueil_in_english_prints_other_scripts(cli, db, tmp_path):
    built = build_series()
    built.upcoming[0].title_en = "Chronicle: Việt Nam và Nhật Bản — القدس"
    db.session.commit()
    output = tmp_path / "recueil-en.pdf"
    result = cli.invoke(args=["chroniques", "recueil", built.series.slug, "-o", str(output), "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = pdf_text(output)
    assert "Contents" in text and "Việt Nam và Nhật Bản" in text and "Chronicle: Ukraine" in text
