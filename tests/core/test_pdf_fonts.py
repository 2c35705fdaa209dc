"""app.core.pdf: font fallback per character, shaping and reordering, errors, wrapping, subsets."""
from __future__ import annotations

import io
import re
import subprocess
import sys
import unicodedata

import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from app import PROJECT_ROOT
from app.core import pdf
from tests.pdf_support import (
    SUBSET_FONT_NAME,
    embedded_font_files,
    font_names,
    normalised,
    pdf_text,
    require_fonts,
    require_pdf_tools,
)

NAMES_IN_SCRIPTS = {
    "Vietnamese": "Nguyễn Thị Hương",
    "Japanese": "佐藤さくら",
    "Chinese": "王小明",
    "Korean": "김민준",
    "Arabic": "فاطمة الزهراء",
    "Hebrew": "נועה כהן",
    "Armenian": "Անի Հակոբյան",
    "Cyrillic": "Олена Коваленко",
    "Greek": "Ελένη Παπαδοπούλου",
}


@pytest.fixture(autouse=True)
def _fonts():
    require_fonts()


def _fonts_of(text: str, style: pdf.FontStyle = "regular") -> list[tuple[str, str]]:
    return [(run.font_name, run.text) for run in pdf.text_runs(text, style)]


def test_fonts_registered_lazily_and_once_per_process():
    script = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "import app.core.pdf as pdf\n"
        "assert not any(name.startswith('Noto') for name in pdfmetrics.getRegisteredFontNames()), 'work at import'\n"
        "calls = []\n"
        "original = pdfmetrics.registerFont\n"
        "pdfmetrics.registerFont = lambda font: (calls.append(font.fontName), original(font))\n"
        "first = pdf.font_chain('regular')\n"
        "pdf.text_runs('Nguyễn 佐藤', 'regular'); pdf.font_chain('bold'); pdf.text_runs('x', 'bold')\n"
        "assert pdf.font_chain('regular') is first\n"
        "assert len(calls) == len(set(calls)), calls\n"
        "print(len(calls))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 6  # the regular chain, and the bold faces only once more


def test_text_runs_pick_the_first_font_having_each_script():
    runs = _fonts_of("Nguyễn 佐藤 Անի Олена")
    assert runs == [("NotoSans-Regular", "Nguyễn "), ("wqy-microhei", "佐藤 "),
                    ("NotoSansArmenian-Regular", "Անի "), ("NotoSans-Regular", "Олена")]


def test_text_runs_keep_punctuation_in_the_current_run():
    assert _fonts_of("(王小明)") == [("NotoSans-Regular", "("), ("wqy-microhei", "王小明)")]


def test_text_runs_bold_falls_back_to_regular_han():
    assert _fonts_of("Bold 中文", "bold") == [("NotoSans-Bold", "Bold "), ("wqy-microhei", "中文")]


def test_prepare_text_normalises_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hương")
    assert decomposed != "Nguyễn Thị Hương"
    assert pdf.prepare_text(decomposed) == "Nguyễn Thị Hương"


def test_prepare_text_shapes_arabic_in_visual_order():
    visual = pdf.prepare_text("فاطمة")
    assert all("\ufb50" <= char <= "\ufeff" for char in visual)  # presentation forms (initial, medial, final)
    assert unicodedata.normalize("NFKC", visual[::-1]) == "فاطمة"


def test_prepare_text_reverses_hebrew_and_keeps_latin_order_after_it():
    assert pdf.prepare_text("כהן (Cohen)") == "ןהכ (Cohen)"


def test_prepare_text_leaves_left_to_right_text_alone():
    assert pdf.prepare_text("Ani Hakobyan, 2023") == "Ani Hakobyan, 2023"


def test_character_without_font_raises_error_naming_text_and_character():
    with pytest.raises(pdf.UnprintableTextError) as raised:
        pdf.paragraph_markup("Camille\ue000 Martin", replacement=None)
    message = str(raised.value)
    assert "U+E000" in message and "Camille\\ue000 Martin" in message
    assert raised.value.problems == [("Camille\ue000 Martin", "\ue000")]


def test_ensure_printable_lists_every_offending_text():
    with pytest.raises(pdf.UnprintableTextError) as raised:
        pdf.ensure_printable(["Fine", "Bad\ue000", "Ok 佐藤", "Worse\U000f0000\ue001"])
    assert raised.value.problems == [("Bad\ue000", "\ue000"), ("Worse\U000f0000\ue001", "\U000f0000\ue001")]


