"""Shared helpers of the badge tests: people in every script, and reading badges back (text and QR)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from app.registration.models import Delegation, DelegationSide, RegistrationCategory
from tests.factories import make_collectivite, make_person, make_registration
from tests.pdf_support import _unavailable

# (family name, given name, country, Latin family, Latin given)
NAMES_BY_SCRIPT = {
    "vietnamese": ("Nguyễn", "Thị Hương", "VN", "Nguyen", "Thi Huong"),
    "vietnamese_nfd": (unicodedata.normalize("NFD", "Trần"), unicodedata.normalize("NFD", "Văn Hưởng"), "VN",
                       "Tran", "Van Huong"),
    "han_simplified": ("张", "伟", "CN", "Zhang", "Wei"),
    "han_traditional": ("陳", "淑華", "TW", "Chen", "Shu-hua"),
    "kana": ("やまだ", "タロウ", "JP", "Yamada", "Taro"),
    "hangul": ("김", "민준", "KR", "Kim", "Minjun"),
    "arabic": ("بن علي", "محمد", "MA", "Ben Ali", "Mohamed"),
    "hebrew": ("כהן", "דוד", "IL", "Cohen", "David"),
    "armenian": ("Սարգսյան", "Արամ", "AM", "Sargsyan", "Aram"),
    "cyrillic": ("Иванова", "Мария", "RU", "Ivanova", "Maria"),
    "greek": ("Παπαδόπουλος", "Γιώργος", "GR", "Papadopoulos", "Giorgos"),
    "mixed": ("Nguyễn 阮", "Ана-Maria", "FR", "Nguyen", "Ana-Maria"),
}


def person_in(script: str, **fields):
    family, given, country, family_latin, given_latin = NAMES_BY_SCRIPT[script]
    return make_person(family_name=family, given_name=given, country=country, family_name_latin=family_latin,
                       given_name_latin=given_latin, **fields)


def delegation(event, side: DelegationSide | None, name: str = "Délégation", country: str = "VN") -> Delegation:
    from app.core.extensions import db

    found = Delegation(event=event, name=name, country=country, side=side)
    db.session.add(found)
    db.session.flush()
    return found


def registration_in(event, script: str, category: RegistrationCategory = RegistrationCategory.PARTICIPANT, **fields):
    return make_registration(event, person_in(script, collectivite=make_collectivite(), function="Maire adjoint"),
                             category=category, **fields)


def require_zbar() -> None:
    if shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None:
        _unavailable("needs zbarimg and pdftoppm: apt-get install zbar-tools poppler-utils")


def decode_qr_codes(body: bytes, page: int = 1, resolution: int = 150) -> list[str]:
    """Render one page of the PDF to PNG with pdftoppm and read every QR code on it with zbarimg."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder, "badge.pdf")
        pdf.write_bytes(body)
        subprocess.run(["pdftoppm", "-r", str(resolution), "-png", "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdf), str(Path(folder, "page"))], check=True, capture_output=True)
        result = subprocess.run(["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(Path(folder, "page.png"))],
                                capture_output=True)
    return sorted(line for line in result.stdout.decode().splitlines() if line)
