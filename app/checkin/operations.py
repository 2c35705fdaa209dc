"""Checking people in: a scan (or a name found by search) → a verdict; undo; desk tokens.

Plain functions with explicit arguments; they flush and let the caller commit.

"Exactly one welcome per badge and day" is the database's doing: the check-in is inserted with
``INSERT … ON CONFLICT (registration_id, day) DO UPDATE … RETURNING``, so the UNIQUE constraint
decides between concurrent scans; a loser inserts nothing, gets the winner's row back in the same
statement and answers "already checked in" with its time and desk. No check-then-insert, and one
round trip whichever way it goes.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa
import sqlalchemy.dialects.postgresql
import sqlalchemy.dialects.sqlite
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app.audit.operations import record_audit
from app.badges.tokens import read_badge_code
from app.checkin.models import CheckIn, DeskToken, Scan, hash_desk_token
from app.core.dates import to_local
from app.core.db import utcnow
from app.events.models import Event
from app.extensions import db
from app.people.models import Person
from app.people.operations import search_terms
from app.registration.models import Registration, RegistrationCategory, RegistrationStatus

# The statuses a scan can answer, in the order they are decided.
OK = "ok"
ALREADY = "already_checked_in"
INVALID = "invalid"
WRONG_EVENT = "wrong_event"
UNKNOWN = "unknown"
CANCELLED = "cancelled"
NOT_CONFIRMED = "not_confirmed"
SUPERSEDED = "superseded"
STATUSES = (OK, ALREADY, INVALID, WRONG_EVENT, UNKNOWN, CANCELLED, NOT_CONFIRMED, SUPERSEDED)

MAX_DESK_LENGTH = 20
MAX_NONCE_LENGTH = 80
MAX_CODE_LENGTH = 200
# Offline scans may be sent days later, but never from the future (a little clock drift is forgiven).
CLOCK_DRIFT = timedelta(minutes=5)
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
SEARCH_LIMIT = 20


class CheckInError(ValueError):
    """A request the desk must correct (bad desk name, nonce, time); nothing was recorded."""


# --- the answer -------------------------------------------------------------------

def event_day(event: Event, instant: datetime) -> date:
    """The calendar day of an instant in the event's zone: one welcome per badge and per such day."""
    return to_local(instant, event.timezone).date()


def local_iso(instant: datetime | None, event: Event) -> str | None:
    """ISO 8601 with the event's UTC offset, so that a desk shows the event's wall-clock time."""
    return to_local(instant, event.timezone).isoformat(timespec="seconds") if instant else None


def attention(registration: Registration) -> list[dict[str, str]]:
    """What the desk must notice: VIP, the desk note, interpretation and accessibility needs."""
    notes = []
    if registration.category == RegistrationCategory.VIP:
        notes.append({"kind": "vip", "text": "VIP"})
    for kind, text in (("note", registration.desk_note), ("interpretation", registration.interpretation_needs),
                       ("accessibility", registration.accessibility_needs)):
        if text and text.strip():
            notes.append({"kind": kind, "text": text.strip()})
    return notes


def registration_summary(registration: Registration) -> dict:
    person = registration.person
    return {"id": registration.id, "name": person.name, "name_latin": person.name_latin,
            "category": registration.category.value,
            "delegation": registration.delegation.name if registration.delegation else None,
            "country": person.country, "attention": attention(registration)}


def answer(status: str, registration: Registration | None = None, check_in: CheckIn | None = None,
           event: Event | None = None) -> dict:
    """The JSON answer of a scan: status, registration (None when the badge names no one of this event),
    and for ok / already_checked_in the time (in the event's zone) and desk of the welcome."""
    return {"status": status, "registration": registration_summary(registration) if registration else None,
            "checked_in_at": local_iso(check_in.checked_in_at, event) if check_in and event else None,
            "desk": check_in.desk if check_in else None}


# --- scanning ---------------------------------------------------------------------

@dataclass(frozen=True)
class ScanRequest:
    desk: str
    nonce: str
    scanned_at: datetime | None = None  # the device's time, for scans made offline and sent later
    user_id: int | None = None  # the staff member, for check-ins by hand
    actor: str | None = None  # who, in the audit log: ``user:<id>`` for a staff session, else ``desk:<desk>``
    actor_user_id: int | None = None

    @property
    def audit_actor(self) -> str:
        return self.actor or f"desk:{self.desk}"


