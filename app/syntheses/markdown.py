"""Markdown of the syntheses, rendered safely: raw HTML is never passed through (it shows as text), links
and images go only to http, https and mailto, and the HTML produced is the renderer's own.

The same token stream gives the proceedings' paragraphs (``blocks``): headings, paragraphs and list
items as plain text, printed by ``app.core.pdf`` with a font for every script.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


def link_is_allowed(url: str) -> bool:
    """An absolute http/https/mailto link: no javascript:, data:, vbscript:, relative or protocol-relative link."""
    url = url.strip()
    if any(ord(char) < 32 for char in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return False
    return parts.scheme.lower() == "mailto" or bool(parts.netloc)


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.disable(["image", "html_block", "html_inline"])
    parser.validateLink = link_is_allowed  # type: ignore[method-assign]

    def link_open(renderer, tokens: list[Token], index: int, options, env) -> str:
        tokens[index].attrSet("rel", "nofollow noopener noreferrer")
        return renderer.renderToken(tokens, index, options, env)

    parser.add_render_rule("link_open", link_open)
    return parser


_PARSER = _parser()


def render_html(text: str | None) -> Markup:
    """The synthesis as HTML safe to include in a page."""
    return Markup(_PARSER.render(text or ""))


@dataclass(frozen=True)
class Block:
    kind: Literal["heading", "paragraph", "item", "quote", "code"]
    text: str
    level: int = 0


def blocks(text: str | None) -> list[Block]:
    """The text's blocks as plain text (for the PDF): formatting dropped, a link's address kept after its text."""
    found: list[Block] = []
    context: list[str] = []
    for token in _PARSER.parse(text or ""):
        if token.type in ("heading_open", "bullet_list_open", "ordered_list_open", "blockquote_open", "list_item_open"):
            context.append(token.type)
        elif token.type in ("heading_close", "bullet_list_close", "ordered_list_close", "blockquote_close",
                            "list_item_close"):
            if context:
                context.pop()
        elif token.type == "inline":
            kind: Literal["heading", "paragraph", "item", "quote", "code"] = "paragraph"
            if context and context[-1] == "heading_open":
                kind = "heading"
            elif "list_item_open" in context:
                kind = "item"
            elif "blockquote_open" in context:
                kind = "quote"
            found.append(Block(kind, _plain(token.children or []), context.count("list_item_open")))
        elif token.type in ("fence", "code_block"):
            found.append(Block("code", token.content.rstrip("\n")))
    return [block for block in found if block.text.strip()]


def _plain(children: list[Token]) -> str:
    parts: list[str] = []
    href: str | None = None
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" " if child.type == "softbreak" else "\n")
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
        elif child.type == "link_close" and href:
            text = parts[-1] if parts else ""
            if href not in text and not href.startswith("mailto:"):
                parts.append(f" ({href})")
            href = None
    return "".join(parts)
