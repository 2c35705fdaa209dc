"""One template, two parts: the HTML part of a mail made from its text, and the MIME message itself.

``html_from_text`` turns the text every caller writes into the HTML part (escaped, paragraphs, line
breaks, links), so that every mail is ``multipart/alternative`` from one template. ``build_email``
assembles what the SMTP server receives: both parts, attachments, Message-ID, Date, Content-Language,
and for bulk mail the RFC 8058 headers and the visible opt-out link.
"""
from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape

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


def build_email(message: OutboxMessage, *, sender: str, now: datetime,
                unsubscribe: Mapping[str, str] | None = None) -> EmailMessage:
    """The MIME message for ``message``. ``unsubscribe`` (bulk mail): ``{"url": https…, "mailto": address}``."""
    text, html = message.text_body, message.html_body or html_from_text(message.text_body, message.language)
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = sender
    email["To"] = Address(addr_spec=message.to_address)
    email["Date"] = format_datetime(now)
    email["Message-ID"] = message.message_id
    if unsubscribe is not None:
        text = add_text_footer(text, unsubscribe["url"], message.language)
        html = add_html_footer(html, unsubscribe["url"], message.language)
        targets = [f"<{unsubscribe['url']}>"]
        if unsubscribe.get("mailto"):
            targets.append(f"<mailto:{unsubscribe['mailto']}?subject=unsubscribe>")
        email["List-Unsubscribe"] = ", ".join(targets)
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        email["Precedence"] = "bulk"
    email.set_content(text)
    email.add_alternative(html, subtype="html")
    for attachment in message.attachments or []:
        maintype, subtype = attachment["content_type"].split("/", 1)
        email.add_attachment(base64.b64decode(attachment["data_base64"]), maintype=maintype, subtype=subtype,
                             filename=attachment["filename"])
    email["Content-Language"] = message.language  # last: building the parts moves Content-* headers into them
    return email
