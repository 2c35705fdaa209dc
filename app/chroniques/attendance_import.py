"""The video platform's participants list (CSV): read it, match it to registrations, record attendance.

Zoom, Teams and similar tools export one line per connection: a name, usually an email, join and
leave times (or a duration). Header variants in English and French are recognised (see ``ALIASES``);
the list may follow a few lines of meeting details (Zoom), use ``,``, ``;`` or tabs, and come in
UTF-8 (with or without BOM), UTF-16 (Teams) or Windows-1252. Times without an offset are read in the
event's zone; day/month order is guessed from the event's date.

Matching, per line: the registration whose person has that email (case ignored), else the only one
whose name matches (accents, case and order of given/family names ignored, Latin spellings too).
Lines that match nobody are reported, never guessed. A file that cannot be read, or with unreadable
lines, changes nothing; the preview's rows travel signed (``ATTENDANCE_IMPORT``, ``app.core.signed_import``) to the confirmation.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app.audit.operations import record_audit
from app.core.extensions import db
from app.core.signed_import import SignedImport
from app.core.tabular import MAX_FILE_BYTES, SpreadsheetError, Table, csv_records, decode_text
from app.core.text import normalise_email, search_key
from app.events.models import Event
from app.registration.models import ACTIVE_STATUSES, AttendanceSource, Registration

COLUMNS = ("name", "email", "joined_at", "left_at", "minutes")
MAX_ROWS = 5000
MAX_COLUMNS = 64  # cells read per line: the platforms' exports have a dozen
HEADER_SEARCH_LINES = 30  # Zoom puts the meeting's details above the participants
DELIMITERS = (",", ";", "\t")
ALIASES = {
    "name": ("name", "name (original name)", "full name", "display name", "participant", "participant name",
             "user name", "nom", "nom complet", "nom (nom d'origine)", "nom du participant", "participant(e)"),
    "email": ("email", "e-mail", "user email", "email address", "e-mail address", "adresse e-mail",
              "adresse email", "adresse electronique", "courriel", "e-mail de l'utilisateur", "mail"),
    "joined_at": ("join time", "first join", "first join time", "joined", "join", "heure d'arrivee",
                  "heure de connexion", "premiere connexion", "heure d'entree", "arrivee"),
    "left_at": ("leave time", "last leave", "last leave time", "left", "leave", "heure de depart",
                "heure de deconnexion", "derniere deconnexion", "heure de sortie", "depart"),
    "minutes": ("duration (minutes)", "duration", "in-meeting duration", "attendance duration", "duree (minutes)",
                "duree", "duree de la reunion", "temps de presence", "duree de presence"),
}
HEADER_NAMES = {search_key(alias): column for column, aliases in ALIASES.items() for alias in aliases}
TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
                "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%y, %I:%M:%S %p", "%m/%d/%y %I:%M:%S %p",
                "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M",
                "%d/%m/%y %H:%M:%S", "%d/%m/%y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M",
                "%m/%d/%Y, %I:%M:%S %p", "%d/%m/%Y, %H:%M:%S")
MAX_MINUTES = 24 * 60
# Its file is read by ``read_participants`` (headers in many languages); only the signed preview is shared.
ATTENDANCE_IMPORT = SignedImport(salt="attendance-import", columns=COLUMNS, max_rows=MAX_ROWS)


# --- reading ---------------------------------------------------------------------------------

def read_participants(content: bytes, event: Event) -> Table:
    """The file's participant lines as text columns ``COLUMNS`` (times in UTC, ISO); SpreadsheetError if unreadable."""
    if len(content) > MAX_FILE_BYTES:
        raise SpreadsheetError(_("The file is larger than %(size)s MiB.", size=MAX_FILE_BYTES // (1024 * 1024)))
    text = _decode(content)
    records, header_index, mapping = _find_header(text)
    table = Table(columns=list(COLUMNS))
    for offset, record in enumerate(records[header_index + 1:], start=header_index + 2):
        if not any(cell.strip() for cell in record):
            continue
        if len(table.rows) + len(table.errors) >= MAX_ROWS:
            raise SpreadsheetError(_("The file has more than %(count)s rows.", count=MAX_ROWS))
        cells = {column: record[index].strip() if index < len(record) else "" for column, index in mapping.items()}
        try:
            table.rows.append((offset, _row(cells, event)))
        except ValueError as error:
            table.errors.append((offset, str(error)))
    if not table.rows and not table.errors:
        raise SpreadsheetError(_("The file has no row under its header."))
    return table


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as error:
            raise SpreadsheetError(_("This file is not a CSV text file (unknown encoding).")) from error
    return decode_text(content)


def _find_header(text: str) -> tuple[list[list[str]], int, dict[str, int]]:
    best: tuple[int, int, list[list[str]], dict[str, int]] | None = None
    refused: SpreadsheetError | None = None
    for delimiter in DELIMITERS:
        try:  # the bounded reader of every upload (line, cell and row limits, time budget)
            read = csv_records(text, delimiter, MAX_ROWS + HEADER_SEARCH_LINES, MAX_COLUMNS, keep_blank=True)
            records = [[str(cell) for cell in cells] for _line, cells in read]
        except SpreadsheetError as error:
            refused = refused or error
            continue
        for index, record in enumerate(records[:HEADER_SEARCH_LINES]):
            mapping: dict[str, int] = {}
            for position, cell in enumerate(record):
                column = HEADER_NAMES.get(search_key(cell.lstrip("\ufeff")))
                if column and column not in mapping:
                    mapping[column] = position
            if ("name" in mapping or "email" in mapping) and len(mapping) >= 2:
                if best is None or len(mapping) > best[0] or (len(mapping) == best[0] and index < best[1]):
                    best = (len(mapping), index, records, mapping)
                break
    if best is None and refused is not None:
        raise refused
    if best is None:
        raise SpreadsheetError(_("No participants header found: the file needs a name or email column, "
                                 "and join / leave times or a duration."))
    return best[2], best[1], best[3]


def _row(cells: dict[str, str], event: Event) -> dict[str, str]:
    name, email = " ".join(cells.get("name", "").split()), normalise_email(cells.get("email", ""))
    if "@" not in email:
        email = ""
    if not name and not email:
        raise ValueError(_("This line has neither a name nor an email."))
    joined = parse_time(cells.get("joined_at", ""), event)
    left = parse_time(cells.get("left_at", ""), event)
    minutes: int | None
    if joined and left and left >= joined:
        minutes = round((left - joined).total_seconds() / 60)
    else:
        minutes = parse_minutes(cells.get("minutes", ""))
    if minutes is not None and not 0 <= minutes <= MAX_MINUTES:
        raise ValueError(_("Unlikely duration: %(minutes)s minutes.", minutes=minutes))
    return {"name": name, "email": email, "joined_at": joined.isoformat() if joined else "",
            "left_at": left.isoformat() if left else "", "minutes": "" if minutes is None else str(minutes)}


def parse_time(value: str, event: Event) -> datetime | None:
    """A join/leave time in UTC; raises ValueError if present but unreadable."""
    value = " ".join(value.replace("\u202f", " ").split())
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        candidates = [parsed]
    except ValueError:
        candidates = []
        for pattern in TIME_FORMATS:
            try:
                candidates.append(datetime.strptime(value.upper(), pattern))
            except ValueError:
                continue
    if not candidates:
        raise ValueError(_("Unreadable time: %(value)s", value=value))
    day = event.local_start.date()
    best = min(candidates, key=lambda candidate: abs((candidate.date() - day).days))
    if best.tzinfo is None:
        best = best.replace(tzinfo=event.zone)
    return best.astimezone(UTC)


def parse_minutes(value: str) -> int | None:
    """ "45", "45 min", "1h 5m", "1 h 05 min 30 s", "01:05:30" → minutes; ValueError if unreadable."""
    value = value.strip().lower()
    if not value:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return round(float(value))
    clock = re.fullmatch(r"(\d+):(\d{2})(?::(\d{2}))?", value)
    if clock:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        return round(hours * 60 + minutes + seconds / 60)
    parts = re.findall(r"(\d+)\s*(h|hr|hrs|hours?|heures?|m|mn|min|mins|minutes?|s|sec|secs|seconds?|secondes?)\b",
                       value)
    if not parts:
        raise ValueError(_("Unreadable duration: %(value)s", value=value))
    total = timedelta()
    for number, unit in parts:
        total += timedelta(hours=int(number)) if unit.startswith("h") else (
            timedelta(seconds=int(number)) if unit.startswith("s") else timedelta(minutes=int(number)))
    return round(total.total_seconds() / 60)


# --- matching --------------------------------------------------------------------------------

@dataclass
class Match:
    registration: Registration
    lines: list[int] = field(default_factory=list)
    by: str = "email"  # or "name"
    minutes: int | None = None
    joined_at: datetime | None = None


@dataclass
class AttendancePlan:
    matches: list[Match]
    unknown: list[tuple[int, str, str]]  # (line, name, email)
    errors: list[tuple[int, str]]

    @property
    def is_valid(self) -> bool:
        return not self.errors


def name_keys(registration: Registration) -> set[str]:
    person = registration.person
    keys = {search_key(person.given_name, person.family_name), search_key(person.family_name, person.given_name)}
    if person.given_name_latin or person.family_name_latin:
        given, family = person.given_name_latin or person.given_name, person.family_name_latin or person.family_name
        keys |= {search_key(given, family), search_key(family, given)}
    return keys


def plan_attendance(event: Event, table: Table) -> AttendancePlan:
    registrations = list(db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event.id, Registration.status.in_(ACTIVE_STATUSES))
        .options(joinedload(Registration.person)).order_by(Registration.id)))
    by_email = {normalise_email(registration.person.email): registration for registration in registrations
                if registration.person.email}
    by_name: dict[str, list[Registration]] = defaultdict(list)
    for registration in registrations:
        for key in name_keys(registration):
            by_name[key].append(registration)
    matches: dict[int, Match] = {}
    unknown = []
    for line, row in table.rows:
        found, how = by_email.get(row["email"]) if row["email"] else None, "email"
        if found is None:
            candidates = by_name.get(search_key(_without_brackets(row["name"])), []) if row["name"] else []
            found, how = (candidates[0], "name") if len(candidates) == 1 else (None, "name")
        if found is None:
            unknown.append((line, row["name"], row["email"]))
            continue
        match = matches.setdefault(found.id, Match(found, by=how))
        match.lines.append(line)
        if row["minutes"]:
            match.minutes = min((match.minutes or 0) + int(row["minutes"]), MAX_MINUTES)
        joined = datetime.fromisoformat(row["joined_at"]) if row["joined_at"] else None
        if joined and (match.joined_at is None or joined < match.joined_at):
            match.joined_at = joined
    return AttendancePlan(sorted(matches.values(), key=lambda match: match.registration.person.sort_key),
                          unknown, list(table.errors))