def test_joiners_without_glyph_are_dropped_not_refused():
    assert "".join(run.text for run in pdf.text_runs("a\ufe0fb")) == "ab"  # no font maps VARIATION SELECTOR-16


def test_paragraph_markup_escapes_markup_characters():
    markup = pdf.paragraph_markup("A & B <b>x</b>")
    assert markup == '<font name="NotoSans-Regular">A &amp; B &lt;b&gt;x&lt;/b&gt;</font>'


def test_wrap_text_keeps_every_word_within_the_width():
    text = "Coopération décentralisée et action internationale des collectivités territoriales " * 3
    lines = pdf.wrap_text(text, 150, 10)
    assert len(lines) > 3
    assert all(pdf.text_width(line, 10) <= 150 for line in lines)
    assert " ".join(lines) == " ".join(text.split())


def test_wrap_text_breaks_text_without_spaces_between_characters():
    text = "地方自治体の国際協力に関する日仏会議" * 2
    lines = pdf.wrap_text(text, 60, 10)
    assert len(lines) > 1 and "".join(lines) == text
    assert all(pdf.text_width(line, 10) <= 60 for line in lines)


def test_fit_font_size_shrinks_text_to_the_width():
    text = "Nguyễn Thị Hương, Adjointe au maire déléguée aux relations internationales"
    assert pdf.text_width(text, 12) > 200
    size = pdf.fit_font_size(text, 200, 12, minimum=4)
    assert size < 12 and pdf.text_width(text, size) <= 200
    assert pdf.fit_font_size("Short", 200, 12) == 12


def test_draw_text_embeds_fonts_as_subsets():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, initialFontName=pdf.font_chain().primary.name)
    for line, name in enumerate(NAMES_IN_SCRIPTS.values()):
        pdf.draw_text(canvas, 50, 800 - 20 * line, name, 12)
    canvas.save()
    names = font_names(buffer.getvalue())
    assert {name.split("+")[1] for name in names} == {
        "NotoSans-Regular", "WenQuanYiMicroHei-0", "NotoSansArabic-Regular", "NotoSansHebrew-Regular",
        "NotoSansArmenian-Regular"}
    assert all(SUBSET_FONT_NAME.match(name) for name in names), names
    assert all(embedded_font_files(buffer.getvalue()))


@pytest.mark.parametrize("script", NAMES_IN_SCRIPTS)
def test_paragraph_text_in_each_script_is_extracted_back(script):
    require_pdf_tools()
    name = NAMES_IN_SCRIPTS[script]
    style = pdf.paragraph_style("body", 12)
    body = pdf.render_document([Paragraph(pdf.paragraph_markup(f"{name} (Latin form)"), style)],
                               title=script, language="en")
    text = normalised(pdf_text(body))
    # pdftotext puts right-to-left runs back in logical order; NFKC turns presentation forms into letters.
    assert unicodedata.normalize("NFKC", name) in text
    assert "Latin form" in text


def test_render_document_numbers_pages_out_of_total():
    require_pdf_tools()
    style = pdf.paragraph_style("body", 12)
    story = [Paragraph(pdf.paragraph_markup(f"Ligne {n}"), style) for n in range(120)]
    decoration = pdf.PageDecoration(header_left="RAICT 2023", header_right="18–19 sept. 2023", footer_left="Programme",
                                    page_label=lambda number, total: f"Page {number} of {total}")
    text = pdf_text(pdf.render_document(story, title="t", language="fr", decoration=decoration))
    assert "Page 1 of 3" in text and "Page 3 of 3" in text and "Page 4" not in text
    assert text.count("RAICT 2023") == 3


def test_missing_fonts_raise_an_error_naming_the_packages(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "FONT_DIRECTORIES", (tmp_path,))
    monkeypatch.setattr(pdf, "_chains", {})
    assert "NotoSans-Regular.ttf" in pdf.missing_font_files()
    with pytest.raises(pdf.FontsMissingError, match="fonts-noto-core fonts-wqy-microhei"):
        pdf.text_runs("x")


def test_pdf_response_is_an_attachment_with_a_safe_name(app):
    response = pdf.pdf_response(b"%PDF-1.4", 'raict 2023/"programme".pdf')
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="raict-2023-programme-.pdf"'


def test_paragraph_markup_prints_a_replacement_for_characters_without_font():
    markup = pdf.paragraph_markup("Atelier \ue000 climat")
    assert "Atelier ? climat" in re.sub(r"<[^>]+>", "", markup)
