"""The meaning of one spreadsheet row: cells checked and turned into typed values (no database here).

Each parser returns the value, or the reasons it is wrong (in the reader's language), so that a
row reports every problem at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from app.core.countries import is_country_code
from app.core.dates import NonexistentLocalTime, local_to_utc
from app.core.text import SLUG_PATTERN, clean_text, has_control_characters, normalise_email
from app.programme.models import SessionStatus, SessionType, SpeakerRole, TrackKind
from app.programme.spreadsheet import SPEAKER_COLUMNS

MAX_LENGTHS = {
    "session_key": 40, "type": 40, "title_fr": 300, "title_en": 300, "description_fr": 5000, "description_en": 5000,
    "day": 20, "start": 10, "end": 10, "room": 120, "room_capacity": 10, "track": 80, "track_name_fr": 120,
    "track_name_en": 120, "track_kind": 20, "capacity": 10, "languages": 60, "interpretation": 60,
    "speaker_role": 20, "speaker_given_name": 120, "speaker_family_name": 120, "speaker_given_name_latin": 120,
    "speaker_family_name_latin": 120, "speaker_honorific": 40, "speaker_function": 300, "speaker_email": 254,
    "speaker_country": 2, "speaker_collectivite": 200, "speaker_collectivite_country": 2, "status": 20,
    "hidden": 10, "override_reason": 500,
}
MULTILINE_COLUMNS = ("description_fr", "description_en", "override_reason")
MAX_NUMBER = 100_000
TRACK_SLUG = re.compile(SLUG_PATTERN)
CLOCK = re.compile(r"^(\d{1,2})[:hH](\d{2})(?::(\d{2}))?$")
LANGUAGE = re.compile(r"^[a-z]{2}$")
TRUE_WORDS, FALSE_WORDS = {"yes", "true", "1", "oui", "x"}, {"no", "false", "0", "non", ""}


def clean_row(row: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Cells without control characters, normalised (descriptions keep their line breaks), within their lengths."""
    cleaned, problems = {}, []
    for column, raw in row.items():
        if has_control_characters(raw):
            problems.append(_("Control characters in column %(column)s.", column=column))
        if column in MULTILINE_COLUMNS:
            value = "\n".join(clean_text(line) for line in raw.splitlines()).strip()
        else:
            value = clean_text(raw)
        if len(value) > MAX_LENGTHS[column]:
            problems.append(_("Column %(column)s is longer than %(max)s characters.", column=column, max=MAX_LENGTHS[column]))
        cleaned[column] = value
    return cleaned, problems