def _without_brackets(name: str) -> str:
    """Zoom's "Name (Original Name)" column: "Marie Dupont (Ville de Lyon)" → "Marie Dupont"."""
    return re.sub(r"\s*[\(\[].*?[\)\]]\s*", " ", name).strip() or name


def apply_attendance(event: Event, plan: AttendancePlan) -> int:
    """Mark the matched registrations as attended (flushes); returns how many."""
    db.session.execute(sa.select(Event.id).where(Event.id == event.id).with_for_update())
    for match in plan.matches:
        registration = match.registration
        registration.attended_at = match.joined_at or event.starts_at
        registration.attendance_minutes = match.minutes
        registration.attendance_source = AttendanceSource.IMPORT
    db.session.flush()
    return len(plan.matches)


def import_attendance(event: Event, table: Table, *, actor: str | None = None) -> int:
    """Plan and apply a participants list (flushes), with the audit line ``attendance.import``; returns
    how many attendances were recorded."""
    count = apply_attendance(event, plan_attendance(event, table))
    record_audit("attendance.import", target=event, event_id=event.id, actor=actor,
                 details={"rows": len(table.rows), "recorded": count})
    return count


def mark(registration: Registration, present: bool, *, actor: str | None = None) -> None:
    """Manual marking by an organiser (flushes), with the audit line ``attendance.present``/``absent``."""
    if present:
        if registration.attended_at is None:
            registration.attended_at = registration.event.starts_at
            registration.attendance_source = AttendanceSource.MANUAL
    else:
        registration.attended_at = registration.attendance_minutes = registration.attendance_source = None
    db.session.flush()
    record_audit(f"attendance.{'present' if present else 'absent'}", target=registration, actor=actor)
