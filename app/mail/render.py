"""One template, two parts: the HTML part of a mail made from its text, and the MIME message itself.

``html_from_text`` turns the text every caller writes into the HTML part (escaped, paragraphs, line
breaks, links), so that every mail is ``multipart/alternative`` from one template. ``email_bytes_for``
assembles what the SMTP server receives: both parts, attachments, Message-ID, Date, Content-Language,
and for bulk mail the RFC 8058 headers and the visible opt-out link.
"""
from __future__ import annotations

import base64
import binascii
import functools
import re
import secrets
from collections.abc import Mapping
from datetime import datetime
from email.header import Header
from email.utils import format_datetime, formataddr, parseaddr
from html import escape
from urllib.parse import quote

from app.mail.models import OutboxMessage

URL_PATTERN = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")

# The opt-out footer, in the mail's language (French for French, English for every other language).
FOOTER_TEXT = {
    "fr": "Vous recevez ce message du réseau parce que votre adresse figure dans ses listes de diffusion.\n"
          "Ne plus recevoir ces messages : {url}",
    "en": "You receive this message from the network because your address is on its mailing lists.\n"
          "Stop receiving these messages: {url}",
}
FOOTER_LINK = {"fr": "Ne plus recevoir ces messages", "en": "Stop receiving these messages"}
FOOTER_HTML = {
    "fr": "Vous recevez ce message du réseau parce que votre adresse figure dans ses listes de diffusion.",
    "en": "You receive this message from the network because your address is on its mailing lists.",
}


def _linked(line: str) -> str:
    """Escape one line of text, turning its http(s) URLs into links."""
    parts, position = [], 0
    for match in URL_PATTERN.finditer(line):
        parts.append(escape(line[position:match.start()]))
        url = escape(match.group(0))
        parts.append(f'<a href="{url}">{url}</a>')
        position = match.end()
    parts.append(escape(line[position:]))
    return "".join(parts)


def html_body_fragment(text: str) -> str:
    """The paragraphs of ``text`` as HTML: blank lines separate paragraphs, single newlines become <br>."""
    paragraphs = [paragraph.strip("\n") for paragraph in PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").strip())]
    return "\n".join("<p>" + "<br>\n".join(_linked(line) for line in paragraph.split("\n")) + "</p>"
                     for paragraph in paragraphs if paragraph.strip())


def html_from_text(text: str, language: str) -> str:
    """A complete HTML document for the HTML part of a mail whose text part is ``text``."""
    lang = escape(language or "fr")
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8"></head>\n<body>\n'
            f"{html_body_fragment(text)}\n</body>\n</html>\n")


def footer_language(language: str) -> str:
    return "fr" if (language or "fr").lower().startswith("fr") else "en"


def add_text_footer(text: str, unsubscribe_url: str, language: str) -> str:
    return f"{text.rstrip()}\n\n-- \n{FOOTER_TEXT[footer_language(language)].format(url=unsubscribe_url)}\n"


def add_html_footer(html: str, unsubscribe_url: str, language: str) -> str:
    key = footer_language(language)
    url = escape(unsubscribe_url)
    footer = (f'\n<hr>\n<p class="opt-out">{escape(FOOTER_HTML[key])}<br>\n'
              f'<a href="{url}">{escape(FOOTER_LINK[key])}</a></p>\n')
    closing = html.lower().rfind("</body>")
    return html[:closing] + footer + html[closing:] if closing >= 0 else html + footer


CRLF = "\r\n"


def _qp(text: str) -> str:
    """Quoted-printable (RFC 2045) of a text part, CRLF line ends: binascii's C encoder, lines ≤ 76."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    return binascii.b2a_qp(normalised, quotetabs=False, istext=True).decode("ascii").replace("\n", CRLF)


def _base64_lines(data: bytes) -> str:
    return base64.encodebytes(data).decode("ascii").replace("\n", CRLF)


def _header(name: str, value: str) -> str:
    """``Name: value`` on one line, or RFC 2047 encoded words folded when needed (non-ASCII or long)."""
    if value.isascii() and len(name) + len(value) < 76:
        return f"{name}: {value}{CRLF}"
    return f"{name}: {Header(value, 'utf-8', header_name=name).encode(linesep=CRLF)}{CRLF}"


@functools.lru_cache(maxsize=16)
def _sender_header(sender: str) -> str:
    name, address = parseaddr(sender)
    return f"From: {formataddr((name, address), charset='utf-8') if name else address}{CRLF}"


def _disposition(filename: str) -> str:
    if filename.isascii() and '"' not in filename and "\\" not in filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename*=utf-8''{quote(filename, safe='')}"


def _boundary() -> str:
    return f"=_{secrets.token_hex(16)}"  # "=_" never occurs in quoted-printable or base64 content


def email_bytes_for(message: OutboxMessage, *, sender: str, now: datetime,
                    unsubscribe: Mapping[str, str] | None = None) -> bytes:
    """The bytes the SMTP server receives for ``message`` (CRLF line ends, 7-bit clean).

    ``unsubscribe`` (bulk mail): ``{"url": https…, "mailto": address}``. Written by hand rather than with
    ``email.generator``, whose header folding costs several milliseconds a message: at 50+ mails a second
    on a shared machine that was most of the sender's CPU. Parsed back by ``email`` in the tests.
    """
    text, html = message.text_body, message.html_body or html_from_text(message.text_body, message.language)
    if unsubscribe is not None:
        text = add_text_footer(text, unsubscribe["url"], message.language)
        html = add_html_footer(html, unsubscribe["url"], message.language)
    headers = [_header("Subject", message.subject), _sender_header(sender), f"To: {message.to_address}{CRLF}",
               f"Date: {format_datetime(now)}{CRLF}", f"Message-ID: {message.message_id}{CRLF}",
               f"Content-Language: {message.language}{CRLF}"]
    if unsubscribe is not None:
        targets = [f"<{unsubscribe['url']}>"]
        if unsubscribe.get("mailto"):
            targets.append(f"<mailto:{unsubscribe['mailto']}?subject=unsubscribe>")
        headers += [f"List-Unsubscribe: {(',' + CRLF + ' ').join(targets)}{CRLF}",
                    f"List-Unsubscribe-Post: List-Unsubscribe=One-Click{CRLF}", f"Precedence: bulk{CRLF}"]
    alternative = _boundary()
    body = (f"--{alternative}{CRLF}Content-Type: text/plain; charset=\"utf-8\"{CRLF}"
            f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}{_qp(text)}{CRLF}"
            f"--{alternative}{CRLF}Content-Type: text/html; charset=\"utf-8\"{CRLF}"
            f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}{_qp(html)}{CRLF}"
            f"--{alternative}--{CRLF}")
    content_type = f'multipart/alternative; boundary="{alternative}"'
    if message.attachments:
        mixed = _boundary()
        parts = [f"--{mixed}{CRLF}Content-Type: {content_type}{CRLF}{CRLF}{body}"]
        for attachment in message.attachments:
            parts.append(f"--{mixed}{CRLF}Content-Type: {attachment['content_type']}{CRLF}"
                         f"Content-Transfer-Encoding: base64{CRLF}"
                         f"Content-Disposition: {_disposition(attachment['filename'])}{CRLF}{CRLF}"
                         f"{_base64_lines(base64.b64decode(attachment['data_base64']))}")
        body = "".join(parts) + f"--{mixed}--{CRLF}"
        content_type = f'multipart/mixed; boundary="{mixed}"'
    headers += [f"MIME-Version: 1.0{CRLF}", f"Content-Type: {content_type}{CRLF}"]
    return ("".join(headers) + CRLF + body).encode("ascii")