def parse_day(text: str) -> date | None:
    """YYYY-MM-DD, or DD/MM/YYYY as Excel writes it in French."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_clock(text: str) -> time | None:
    """HH:MM (also H:MM, HH:MM:SS, 9h30)."""
    match = CLOCK.match(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59 or int(match.group(3) or 0) > 59:
        return None
    return time(int(match.group(1)), int(match.group(2)))


def parse_number(text: str, column: str, problems: list[str]) -> int | None:
    if not text:
        return None
    if not (text.isascii() and text.isdecimal()) or int(text) > MAX_NUMBER:
        problems.append(_("Column %(column)s must be a whole number from 0 to %(max)s.", column=column, max=MAX_NUMBER))
        return None
    return int(text)


def parse_languages(text: str, column: str, problems: list[str]) -> list[str]:
    codes = [code for code in re.split(r"[,;\s]+", text.lower()) if code]
    if any(not LANGUAGE.match(code) for code in codes):
        problems.append(_("Column %(column)s: two-letter language codes separated by commas, e.g. “fr, en”.", column=column))
        return []
    return list(dict.fromkeys(codes))


def parse_choice(text: str, enum_class, column: str, problems: list[str], default=None, required: bool = False):
    """An enumeration value, by its code (case ignored); ``default`` when empty, unless required."""
    if not text:
        if required:
            problems.append(_("Column %(column)s is empty.", column=column))
        return default
    try:
        return enum_class(text.lower())
    except ValueError:
        problems.append(_("Unknown %(column)s “%(value)s” (expected: %(choices)s).", column=column, value=text,
                          choices=", ".join(member.value for member in enum_class)))
        return default


def parse_flag(text: str, column: str, problems: list[str]) -> bool:
    if text.lower() in TRUE_WORDS:
        return True
    if text.lower() not in FALSE_WORDS:
        problems.append(_("Column %(column)s must be yes or no.", column=column))
    return False


def comparable(column: str, value: str) -> object:
    """A session cell as compared between rows of the same session (09:30 and 9:30 are equal)."""
    if column == "day":
        return parse_day(value) or value
    if column in ("start", "end"):
        return parse_clock(value) or value
    if column in ("languages", "interpretation"):
        return tuple(re.split(r"[,;\s]+", value.lower()))
    if column == "hidden":
        return value.lower() in TRUE_WORDS
    if column in ("type", "track_kind", "status", "track"):
        return value.lower()
    return value


# --- sessions -----------------------------------------------------------------

@dataclass
class SessionRow:
    """The session columns of a row, parsed."""

    type: SessionType | None
    title_fr: str
    title_en: str
    description_fr: str | None
    description_en: str | None
    starts_at: datetime | None
    ends_at: datetime | None
    room: str | None
    room_capacity: int | None
    track: str | None
    track_name_fr: str
    track_name_en: str
    track_kind: TrackKind | None
    capacity: int | None
    languages: list[str]
    interpretation: list[str]
    cancelled: bool
    hidden: bool
    override_reason: str | None


def parse_session(row: dict[str, str], timezone: str) -> tuple[SessionRow, list[str]]:
    problems: list[str] = []
    if not row["title_fr"]:
        problems.append(_("The French title (title_fr) is missing."))
    starts_at, ends_at = parse_times(row, timezone, problems)
    track = row["track"].lower() or None
    if track and not TRACK_SLUG.match(track):
        problems.append(_("Column track must be a short name: lower-case letters, digits and dashes."))
    session = SessionRow(
        type=parse_choice(row["type"], SessionType, "type", problems, required=True),
        title_fr=row["title_fr"], title_en=row["title_en"] or row["title_fr"],
        description_fr=row["description_fr"] or None, description_en=row["description_en"] or None,
        starts_at=starts_at, ends_at=ends_at, room=row["room"] or None,
        room_capacity=parse_number(row["room_capacity"], "room_capacity", problems),
        track=track, track_name_fr=row["track_name_fr"], track_name_en=row["track_name_en"] or row["track_name_fr"],
        track_kind=parse_choice(row["track_kind"], TrackKind, "track_kind", problems),
        capacity=parse_number(row["capacity"], "capacity", problems),
        languages=parse_languages(row["languages"], "languages", problems),
        interpretation=parse_languages(row["interpretation"], "interpretation", problems),
        cancelled=parse_choice(row["status"], SessionStatus, "status", problems,
                               default=SessionStatus.SCHEDULED) == SessionStatus.CANCELLED,
        hidden=parse_flag(row["hidden"], "hidden", problems), override_reason=row["override_reason"] or None)
    return session, problems


def parse_times(row: dict[str, str], timezone: str, problems: list[str]) -> tuple[datetime | None, datetime | None]:
    """The session's start and end instants, from its local day, start and end."""
    day, start, end = parse_day(row["day"]), parse_clock(row["start"]), parse_clock(row["end"])
    if day is None:
        problems.append(_("Bad day “%(value)s”: expected YYYY-MM-DD.", value=row["day"]))
    for column, value in (("start", start), ("end", end)):
        if value is None:
            problems.append(_("Bad time “%(value)s” in column %(column)s: expected HH:MM.", value=row[column], column=column))
    if day is None or start is None or end is None:
        return None, None
    if end <= start:
        problems.append(_("The session ends (%(end)s) before it starts (%(start)s).", end=row["end"], start=row["start"]))
        return None, None
    try:
        return local_to_utc(day, start, timezone), local_to_utc(day, end, timezone)
    except NonexistentLocalTime:
        problems.append(_("This time does not exist in %(zone)s (daylight saving change).", zone=timezone))
        return None, None


# --- speakers -----------------------------------------------------------------

@dataclass
class SpeakerRow:
    """The speaker columns of a row, parsed."""

    role: SpeakerRole
    given_name: str
    family_name: str
    given_name_latin: str | None
    family_name_latin: str | None
    honorific: str | None
    function: str | None
    email: str | None
    country: str
    collectivite: str | None
    collectivite_country: str


def has_speaker(row: dict[str, str]) -> bool:
    return any(row[column] for column in SPEAKER_COLUMNS)


def parse_speaker(row: dict[str, str]) -> tuple[SpeakerRow, list[str]]:
    problems: list[str] = []
    if not row["speaker_family_name"]:
        problems.append(_("The speaker's family name (speaker_family_name) is missing."))
    country = parse_country(row["speaker_country"], "speaker_country", problems, required=True)
    speaker = SpeakerRow(
        role=parse_choice(row["speaker_role"], SpeakerRole, "speaker_role", problems, default=SpeakerRole.SPEAKER),
        given_name=row["speaker_given_name"], family_name=row["speaker_family_name"],
        given_name_latin=row["speaker_given_name_latin"] or None, family_name_latin=row["speaker_family_name_latin"] or None,
        honorific=row["speaker_honorific"] or None, function=row["speaker_function"] or None,
        email=parse_email(row["speaker_email"], problems), country=country,
        collectivite=row["speaker_collectivite"] or None,
        collectivite_country=parse_country(row["speaker_collectivite_country"], "speaker_collectivite_country",
                                           problems, required=False) or country)
    return speaker, problems


def parse_country(text: str, column: str, problems: list[str], required: bool) -> str:
    code = text.upper()
    if not code:
        if required:
            problems.append(_("Column %(column)s is empty.", column=column))
        return ""
    if not is_country_code(code):
        problems.append(_("Unknown country code “%(value)s” in column %(column)s (ISO 3166, e.g. FR, SN, VN).",
                          value=text, column=column))
        return ""
    return code


def parse_email(text: str, problems: list[str]) -> str | None:
    if not text:
        return None
    try:
        return normalise_email(validate_email(text, check_deliverability=False, allow_smtputf8=False).normalized)
    except EmailNotValidError:
        problems.append(_("Bad email address “%(value)s”.", value=text))
        return None