def validated_request(desk: str | None, nonce: str | None, scanned_at: str | None = None,
                      user_id: int | None = None, now: datetime | None = None, *, actor: str | None = None,
                      actor_user_id: int | None = None, event: Event | None = None) -> ScanRequest:
    """Check the desk name, the nonce and the optional offline time (one of ``event``'s days, in its zone);
    raise CheckInError otherwise."""
    desk = (desk or "").strip()
    nonce = (nonce or "").strip()
    if not desk or len(desk) > MAX_DESK_LENGTH or not desk.isprintable():
        raise CheckInError(_("Give the desk's name (at most %(count)s characters).", count=MAX_DESK_LENGTH))
    if not nonce or len(nonce) > MAX_NONCE_LENGTH or not nonce.isprintable():
        raise CheckInError(_("Give a nonce (at most %(count)s characters).", count=MAX_NONCE_LENGTH))
    instant = parse_scanned_at(scanned_at, now)
    if instant is not None and event is not None and event_day(event, instant) not in event.days:
        # A device with a wrong clock must not invent a welcome on a day the event does not have.
        raise CheckInError(_("scanned_at is not one of the event's days: check the scanning device's clock."))
    return ScanRequest(desk=desk, nonce=nonce, scanned_at=instant, user_id=user_id,
                       actor=actor, actor_user_id=actor_user_id)


def parse_scanned_at(value: str | None, now: datetime | None = None) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        instant = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        instant.astimezone(timezone.utc)  # year 1 at +14:00 does not exist in UTC
    except (ValueError, OverflowError):
        raise CheckInError(_("scanned_at must be an ISO 8601 date and time with its UTC offset.")) from None
    if instant.tzinfo is None:
        raise CheckInError(_("scanned_at must be an ISO 8601 date and time with its UTC offset."))
    if instant > (now or utcnow()) + CLOCK_DRIFT:
        raise CheckInError(_("scanned_at is in the future."))
    return instant


def _stored_answer(event: Event, nonce: str) -> dict | None:
    """The first answer to this nonce; if its check-in was undone since, the answer says when."""
    row = db.session.execute(sa.select(Scan.response, Scan.undone_at)
                             .where(Scan.event_id == event.id, Scan.nonce == nonce)).one_or_none()
    if row is None:
        return None
    stored = json.loads(row.response)
    if row.undone_at is not None:
        stored["undone_at"] = local_iso(row.undone_at, event)
    return stored


def scan_badge(event: Event, code: str, request: ScanRequest) -> dict:
    """The verdict on a badge code scanned at a desk of ``event``; an ok inserts the day's check-in.

    Priority: invalid → wrong_event → unknown → cancelled/refused → not_confirmed → superseded → already/ok.
    The same nonce twice gets the first answer again and records nothing new: the scan's row, inserted
    last, is unique per nonce (see ``_record``), so a repeat costs nothing until it happens.
    """
    claim = read_badge_code((code or "")[:MAX_CODE_LENGTH])
    if claim is None:
        return _record(event, request, answer(INVALID))
    if claim.event_id != event.id:
        return _record(event, request, answer(WRONG_EVENT))
    registration = _registration(event, claim.registration_id)
    if registration is None:
        return _record(event, request, answer(UNKNOWN))
    return _check_in(event, registration, request, badge_version=claim.version)


def check_in_by_hand(event: Event, registration_id: int, request: ScanRequest) -> dict:
    """A person found by name (forgotten badge): the same verdicts, without the badge's own checks."""
    registration = _registration(event, registration_id)
    if registration is None:
        return _record(event, request, answer(UNKNOWN))
    return _check_in(event, registration, request, badge_version=None)


def _registration(event: Event, registration_id: int) -> Registration | None:
    return db.session.scalar(
        sa.select(Registration).where(Registration.id == registration_id, Registration.event_id == event.id)
        .options(joinedload(Registration.person), joinedload(Registration.delegation)))


