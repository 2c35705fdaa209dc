"""Helpers for tests that render and read PDFs.

They need Debian's fonts (fonts-noto-core, fonts-wqy-microhei) and pdftotext (poppler-utils):
without them these tests skip on a laptop, and fail in CI (``CI=true``), where .ci/run installs them.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import unicodedata

import pytest

REQUIRED_FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansArabic-Regular.ttf",
                       "NotoSansHebrew-Regular.ttf", "NotoSansArmenian-Regular.ttf", "wqy-microhei.ttc")
SUBSET_FONT_NAME = re.compile(r"^/[A-Z]{6}\+\S+$")


def _unavailable(message: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI must run every PDF test)")
    pytest.skip(message)


def require_fonts() -> None:
    from app.core.pdf import find_font_file

    missing = [name for name in REQUIRED_FONT_FILES if find_font_file(name) is None]
    if missing:
        _unavailable(f"needs fonts {', '.join(missing)}: apt-get install fonts-noto-core fonts-wqy-microhei")


def require_pdf_tools() -> None:
    require_fonts()
    if shutil.which("pdftotext") is None:
        _unavailable("needs pdftotext: apt-get install poppler-utils")


def pdf_text(body: bytes, *options: str) -> str:
    """The text of a PDF as pdftotext reads it (reading order; right-to-left runs back in logical order)."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", *options, "-", "-"], input=body,
                            capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def normalised(text: str) -> str:
    """NFKC (Arabic presentation forms back to letters, ligatures undone), without the bidi
    marks pdftotext adds around right-to-left runs, white space collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return " ".join(text.split())


def page_count(body: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(body)).pages)


def font_names(body: bytes) -> set[str]:
    """BaseFont of every font used on every page."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(body)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def embedded_font_files(body: bytes) -> list[bool]:
    """For every font of every page: is a TrueType font file embedded in its descriptor?"""
    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(body)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            descriptor = font.get_object().get("/FontDescriptor")
            found.append(descriptor is not None and "/FontFile2" in descriptor.get_object())
    return found
