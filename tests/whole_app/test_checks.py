"""The phone check itself (tests/whole_app/checks.py) on pages made for it: it finds what it must, and
leaves alone what WCAG 2.5.8's exceptions allow, so that a green property means something."""
from __future__ import annotations

import pytest

from tests.whole_app.checks import PHONE, PHONE_CHECK, run_axe, with_axe

HEAD = '<!doctype html><html lang="fr"><head><meta name="viewport" content="width=device-width, initial-scale=1">' \
       '<title>t</title><style>body{margin:0;font-size:16px} input{font-size:16px}</style></head><body><main><h1>t</h1>'


@pytest.fixture
def phone(chromium_browser):
    context = with_axe(chromium_browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True))
    yield context.new_page()
    context.close()


def problems(page, body: str) -> list[str]:
    page.set_content(HEAD + body + "</main></body></html>")
    return page.evaluate(PHONE_CHECK)


def test_phone_check_finds_a_page_wider_than_the_phone(phone):
    found = problems(phone, '<div class="wide" style="width:800px">wide</div>')
    assert len(found) == 1 and "800 px wide" in found[0] and "div.wide" in found[0]


def test_phone_check_finds_an_input_under_16_px(phone):
    found = problems(phone, '<label>Nom <input name="nom" style="font-size:13px"></label>')
    assert found == ["input input[name=nom]: font-size 13 px (under 16 px, a phone zooms in)"]


def test_phone_check_finds_small_tap_targets_side_by_side(phone):
    found = problems(phone, '<p><button style="padding:0;font-size:10px;line-height:1">a</button>'
                            '<button style="padding:0;font-size:10px;line-height:1">b</button></p>')
    assert len(found) == 2 and all("tap target button" in problem for problem in found)


def test_phone_check_allows_a_link_in_a_sentence_and_a_small_target_with_room_around_it(phone):
    assert problems(phone, '<p style="font-size:14px;line-height:1.2">Lire la <a href="#">notice</a> avant.</p>'
                           '<p style="margin-top:40px"><button style="padding:0;font-size:10px">x</button></p>'
                           '<p><label><input type="checkbox"> case du navigateur</label></p>') == []


def test_axe_runs_in_the_page_without_fetching_and_finds_a_missing_label(phone):
    phone.set_content(HEAD + '<input name="sans-label"></main></body></html>')
    assert "label" in {violation["id"] for violation in run_axe(phone)}