def _check_in(event: Event, registration: Registration, request: ScanRequest, badge_version: int | None) -> dict:
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.REFUSED):
        return _record(event, request, answer(CANCELLED, registration), registration)
    if registration.status != RegistrationStatus.CONFIRMED:
        return _record(event, request, answer(NOT_CONFIRMED, registration), registration)
    if badge_version is not None and badge_version != registration.badge_version:
        return _record(event, request, answer(SUPERSEDED, registration), registration)
    now = utcnow()
    welcomed_at = request.scanned_at or now
    day = event_day(event, welcomed_at)
    values = dict(event_id=event.id, registration_id=registration.id, day=day, checked_in_at=welcomed_at,
                  recorded_at=now, desk=request.desk, nonce=request.nonce, badge_version=badge_version,
                  user_id=request.user_id, created_at=now, updated_at=now)
    insert = _insert(CheckIn).values(**values)
    # DO UPDATE (a no-op on the day) rather than DO NOTHING: the statement then returns the day's check-in
    # whoever inserted it, in one round trip — ours if its recorded_at and nonce are ours.
    row = db.session.execute(
        insert.on_conflict_do_update(index_elements=["registration_id", "day"], set_={"day": insert.excluded.day})
        .returning(CheckIn.id, CheckIn.checked_in_at, CheckIn.recorded_at, CheckIn.desk, CheckIn.nonce)).one()
    first = CheckIn(id=row.id, checked_in_at=row.checked_in_at, desk=row.desk)  # not added to the session
    if (row.recorded_at, row.nonce) != (now, request.nonce):  # another desk (or the same one) was first today
        return _record(event, request, answer(ALREADY, registration, first, event), registration)
    return _record(event, request, answer(OK, registration, first, event), registration, first,
                   audit_action="checkin.scan" if badge_version is not None else "checkin.manual")


