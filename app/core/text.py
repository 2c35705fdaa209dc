"""Text normalisation shared by search, matching and storage."""
from __future__ import annotations

import unicodedata

import idna  # a dependency of email-validator

# Short names in URLs (event slugs, track slugs): lower-case letters and digits, single dashes between.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

CONTROL_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
ALLOWED_FORMAT_CHARACTERS = {"\u200c", "\u200d"}  # joiners used in Arabic, Persian and Indic scripts


def clean_text(value: str | None) -> str:
    """NFC-normalised, surrounding blanks removed, inner runs of white space collapsed."""
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", value).split())


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(char) in CONTROL_CATEGORIES and char not in ALLOWED_FORMAT_CHARACTERS
               for char in value if char not in "\t\n\r")


def search_key(*parts: str | None) -> str:
    """Lower-case, accent-free text for matching: "Nguyễn Thị" and "nguyen thi" meet."""
    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("ø", "o").replace("ł", "l")).split())


def normalise_email(value: str | None) -> str:
    """The one form an email address is stored and looked up in: one address, one person.

    NFC, surrounding blanks removed, lower case, and the domain IDNA-encoded (``a@München.de``,
    ``a@mu\u0308nchen.de`` and ``a@xn--mnchen-3ya.de`` are the same address). Text that is not an
    address (no ``@``, a domain IDNA refuses) is only NFC-normalised, stripped and lower-cased:
    forms validate addresses, this function never refuses one.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value).strip().lower()
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        return text
    try:
        ascii_domain = idna.encode(domain.rstrip("."), uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return text
    return f"{local}@{ascii_domain.lower()}"


def single_line(value: str | None) -> str:
    """One line of text for a mail header (subject, file name) or a one-line field (function, honorific):
    NFC, every line break (CR, LF, U+2028…) and run of blanks becomes one space, other control characters go."""
    text = clean_text(value)
    return "".join(char for char in text if unicodedata.category(char) != "Cc") if not text.isprintable() else text
