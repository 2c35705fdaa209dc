"""The syntheses' Markdown: raw HTML shows as text, only http/https/mailto links, hostile input harmless."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.syntheses.markdown import blocks, link_is_allowed, render_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\nscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "[click](vbscript:msgbox(1))",
    "[click](//evil.example/x)",
    "![pixel](https://tracker.example/p.png)",
    '<a href="javascript:alert(1)">x</a>',
    '[x](https://ok.example" onmouseover="alert(1))',
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)>",
    "<style>body{display:none}</style>",
]


SAFE_TAGS = {"p", "em", "strong", "code", "pre", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br",
             "blockquote", "a"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


def assert_inert(text: str) -> None:
    html = str(render_html(text))
    for tag, attributes in elements(html):
        assert tag in SAFE_TAGS, (text, html)
        assert not any(name.startswith("on") or name in ("style", "src") for name in attributes), (text, html)
        if tag == "a":
            assert link_is_allowed(attributes.get("href") or ""), (text, html)
            assert attributes.get("rel") == "nofollow noopener noreferrer"


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_hostile_input_renders_no_active_content(text):
    assert_inert(text)


def test_markdown_allowed_links_render_with_rel():
    html = str(render_html("[site](https://cites-unies-france.org) [mail](mailto:contact@example.org) **fort**"))
    assert '<a href="https://cites-unies-france.org" rel="nofollow noopener noreferrer">site</a>' in html
    assert 'href="mailto:contact@example.org"' in html and "<strong>fort</strong>" in html


def test_markdown_link_schemes_are_restricted():
    assert link_is_allowed("https://a.example/x") and link_is_allowed("http://a.example") \
        and link_is_allowed("mailto:a@b.example")
    for url in ("javascript:alert(1)", "ftp://a.example", "/relative", "//a.example", "https:", "file:///etc/passwd",
                "https://a.example/\x00"):
        assert not link_is_allowed(url), url


def test_markdown_blocks_give_plain_text_for_the_pdf():
    found = blocks("# Titre\n\nUn **texte** avec [lien](https://a.example).\n\n- un\n- deux\n\n> citation")
    assert [(block.kind, block.text) for block in found] == [
        ("heading", "Titre"), ("paragraph", "Un texte avec lien (https://a.example)."), ("item", "un"),
        ("item", "deux"), ("quote", "citation")]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("<>\"'=:/()[]!&#;*_`- \njavascriptonerrorhttpimgsvg")), max_size=120))
def test_markdown_fuzz_never_emits_a_raw_tag(text):
    assert_inert(text)
    html = str(render_html(text))
    allowed = ("<p>", "</p>", "<em>", "</em>", "<strong>", "</strong>", "<code>", "</code>", "<pre>", "</pre>",
               "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<h1>", "</h1>", "<h2>", "</h2>", "<h3>", "</h3>",
               "<h4>", "</h4>", "<h5>", "</h5>", "<h6>", "</h6>", "<hr />", "<br />", "<blockquote>",
               "</blockquote>", "</a>", "<ol start=")
    rest = html
    for tag in allowed:
        rest = rest.replace(tag, "")
    import re

    rest = re.sub(r'<a href="(https?://|mailto:)[^"<>]*" rel="nofollow noopener noreferrer">', "", rest)
    rest = re.sub(r'<code class="language-[^"<>]*">', "", rest)
    assert "<" not in rest, (text, html)
    blocks(text)  # the PDF's reading never fails either