def _insert(model):
    """An INSERT with the backend's ON CONFLICT clause (PostgreSQL and SQLite both have it)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.dialects.postgresql.insert(model)
    return sa.dialects.sqlite.insert(model)


def _record(event: Event, request: ScanRequest, response: dict, registration: Registration | None = None,
            check_in: CheckIn | None = None, audit_action: str | None = None) -> dict:
    """Keep the scan and its answer. If this nonce was seen before (a repeated or concurrent request),
    nothing is inserted (UNIQUE(event_id, nonce)): the check-in this request made, if any, is deleted
    again and the first answer is given again. A welcome (``audit_action``) is also written to the audit
    log: one more INSERT, and only for a new scan (a replayed nonce is not a second welcome)."""
    event_id = event.id
    scan_id = db.session.scalar(
        _insert(Scan).values(
            event_id=event_id, nonce=request.nonce, desk=request.desk, status=response["status"],
            registration_id=registration.id if registration else None,
            check_in_id=check_in.id if check_in else None, scanned_at=request.scanned_at, recorded_at=utcnow(),
            response=json.dumps(response, ensure_ascii=False))
        .on_conflict_do_nothing(index_elements=["event_id", "nonce"]).returning(Scan.id))
    if scan_id is None:
        if check_in is not None:
            db.session.execute(sa.delete(CheckIn).where(CheckIn.id == check_in.id))
        return _stored_answer(event, request.nonce) or response
    if audit_action is not None and registration is not None:
        record_audit(audit_action, target_type="registration", target_id=registration.id, event_id=event_id,
                     actor=request.audit_actor, user_id=request.actor_user_id,
                     details={"desk": request.desk, "nonce": request.nonce, "offline": request.scanned_at is not None,
                              "day": _welcome_day(check_in, event)})
    return response


def _welcome_day(check_in: CheckIn | None, event: Event) -> str | None:
    return event_day(event, check_in.checked_in_at).isoformat() if check_in is not None else None


# --- undo ---------------------------------------------------------------------

UNDONE = "undone"
NOT_FOUND = "not_found"
NOTHING_TO_UNDO = "nothing_to_undo"


def undo(event: Event, nonce: str, actor: str | None = None, actor_user_id: int | None = None,
         only_desk: str | None = None) -> dict:
    """Reverse the check-in made by the scan with this nonce. Answers undone, not_found or nothing_to_undo
    (that scan welcomed no one, or was undone already). An undo is written to the audit log, by ``actor``
    (default ``desk:<the scan's desk>``). ``only_desk``: a desk token undoes its own desk's scans only."""
    query = sa.select(Scan).where(Scan.event_id == event.id, Scan.nonce == (nonce or "").strip())
    if only_desk is not None:
        query = query.where(Scan.desk == only_desk)
    scan = db.session.scalar(query.with_for_update())
    if scan is None:
        return {"status": NOT_FOUND, "registration": None}
    registration = json.loads(scan.response).get("registration")
    if scan.undone_at is not None or scan.check_in_id is None:
        return {"status": NOTHING_TO_UNDO, "registration": registration}
    check_in = db.session.get(CheckIn, scan.check_in_id)
    scan.check_in_id = None
    scan.undone_at = utcnow()
    if check_in is not None:
        db.session.delete(check_in)
    record_audit("checkin.undo", target_type="registration", target_id=scan.registration_id, event_id=event.id,
                 actor=actor or f"desk:{scan.desk}", user_id=actor_user_id,
                 details={"desk": scan.desk, "nonce": scan.nonce,
                          "day": check_in.day.isoformat() if check_in is not None else None})
    return {"status": UNDONE, "registration": registration}


# --- search by name (forgotten badge) ---------------------------------------------

@dataclass(frozen=True)
class Found:
    registration: Registration
    checked_in_today: CheckIn | None


def find_registrations(event: Event, query: str, day: date, limit: int = SEARCH_LIMIT) -> list[Found]:
    """Registrations of the event whose person matches every word typed (any script, accents and case
    ignored), with today's check-in if any. Two queries, whatever the number found."""
    terms = search_terms(query)
    if not terms:
        return []
    statement = (sa.select(Registration).join(Registration.person).where(Registration.event_id == event.id)
                 .options(joinedload(Registration.person), joinedload(Registration.delegation)))
    for term in terms:
        statement = statement.where(Person.search_key.contains(term, autoescape=True))
    found = list(db.session.scalars(
        statement.order_by(Person.family_name_latin, Person.family_name, Registration.id).limit(limit)))
    check_ins = {row.registration_id: row for row in db.session.scalars(
        sa.select(CheckIn).where(CheckIn.registration_id.in_([r.id for r in found]), CheckIn.day == day))} \
        if found else {}
    return [Found(registration, check_ins.get(registration.id)) for registration in found]


# --- desk tokens ----------------------------------------------------------------

def issue_desk_token(event: Event, desk: str, created_by_id: int | None = None) -> tuple[DeskToken, str]:
    """A new bearer token for one desk of one event: (row, token). Only its hash is kept; show the token once."""
    desk = (desk or "").strip()
    if not desk or len(desk) > MAX_DESK_LENGTH or not desk.isprintable():
        raise CheckInError(_("Give the desk's name (at most %(count)s characters).", count=MAX_DESK_LENGTH))
    token = secrets.token_urlsafe(32)
    row = DeskToken(event_id=event.id, desk=desk, token_hash=hash_desk_token(token), created_by_id=created_by_id)
    db.session.add(row)
    db.session.flush()
    return row, token


def revoke_desk_token(row: DeskToken) -> bool:
    """Revoke a token; False when it was revoked already."""
    if row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    db.session.flush()
    return True


def desk_tokens(event: Event) -> list[DeskToken]:
    return list(db.session.scalars(sa.select(DeskToken).where(DeskToken.event_id == event.id)
                                   .order_by(DeskToken.revoked_at.is_not(None), DeskToken.desk, DeskToken.id)))


def find_desk_token(token: str) -> DeskToken | None:
    """The active token row for a bearer token: looked up by its SHA-256, so no secret is compared in the
    database and the time taken does not depend on how much of a guess is right."""
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(sa.select(DeskToken).where(DeskToken.token_hash == hash_desk_token(token))
                            .options(joinedload(DeskToken.event)))
    if row is None or row.revoked_at is not None:
        return None
    return row


def touch_desk_token(row: DeskToken, now: datetime | None = None) -> None:
    """Remember when a token was last used (at most once a minute, to spare the database a write per scan)."""
    now = now or utcnow()
    if row.last_used_at is None or now - row.last_used_at > TOKEN_TOUCH_INTERVAL:
        row.last_used_at = now
        db.session.flush()
