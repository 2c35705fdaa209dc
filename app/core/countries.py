"""Countries: ISO 3166-1 alpha-2 codes, their names in the reader's language, and the choices of a select box.

Only the 249 codes ISO 3166-1 assigns are countries here. Babel's territories also hold its
pseudo-locales (XA "Pseudo-Accents", XB "Pseudo-Bidi"), groupings (EU, EZ "Eurozone", UN, QO
"Outlying Oceania", the numeric continents) and reserved codes (AC, CP, DG, EA, IC, TA, XK, ZZ):
none of them is offered, nor accepted by the forms. ``country_name`` still names any code Babel
knows, so a record made before keeps its label.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3, newer than its stubs

ISO_3166_ALPHA_2 = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET
FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU
ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ
OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())

# The countries people of the network pick most (2023 activity report: France, then the partners of the
# bilateral Assises and the most active country groups), offered first; France leads.
FREQUENT_COUNTRIES = ("FR", "VN", "PS", "JP", "SN", "MA", "LB", "AM", "UA", "IL", "MG", "TN", "BF", "HT")
FREQUENT_GROUP = _l("Most frequent")
OTHER_GROUP = _l("Other countries")


def collation_key(text: str) -> tuple[str, str, str]:
    """Sort key for names in French or English, as a person expects: "Égypte" with the E's, "Åland" with the A's.

    Compared first on the letters without accents or case, then on the accents, then on the case:
    the three levels of the Unicode Collation Algorithm. For French and English (the only languages
    of the app) CLDR uses the root collation untailored, and these names are plain letters, spaces
    and a few apostrophes and hyphens, so this key orders them as ICU would — checked: the 249 names
    sort exactly as ICU 72's "fr" and "en" collators sort them. PyICU is not used: it ships no wheels
    (source only; building it needs libicu-dev and a C++ compiler on every install, the README's
    one-line fresh start included, and takes minutes), for no difference on these lists.
    """
    folded = text.casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFD", folded)
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return base, decomposed, text


@lru_cache(maxsize=8)
def _territories(language: str) -> dict[str, str]:
    names = Locale.parse(language).territories
    return {code: name for code, name in names.items() if len(code) == 2 and code.isalpha()}


@lru_cache(maxsize=8)
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every ISO country, sorted by name for a reader of ``language``."""
    names = _territories(language)
    return tuple(sorted(((code, names.get(code, code)) for code in ISO_3166_ALPHA_2),
                        key=lambda item: collation_key(item[1])))


def is_country_code(code: str | None) -> bool:
    return bool(code) and code in ISO_3166_ALPHA_2


def _reader_language(language: str | None) -> str:
    if language is None:
        locale = get_locale()
        language = locale.language if locale else "fr"
    return language if language in ("fr", "en") else "fr"


def country_name(code: str | None, language: str | None = None) -> str:
    if not code:
        return ""
    return _territories(_reader_language(language)).get(code, code)


def country_names(language: str | None = None) -> dict[str, str]:
    """Code → name of every country, in collation order."""
    return dict(_countries(_reader_language(language)))


def sorted_by_name(codes: Iterable[str], language: str | None = None) -> list[str]:
    """Country codes sorted by their names for the reader."""
    language = _reader_language(language)
    return sorted(codes, key=lambda code: collation_key(country_name(code, language)))


def country_choices(language: str) -> list[SelectChoice]:
    """The options of a country select box: a short "Most frequent" group (France first), then every
    other country, sorted by name in the reader's language. Callers may put a blank ("", "—") first."""
    language = _reader_language(language)
    names = dict(_countries(language))
    frequent_rest = sorted(FREQUENT_COUNTRIES[1:], key=lambda code: collation_key(names[code]))
    frequent = [FREQUENT_COUNTRIES[0], *frequent_rest]
    frequent_group, other_group = str(FREQUENT_GROUP), str(OTHER_GROUP)
    return ([SelectChoice(code, names[code], optgroup=frequent_group) for code in frequent]
            + [SelectChoice(code, name, optgroup=other_group) for code, name in names.items()
               if code not in FREQUENT_COUNTRIES])
