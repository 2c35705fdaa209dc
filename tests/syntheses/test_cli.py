"""``flask syntheses proceedings``: the proceedings PDF from the command line — the published syntheses in it,
the others not; what it wrote; an unknown event, an event with nothing published, a wrong file: a message and
exit status 1, never a traceback."""
from __future__ import annotations

from app.syntheses import operations
from tests.factories import make_event
from tests.pdf_support import normalised, page_count, pdf_text, require_pdf_tools
from tests.syntheses.helpers import build_event

PUBLISHED = ("# Выводы первого ателье\n\nСотрудничество городов.", "# Constats du troisième atelier\n\n- Former les agents")
UNPUBLISHED = "# Brouillon du deuxième atelier\n\nPas encore relu."


def _event_with_syntheses(db, publish: bool = True):
    built = build_event()
    db.session.flush()
    bodies = {0: PUBLISHED[0], 1: UNPUBLISHED, 2: PUBLISHED[1]}
    for index, body in bodies.items():
        synthesis = operations.assign_rapporteur(built.sessions[index], built.rapporteur, None, actor="test")
        operations.save_text(synthesis, body, submit=True, actor="test")
        if publish and index != 1:
            operations.publish(synthesis, actor="test")
    db.session.commit()
    return built


def _refused(result) -> str:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    return result.output


def test_cli_proceedings_print_the_published_syntheses_and_not_the_others(cli, db, tmp_path):
    require_pdf_tools()
    built = _event_with_syntheses(db)
    output = tmp_path / "actes.pdf"
    result = cli.invoke(args=["syntheses", "proceedings", built.event.slug, "-o", str(output)])
    assert result.exit_code == 0, result.output
    body = output.read_bytes()
    assert f"{output}: {page_count(body)} pages, 2 published syntheses of 6 sessions" in result.output
    text = normalised(pdf_text(body))
    for published in ("Выводы первого ателье", "Сотрудничество городов", "Constats du troisième atelier",
                      "Former les agents"):
        assert normalised(published) in text, published
    assert "Brouillon du deuxième atelier" not in text and "Pas encore relu" not in text
    assert "Actes" in text and "Sommaire" in text and "1. Atelier 1 : coopération" in text


def test_cli_proceedings_in_english_and_under_the_default_name(cli, db, tmp_path, monkeypatch):
    require_pdf_tools()
    built = _event_with_syntheses(db)
    monkeypatch.chdir(tmp_path)
    result = cli.invoke(args=["syntheses", "proceedings", built.event.slug, "--language", "en"])
    assert result.exit_code == 0, result.output
    text = normalised(pdf_text((tmp_path / f"{built.event.slug}-proceedings.pdf").read_bytes()))
    assert "Proceedings" in text and "Contents" in text and "1. Workshop 1: cooperation" in text
    assert "Constats du troisième atelier" in text


def test_cli_proceedings_of_an_unknown_event_are_refused(cli, db, tmp_path):
    output = tmp_path / "actes.pdf"
    message = _refused(cli.invoke(args=["syntheses", "proceedings", "no-such-event", "-o", str(output)]))
    assert "no event with the short name 'no-such-event'" in message and not output.exists()


def test_cli_proceedings_without_a_published_synthesis_are_refused(cli, db, tmp_path):
    built = _event_with_syntheses(db, publish=False)  # written and sent for review, none published
    empty = make_event()
    db.session.commit()
    for event in (built.event, empty):
        output = tmp_path / f"{event.slug}.pdf"
        message = _refused(cli.invoke(args=["syntheses", "proceedings", event.slug, "-o", str(output)]))
        assert f"no published synthesis in the event '{event.slug}'" in message and not output.exists()


def test_cli_proceedings_to_a_file_it_cannot_write_are_refused(cli, db, tmp_path):
    built = _event_with_syntheses(db)
    markdown = tmp_path / "actes.md"
    message = _refused(cli.invoke(args=["syntheses", "proceedings", built.event.slug, "-o", str(markdown)]))
    assert "name a file ending in .pdf" in message and not markdown.exists()
    missing = tmp_path / "no-such-folder" / "actes.pdf"
    message = _refused(cli.invoke(args=["syntheses", "proceedings", built.event.slug, "-o", str(missing)]))
    assert str(missing) in message and "No such file or directory" in message
    result = cli.invoke(args=["syntheses", "proceedings", built.event.slug, "--language", "de"])
    assert result.exit_code == 2 and "'de' is not one of 'fr', 'en'" in result.output


def test_cli_proceedings_cover_counts_the_people_checked_in_at_the_desk(cli, db, tmp_path):
    from tests.certificates.helpers import check_in
    from tests.factories import make_registration

    require_pdf_tools()
    built = _event_with_syntheses(db)
    others = [make_registration(built.event) for _ in range(3)]
    db.session.flush()
    for registration in others[:2]:
        check_in(registration, built.event.days[0])
    db.session.commit()
    output = tmp_path / "actes.pdf"
    assert cli.invoke(args=["syntheses", "proceedings", built.event.slug, "-o", str(output)]).exit_code == 0
    text = normalised(pdf_text(output.read_bytes()))
    assert "2 présents" in text  # checked in at the desk; the rapporteur and one other were not
