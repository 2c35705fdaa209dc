"""Checking people in: a scan (or a name found by search) → a verdict; undo; desk tokens.

Plain functions with explicit arguments; they flush and let the caller commit.

"Exactly one welcome per badge and day" is the database's doing: the check-in is inserted with
``INSERT … ON CONFLICT (registration_id, day) DO UPDATE … RETURNING``, so the UNIQUE constraint
decides between concurrent scans; a loser inserts nothing, gets the winner's row back in the same
statement and answers "already checked in" with its time and desk. No check-then-insert, and one
round trip whichever way it goes.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.dialects.postgresql
import sqlalchemy.dialects.sqlite
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app.audit.models import AuditEntry
from app.audit.operations import clean_details, record_audit
from app.auth.models import Role
from app.badges.tokens import read_badge_code
from app.checkin.models import CheckIn, DeskAssignment, DeskToken, Scan, hash_desk_token
from app.core.dates import to_local
from app.core.db import affected_rows, utcnow
from app.core.extensions import db
from app.core.quick_read import RawStatement, drop_held, held_connection, run_pipelined
from app.events.models import Event
from app.people.models import Person
from app.people.operations import search_terms
from app.registration.models import Delegation, Registration, RegistrationCategory, RegistrationStatus

# The statuses a scan can answer, in the order they are decided.
OK = "ok"
ALREADY = "already_checked_in"
INVALID = "invalid"
WRONG_EVENT = "wrong_event"
UNKNOWN = "unknown"
CANCELLED = "cancelled"
NOT_CONFIRMED = "not_confirmed"
SUPERSEDED = "superseded"
NOT_EVENT_DAY = "not_event_day"
STATUSES = (OK, ALREADY, INVALID, WRONG_EVENT, UNKNOWN, CANCELLED, NOT_CONFIRMED, SUPERSEDED, NOT_EVENT_DAY)

MAX_DESK_LENGTH = 20
MAX_NONCE_LENGTH = 80
MAX_CODE_LENGTH = 200
# Offline scans may be sent days later, but never from the future (a little clock drift is forgiven).
CLOCK_DRIFT = timedelta(minutes=5)
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
# A desk token is valid until the end of the event's last day plus this, unless told otherwise when issued.
DEFAULT_TOKEN_VALIDITY_AFTER_EVENT = timedelta(days=1)
SEARCH_LIMIT = 20


class CheckInError(ValueError):
    """A request the desk must correct (bad desk name, nonce, time); nothing was recorded."""


class NonceConflict(CheckInError):
    """This desk already used the nonce for another request (another code or person): nothing was recorded."""


# --- the answer -------------------------------------------------------------------

def event_day(event: Event | EventFacts, instant: datetime) -> date:
    """The calendar day of an instant in the event's zone: one welcome per badge and per such day."""
    return to_local(instant, event.timezone).date()


def local_iso(instant: datetime | None, event: Event | EventFacts) -> str | None:
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
    # An organiser's explicit decision to check someone in on a day that is not one of the event's days.
    override_event_days: bool = False

    @property
    def audit_actor(self) -> str:
        return self.actor or f"desk:{self.desk}"


def validated_request(desk: str | None, nonce: str | None, scanned_at: str | None = None,
                      user_id: int | None = None, now: datetime | None = None, *, actor: str | None = None,
                      actor_user_id: int | None = None, event: Event | EventFacts | None = None,
                      override_event_days: bool = False) -> ScanRequest:
    """Check the desk name, the nonce and the optional offline time (one of ``event``'s days, in its zone,
    unless ``override_event_days``); raise CheckInError otherwise."""
    desk = (desk or "").strip()
    nonce = (nonce or "").strip()
    if not desk or len(desk) > MAX_DESK_LENGTH or not desk.isprintable():
        raise CheckInError(_("Give the desk's name (at most %(count)s characters).", count=MAX_DESK_LENGTH))
    if not nonce or len(nonce) > MAX_NONCE_LENGTH or not nonce.isprintable():
        raise CheckInError(_("Give a nonce (at most %(count)s characters).", count=MAX_NONCE_LENGTH))
    instant = parse_scanned_at(scanned_at, now)
    if instant is not None and event is not None and event_day(event, instant) not in event.days \
            and not override_event_days:
        # A device with a wrong clock must not invent a welcome on a day the event does not have.
        raise CheckInError(_("scanned_at is not one of the event's days: check the scanning device's clock."))
    return ScanRequest(desk=desk, nonce=nonce, scanned_at=instant, user_id=user_id,
                       actor=actor, actor_user_id=actor_user_id, override_event_days=override_event_days)


def parse_scanned_at(value: str | None, now: datetime | None = None) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):  # a number is not a time (and never "now")
        raise CheckInError(_("scanned_at must be an ISO 8601 date and time with its UTC offset."))
    try:
        instant = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        instant.astimezone(UTC)  # year 1 at +14:00 does not exist in UTC
    except (ValueError, OverflowError):
        raise CheckInError(_("scanned_at must be an ISO 8601 date and time with its UTC offset.")) from None
    if instant.tzinfo is None:
        raise CheckInError(_("scanned_at must be an ISO 8601 date and time with its UTC offset."))
    if instant > (now or utcnow()) + CLOCK_DRIFT:
        raise CheckInError(_("scanned_at is in the future."))
    return instant


def request_fingerprint(code: str | None = None, registration_id: int | None = None) -> str:
    """What a scan asked (the badge code, or the person checked in by hand), as a SHA-256: a nonce replayed
    with another question is a conflict, not the first answer again."""
    asked = f"code:{code}" if registration_id is None else f"registration:{registration_id}"
    return hashlib.sha256(asked.encode("utf-8", "surrogatepass")).hexdigest()


def _stored_answer(event: Event | EventFacts, request: ScanRequest, fingerprint: str,
                   executor: Executor | None = None) -> dict | None:
    """The first answer to this desk's nonce; if its check-in was undone since, the answer says when.
    Raise NonceConflict if that nonce asked something else."""
    row = (executor or db.session).execute(sa.select(Scan.response, Scan.undone_at, Scan.fingerprint)
                             .where(Scan.event_id == event.id, Scan.desk == request.desk,
                                    Scan.nonce == request.nonce)).one_or_none()
    if row is None:
        return None
    if row.fingerprint is not None and row.fingerprint != fingerprint:
        raise NonceConflict(_("This nonce was already used by this desk for another scan: send a new nonce."))
    stored = json.loads(row.response)
    if row.undone_at is not None:
        stored["undone_at"] = local_iso(row.undone_at, event)
    return stored


def scan_badge(event: Event | EventFacts, code: str, request: ScanRequest, token: CachedDeskToken | None = None,
               executor: Executor | None = None) -> dict:
    """The verdict on a badge code scanned at a desk of ``event``; an ok inserts the day's check-in.

    Priority: invalid → wrong_event → unknown → cancelled/refused → not_confirmed → superseded → not_event_day
    → already/ok. The same nonce twice from one desk gets the first answer again and records nothing new: the
    scan's row, inserted last, is unique per desk and nonce (see ``_record``), so a repeat costs nothing until it
    happens; the same nonce with another code raises NonceConflict.

    ``event`` may be the per-worker :class:`EventFacts` and ``token`` the per-worker cached desk token: the
    verdict's statement checks both against the database (raising :class:`EventChanged` or
    :class:`DeskTokenRefused`, nothing recorded), so a cache never welcomes with a revoked token or old dates.
    """
    code = (code or "")[:MAX_CODE_LENGTH]
    fingerprint = request_fingerprint(code=code)
    claim = read_badge_code(code)
    if claim is None:
        registration_id, status = None, INVALID
    elif claim.event_id != event.id:
        registration_id, status = None, WRONG_EVENT
    else:
        registration_id, status = claim.registration_id, None
    return _decide(event, registration_id, request, fingerprint, claim.version if claim else None, status, token,
                   executor or db.session)


def check_in_by_hand(event: Event | EventFacts, registration_id: int, request: ScanRequest) -> dict:
    """A person found by name (forgotten badge): the same verdicts, without the badge's own checks."""
    return _decide(event, registration_id, request, request_fingerprint(registration_id=registration_id),
                   None, None, None, db.session)


# --- the hot path: per-worker facts, one statement for the verdict, one for the record --------------------------
#
# A scan on PostgreSQL sends two statements (and the COMMIT): (1) one that checks the desk token is still valid and
# the event's dates unchanged, reads the registration (person, delegation) and — only when the badge deserves it —
# inserts the day's check-in with INSERT … ON CONFLICT (registration_id, day) DO UPDATE … RETURNING in a CTE, so
# that the UNIQUE constraint still decides between concurrent scans and a loser gets the winner's row back;
# (2) the scan's INSERT … ON CONFLICT (event_id, desk, nonce) DO NOTHING RETURNING, with the audit line of a
# welcome inserted by a CTE of the same statement. With a desk token the worker knows, both run in a transaction of
# their own on the thread's held connection (``scan_badge_on_held_connection``): BEGIN, the two statements, COMMIT —
# four round trips, no pool checkout and no ping. SQLite (no data-modifying CTE) sends the same steps one by one.

EVENT_FACTS_TTL = 30.0  # seconds a worker trusts its cached desk token (the statement re-checks it anyway)
MAX_CACHED_TOKENS = 500


class DeskTokenRefused(CheckInError):
    """The cached desk token was revoked or expired meanwhile: nothing was recorded."""


class EventChanged(CheckInError):
    """The event's slug, dates or time zone changed since the worker cached them: nothing was recorded."""


@dataclass(frozen=True)
class EventFacts:
    """What a scan needs to know of its event, cached per worker (checked by the verdict's statement)."""

    id: int
    slug: str
    timezone: str
    starts_at: datetime
    ends_at: datetime
    days: tuple[date, ...]

    @classmethod
    def of(cls, event: Event) -> EventFacts:
        return cls(event.id, event.slug, event.timezone, event.starts_at, event.ends_at, tuple(event.days))


@dataclass
class CachedDeskToken:
    id: int
    desk: str
    expires_at: datetime
    last_used_at: datetime | None
    event: EventFacts
    fetched: float


_desk_tokens: dict[str, CachedDeskToken] = {}


def cached_desk_token(token: str, now: datetime | None = None) -> CachedDeskToken | None:
    """The active desk token for a bearer token, from this worker's cache (refreshed every EVENT_FACTS_TTL
    seconds); None when unknown, revoked or expired. The scan's statement checks the token again."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    key = hash_desk_token(token)
    entry = _desk_tokens.get(key)
    if entry is None or time.monotonic() - entry.fetched > EVENT_FACTS_TTL:
        row = find_desk_token(token, now)
        if row is None:
            _desk_tokens.pop(key, None)
            return None
        if len(_desk_tokens) >= MAX_CACHED_TOKENS:
            _desk_tokens.clear()
        entry = _desk_tokens[key] = CachedDeskToken(row.id, row.desk, row.expires_at, row.last_used_at,
                                                    EventFacts.of(row.event), time.monotonic())
    if entry.expires_at <= now:
        _desk_tokens.pop(key, None)
        return None
    return entry


def known_desk_token(token: str, now: datetime | None = None) -> CachedDeskToken | None:
    """``cached_desk_token`` without any SQL: the entry this worker already holds (fresh, not expired), else None
    (the caller then takes the way that asks the database)."""
    entry = _desk_tokens.get(hash_desk_token(token)) if token and len(token) <= 200 else None
    if entry is None or time.monotonic() - entry.fetched > EVENT_FACTS_TTL or entry.expires_at <= (now or utcnow()):
        return None
    return entry


def touch_due(entry: CachedDeskToken, now: datetime) -> bool:
    """Whether the token's ``last_used_at`` is to be written by this scan (at most once a minute per worker)."""
    return entry.last_used_at is None or now - entry.last_used_at > TOKEN_TOUCH_INTERVAL


def forget_desk_token(token: str) -> None:
    _desk_tokens.pop(hash_desk_token(token), None)


def touch_cached_desk_token(entry: CachedDeskToken, now: datetime | None = None) -> bool:
    """``touch_desk_token`` for a cached token: one UPDATE at most once a minute per worker (True when sent, in the
    session: the caller commits it)."""
    now = now or utcnow()
    if touch_due(entry, now):
        db.session.execute(sa.update(DeskToken).where(DeskToken.id == entry.id).values(last_used_at=now))
        entry.last_used_at = now
        return True
    return False


_statements: dict[tuple, sa.Executable] = {}


def _statement(kind: str, dialect: str):
    key = (kind, dialect)
    if key not in _statements:
        _statements[key] = (_verdict_statement(dialect == "postgresql") if kind == "verdict"
                            else _record_statement())
    return _statements[key]


def _verdict_statement(with_insert: bool):
    """(event still as cached, token still valid, the registration, and on PostgreSQL the day's check-in)."""
    bp = sa.bindparam
    event_ok = sa.exists().where(Event.id == bp("event_id"), Event.slug == bp("slug"),
                                 Event.starts_at == bp("starts_at", type_=Event.starts_at.type),
                                 Event.ends_at == bp("ends_at", type_=Event.ends_at.type),
                                 Event.timezone == bp("timezone"))
    token_ok = sa.or_(bp("token_id", type_=sa.Integer) == sa.null(), sa.exists().where(
        DeskToken.id == bp("token_id"), DeskToken.event_id == bp("event_id"), DeskToken.revoked_at.is_(None),
        DeskToken.expires_at > bp("now", type_=DeskToken.expires_at.type)))
    reg = (sa.select(Registration.id.label("registration_id"), Registration.status, Registration.badge_version,
                     Registration.category, Registration.desk_note, Registration.interpretation_needs,
                     Registration.accessibility_needs, Person.given_name, Person.family_name,
                     Person.given_name_latin, Person.family_name_latin, Person.country,
                     Delegation.name.label("delegation_name"))
           .join(Person, Person.id == Registration.person_id)
           .outerjoin(Delegation, Delegation.id == Registration.delegation_id)
           .where(Registration.id == bp("registration_id", type_=sa.Integer), Registration.event_id == bp("event_id"))
           .cte("reg"))
    flags = sa.select(event_ok.label("event_ok"), token_ok.label("token_ok")).cte("flags")
    columns = [flags.c.event_ok, flags.c.token_ok, *[column for column in reg.c]]
    if not with_insert:
        return sa.select(*columns).select_from(flags).outerjoin(reg, sa.true())
    source = (sa.select(bp("event_id"), reg.c.registration_id, bp("day", type_=sa.Date),
                        bp("checked_in_at", type_=CheckIn.checked_in_at.type), bp("recorded_at", type_=CheckIn.recorded_at.type),
                        bp("desk", type_=sa.String), bp("nonce", type_=sa.String), bp("badge_version", type_=sa.Integer),
                        bp("user_id", type_=sa.Integer), bp("recorded_at"), bp("recorded_at"))
              .select_from(reg).join(flags, sa.true())
              .where(bp("insert", type_=sa.Boolean), flags.c.event_ok, flags.c.token_ok,
                     reg.c.status == RegistrationStatus.CONFIRMED,
                     sa.or_(bp("badge_version") == sa.null(), reg.c.badge_version == bp("badge_version"))))
    insert = sa.dialects.postgresql.insert(CheckIn).from_select(
        ["event_id", "registration_id", "day", "checked_in_at", "recorded_at", "desk", "nonce", "badge_version",
         "user_id", "created_at", "updated_at"], source)
    inserted = (insert.on_conflict_do_update(index_elements=["registration_id", "day"], set_={"day": insert.excluded.day})
                .returning(CheckIn.id.label("check_in_id"), CheckIn.checked_in_at, CheckIn.recorded_at,
                           CheckIn.desk.label("check_in_desk"), CheckIn.nonce.label("check_in_nonce"))
                .cte("ins"))
    return (sa.select(*columns, *inserted.c).select_from(flags).outerjoin(reg, sa.true())
            .outerjoin(inserted, sa.true()))


def _record_statement():
    """PostgreSQL: the scan's INSERT … ON CONFLICT DO NOTHING RETURNING id, and the welcome's audit line."""
    bp = sa.bindparam
    scan = (sa.dialects.postgresql.insert(Scan).values(
        event_id=bp("event_id"), nonce=bp("nonce"), desk=bp("desk"), status=bp("status"),
        registration_id=bp("registration_id", type_=sa.Integer), fingerprint=bp("fingerprint"),
        check_in_id=bp("check_in_id", type_=sa.Integer), scanned_at=bp("scanned_at", type_=Scan.scanned_at.type),
        recorded_at=bp("recorded_at", type_=Scan.recorded_at.type), response=bp("response"))
        .on_conflict_do_nothing(index_elements=["event_id", "desk", "nonce"]).returning(Scan.id).cte("s"))
    audit = sa.insert(AuditEntry).from_select(
        ["at", "user_id", "actor", "action", "target_type", "target_id", "event_id", "details"],
        sa.select(bp("recorded_at"), bp("audit_user_id", type_=sa.Integer), bp("audit_actor", type_=sa.String),
                  bp("audit_action", type_=sa.String), sa.literal("registration"), bp("registration_id"),
                  bp("event_id"), bp("audit_details", type_=AuditEntry.details.type))
        .select_from(scan).where(bp("audit", type_=sa.Boolean))).returning(AuditEntry.id).cte("a")
    # A repeated nonce inserts no scan: the check-in this request's verdict made (if any) is deleted again by the same
    # statement, so that whatever happens next (the stored answer, a conflict) the transaction changed nothing.
    undo = (sa.delete(CheckIn).where(CheckIn.id == bp("made_check_in_id", type_=sa.Integer),
                                     ~sa.exists().select_from(scan)).returning(CheckIn.id).cte("d"))
    return sa.select(scan.c.id).add_cte(audit).add_cte(undo)


# The database access of a scan: the ORM session, or (the desks' hot path on PostgreSQL) this thread's held
# connection in a transaction of its own (``scan_badge_on_held_connection``).


def _dialect(executor: Executor) -> str:
    return executor.dialect.name if isinstance(executor, sa.Connection | _Pipelined) else executor.get_bind().dialect.name


HELD = "checkin.scan"


def scan_badge_on_held_connection(event: EventFacts, code: str, request: ScanRequest,
                                  token: CachedDeskToken) -> dict:
    """``scan_badge`` for a desk token this worker knows, committed — on PostgreSQL in a transaction of its own on
    this thread's held connection (app/core/quick_read.py), no pool checkout or ping, in **two round trips**
    (psycopg's pipeline mode): ``BEGIN`` with the verdict, then the record with ``COMMIT``. A connection the server
    dropped (restart, failover, terminated backend) is replaced and the scan run again once, only if the failure came
    before the ``COMMIT`` was sent (so nothing was written). Elsewhere (SQLite), the ORM session as usual, committed.
    Errors (NonceConflict, DeskTokenRefused, EventChanged) are raised as by ``scan_badge``, nothing recorded."""
    engine = db.engine
    if engine.dialect.name != "postgresql":
        result = scan_badge(event, code, request, token)
        db.session.commit()
        return result
    for attempt in (1, 2):
        executor = _Pipelined(held_connection(engine, HELD))
        try:
            try:
                return scan_badge(event, code, request, token, executor=executor)
            except CheckInError:
                executor.rollback()  # DeskTokenRefused, EventChanged: after the verdict, before the record
                raise
        except sa.exc.DBAPIError as error:
            # Lost, shut down, deadlocked or not serialisable: before COMMIT was sent nothing was written.
            lost = error.connection_invalidated or isinstance(error, sa.exc.OperationalError)
            executor.connection.invalidate()  # an aborted transaction or a dead connection: never reused
            drop_held(engine, HELD)
            if attempt == 2 or executor.commit_sent or not lost:
                raise  # after COMMIT was sent the outcome is unknown: not retried (the desk repeats the nonce)
        except CheckInError:
            raise
        except BaseException:
            executor.connection.invalidate()
            drop_held(engine, HELD)
            raise
    raise AssertionError("unreachable")


class _Pipelined:
    """The scan's executor on the held connection (autocommit): the verdict (``execute``) goes with ``BEGIN``, the
    record (``scalar``) with ``COMMIT``, each pair in one round trip; anything after the commit (the cold path of a
    repeated nonce: its stored answer) runs on the connection as usual."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect
        self.raw = connection.connection.dbapi_connection
        self.in_transaction = self.commit_sent = False

    def execute(self, statement, parameters=None):
        if self.commit_sent:
            return self.connection.execute(statement, parameters)
        rows = run_pipelined(self.connection, _raw_statement(statement, self.dialect), parameters or {}, before="BEGIN")
        self.in_transaction = True
        return _Rows(rows)

    def scalar(self, statement, parameters=None):
        if self.commit_sent:
            return self.connection.scalar(statement, parameters)
        self.commit_sent = True
        rows = run_pipelined(self.connection, _raw_statement(statement, self.dialect), parameters or {},
                             after="COMMIT" if self.in_transaction else None)
        self.in_transaction = False
        return rows[0][0] if rows else None

    def rollback(self) -> None:
        if self.in_transaction:
            self.connection.exec_driver_sql("ROLLBACK")
            self.in_transaction = False


Executor = sa.orm.Session | sa.orm.scoping.scoped_session | sa.Connection | _Pipelined


class _Rows(list):
    def one(self):
        if len(self) != 1:
            raise sa.exc.NoResultFound("expected one row") if not self else sa.exc.MultipleResultsFound("one row")
        return self[0]


_raw_statements: dict[int, RawStatement] = {}


def _raw_statement(statement, dialect) -> RawStatement:
    """The statements of the hot path are built once (``_statement``): compiled once per worker too."""
    found = _raw_statements.get(id(statement))
    if found is None or found.statement is not statement:
        found = _raw_statements[id(statement)] = RawStatement(statement, dialect)
    return found


class _PersonView:
    """A person's names from the verdict statement's row, by the very rules of :class:`Person`."""

    family_name_first = Person.family_name_first
    name = Person.name  # the same rules, on a view with the same attributes
    name_latin = Person.name_latin

    def __init__(self, row) -> None:
        self.given_name, self.family_name, self.country = row.given_name, row.family_name, row.country
        self.given_name_latin, self.family_name_latin = row.given_name_latin, row.family_name_latin


def _row_summary(row) -> dict:
    """``registration_summary`` from the verdict statement's row (no ORM object on the hot path)."""
    person = _PersonView(row)
    return {"id": row.registration_id, "name": person.name, "name_latin": person.name_latin,  # type: ignore[misc]
            "category": row.category.value, "delegation": row.delegation_name, "country": row.country,
            "attention": attention(row)}


@dataclass(frozen=True)
class _Welcome:
    id: int
    checked_in_at: datetime
    desk: str


def _decide(event: Event | EventFacts, registration_id: int | None, request: ScanRequest, fingerprint: str,
            badge_version: int | None, status: str | None, token: CachedDeskToken | None, executor: Executor) -> dict:
    dialect = _dialect(executor)

    def record(response: dict, registration_id: int | None = None, check_in: _Welcome | None = None,
               audit_action: str | None = None) -> dict:
        return _record(event, request, fingerprint, response, registration_id, check_in, audit_action,
                       executor=executor)

    now = utcnow()
    welcomed_at = request.scanned_at or now
    day = event_day(event, welcomed_at)
    event_days = event.days
    day_allowed = day in event_days or request.override_event_days
    params = {"event_id": event.id, "slug": event.slug, "starts_at": event.starts_at, "ends_at": event.ends_at,
              "timezone": event.timezone, "token_id": token.id if token else None, "now": now,
              "registration_id": registration_id or 0}
    if dialect == "postgresql":
        params |= {"insert": status is None and day_allowed, "day": day, "checked_in_at": welcomed_at,
                   "recorded_at": now, "desk": request.desk, "nonce": request.nonce, "badge_version": badge_version,
                   "user_id": request.user_id}
    row = executor.execute(_statement("verdict", dialect), params).one()
    if not row.token_ok:
        raise DeskTokenRefused(_("Unknown, expired or revoked desk token."))
    if not row.event_ok:
        raise EventChanged("the event changed since this worker cached it")
    if status is not None:
        return record(answer(status))
    if row.registration_id is None:
        return record(answer(UNKNOWN))
    summary = _row_summary(row)
    if row.status in (RegistrationStatus.CANCELLED, RegistrationStatus.REFUSED):
        return record(_answer(CANCELLED, summary), row.registration_id)
    if row.status != RegistrationStatus.CONFIRMED:
        return record(_answer(NOT_CONFIRMED, summary), row.registration_id)
    if badge_version is not None and badge_version != row.badge_version:
        return record(_answer(SUPERSEDED, summary), row.registration_id)
    if not day_allowed:
        # Past (and future) figures stay as they are: only an organiser's explicit override welcomes on such a day.
        return record(_answer(NOT_EVENT_DAY, summary), row.registration_id)
    if dialect == "postgresql":
        welcome = row
    else:
        values = {"event_id": event.id, "registration_id": row.registration_id, "day": day,
                  "checked_in_at": welcomed_at, "recorded_at": now, "desk": request.desk, "nonce": request.nonce,
                  "badge_version": badge_version, "user_id": request.user_id, "created_at": now, "updated_at": now}
        insert = _insert(CheckIn).values(**values)
        # DO UPDATE (a no-op on the day) rather than DO NOTHING: the statement then returns the day's check-in
        # whoever inserted it, in one round trip — ours if its recorded_at and nonce are ours.
        welcome = executor.execute(
            insert.on_conflict_do_update(index_elements=["registration_id", "day"], set_={"day": insert.excluded.day})
            .returning(CheckIn.id.label("check_in_id"), CheckIn.checked_in_at, CheckIn.recorded_at,
                       CheckIn.desk.label("check_in_desk"), CheckIn.nonce.label("check_in_nonce"))).one()
    first = _Welcome(welcome.check_in_id, welcome.checked_in_at, welcome.check_in_desk)
    if (welcome.recorded_at, welcome.check_in_nonce) != (now, request.nonce):  # another desk (or this one) was first
        return record(_answer(ALREADY, summary, first, event), row.registration_id)
    return record(_answer(OK, summary, first, event), row.registration_id, first,
                   audit_action="checkin.scan" if badge_version is not None else "checkin.manual")


def _answer(status: str, summary: dict, check_in: _Welcome | None = None, event: Event | EventFacts | None = None) -> dict:
    return {"status": status, "registration": summary,
            "checked_in_at": local_iso(check_in.checked_in_at, event) if check_in and event else None,
            "desk": check_in.desk if check_in else None}


def _insert(model):
    """An INSERT with the backend's ON CONFLICT clause (PostgreSQL and SQLite both have it)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.dialects.postgresql.insert(model)
    return sa.dialects.sqlite.insert(model)


def _record(event: Event | EventFacts, request: ScanRequest, fingerprint: str, response: dict,
            registration_id: int | None = None, check_in: _Welcome | None = None,
            audit_action: str | None = None, *, executor: Executor) -> dict:
    """Keep the scan and its answer. If this desk sent this nonce before (a repeated or concurrent request),
    nothing is inserted (UNIQUE(event_id, desk, nonce)): the check-in this request made, if any, is deleted
    again and the first answer is given again (NonceConflict if the first request asked something else).
    A welcome (``audit_action``) is also written to the audit log, only for a new scan (a replayed nonce is not a
    second welcome): on PostgreSQL by a CTE of the scan's own INSERT."""
    values = {"event_id": event.id, "nonce": request.nonce, "desk": request.desk, "status": response["status"],
              "registration_id": registration_id, "fingerprint": fingerprint,
              "check_in_id": check_in.id if check_in else None, "scanned_at": request.scanned_at,
              "recorded_at": utcnow(), "response": json.dumps(response, ensure_ascii=False)}
    audit = audit_action is not None and registration_id is not None
    details = ({"desk": request.desk, "nonce": request.nonce, "offline": request.scanned_at is not None,
                "day": _welcome_day(check_in, event),
                **({"override_event_days": True} if request.override_event_days else {})} if audit else {})
    if _dialect(executor) == "postgresql":
        scan_id = executor.scalar(_statement("record", "postgresql"), values | {
            "audit": audit, "audit_action": audit_action, "audit_actor": request.audit_actor[:80],
            "audit_user_id": request.actor_user_id, "audit_details": clean_details(details),
            "made_check_in_id": check_in.id if check_in else None})
        audit, check_in = False, None  # the audit line written, or the check-in deleted, by the statement
    else:
        scan_id = executor.scalar(_insert(Scan).values(**values)
                                    .on_conflict_do_nothing(index_elements=["event_id", "desk", "nonce"])
                                    .returning(Scan.id))
    if scan_id is None:
        if check_in is not None:
            executor.execute(sa.delete(CheckIn).where(CheckIn.id == check_in.id))
        return _stored_answer(event, request, fingerprint, executor) or response
    if audit and audit_action is not None:
        record_audit(audit_action, target_type="registration", target_id=registration_id, event_id=event.id,
                     actor=request.audit_actor, user_id=request.actor_user_id, details=details)
    return response


def _welcome_day(check_in: _Welcome | None, event: Event | EventFacts) -> str | None:
    return event_day(event, check_in.checked_in_at).isoformat() if check_in is not None else None


# --- undo ---------------------------------------------------------------------

UNDONE = "undone"
NOT_FOUND = "not_found"
NOTHING_TO_UNDO = "nothing_to_undo"


def undo(event: Event, nonce: str, actor: str | None = None, actor_user_id: int | None = None,
         only_desk: str | None = None) -> dict:
    """Reverse the check-in made by the scan with this nonce. Answers undone, not_found or nothing_to_undo
    (that scan welcomed no one, or was undone already). An undo is written to the audit log, by ``actor``
    (default ``desk:<the scan's desk>``). ``only_desk``: the desk whose scan it is (a desk token's own desk;
    nonces are unique per desk); without it, the latest scan of any desk with that nonce."""
    query = sa.select(Scan).where(Scan.event_id == event.id, Scan.nonce == (nonce or "").strip())
    if only_desk is not None:
        query = query.where(Scan.desk == only_desk)
    scan = db.session.scalar(query.order_by(Scan.id.desc()).limit(1).with_for_update())
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

def default_token_expiry(event: Event) -> datetime:
    """A desk token's default end of validity: a day after the event ends."""
    return event.ends_at + DEFAULT_TOKEN_VALIDITY_AFTER_EVENT


def issue_desk_token(event: Event, desk: str, created_by_id: int | None = None,
                     expires_at: datetime | None = None, now: datetime | None = None, *,
                     actor: str | None = None) -> tuple[DeskToken, str]:
    """A new bearer token for one desk of one event: (row, token). Only its hash is kept; show the token once.
    It is valid until ``expires_at`` (default: a day after the event's end), which must be in the future.
    Audit line ``desk_token.issue`` (never the token; ``actor`` None: the logged-in staff member, else ``system``)."""
    desk = (desk or "").strip()
    if not desk or len(desk) > MAX_DESK_LENGTH or not desk.isprintable():
        raise CheckInError(_("Give the desk's name (at most %(count)s characters).", count=MAX_DESK_LENGTH))
    expires_at = expires_at or default_token_expiry(event)
    if expires_at.tzinfo is None or expires_at <= (now or utcnow()):
        raise CheckInError(_("A desk token must be valid until a time in the future (the event is over: "
                             "give its end of validity)."))
    token = secrets.token_urlsafe(32)
    row = DeskToken(event_id=event.id, desk=desk, token_hash=hash_desk_token(token), created_by_id=created_by_id,
                    expires_at=expires_at)
    db.session.add(row)
    db.session.flush()
    record_audit("desk_token.issue", target=row, actor=actor,
                 details={"desk": row.desk, "expires_at": row.expires_at.isoformat()})
    return row, token


def revoke_desk_token(row: DeskToken, *, actor: str | None = None) -> bool:
    """Revoke a token (audit line ``desk_token.revoke``); False when it was revoked already."""
    if row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    db.session.flush()
    record_audit("desk_token.revoke", target=row, actor=actor, details={"desk": row.desk})
    return True


def desk_tokens(event: Event) -> list[DeskToken]:
    return list(db.session.scalars(sa.select(DeskToken).where(DeskToken.event_id == event.id)
                                   .order_by(DeskToken.revoked_at.is_not(None), DeskToken.desk, DeskToken.id)))


def find_desk_token(token: str, now: datetime | None = None) -> DeskToken | None:
    """The active (not revoked, not expired) token row for a bearer token: looked up by its SHA-256, so no
    secret is compared in the database and the time taken does not depend on how much of a guess is right."""
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(sa.select(DeskToken).where(DeskToken.token_hash == hash_desk_token(token))
                            .options(joinedload(DeskToken.event)))
    if row is None or row.revoked_at is not None or row.expires_at <= (now or utcnow()):
        return None
    return row


# --- desk accounts tied to events ------------------------------------------------------

def assigned_event_ids(user_id: int) -> set[int]:
    """The events a desk account is tied to (empty: not tied, it works at every event)."""
    return set(db.session.scalars(sa.select(DeskAssignment.event_id).where(DeskAssignment.user_id == user_id)))


def may_work_at(user, event: Event) -> bool:
    """Whether a staff account may see and scan ``event``: organisers and admins always; a desk account
    tied to events only at those."""
    if user.role != Role.DESK:
        return True
    tied = assigned_event_ids(user.id)
    return not tied or event.id in tied


def assign_desk_user(user, event: Event, *, actor: str | None = None) -> bool:
    """Tie a desk account to an event (audit line ``desk_account.tie``); False if it was already. Only desk
    accounts can be tied."""
    if user.role != Role.DESK:
        raise CheckInError(_("Only desk accounts are tied to events."))
    if event.id in assigned_event_ids(user.id):
        return False
    db.session.add(DeskAssignment(user_id=user.id, event_id=event.id))
    db.session.flush()
    record_audit("desk_account.tie", target=user, event_id=event.id, actor=actor, details={"email": user.email})
    return True


def unassign_desk_user(user, event: Event, *, actor: str | None = None) -> bool:
    """Untie a desk account from an event (audit line ``desk_account.untie``); False if it was not tied."""
    result = db.session.execute(sa.delete(DeskAssignment).where(DeskAssignment.user_id == user.id,
                                                                DeskAssignment.event_id == event.id))
    db.session.flush()
    if affected_rows(result) == 0:
        return False
    record_audit("desk_account.untie", target=user, event_id=event.id, actor=actor, details={"email": user.email})
    return True


def touch_desk_token(row: DeskToken, now: datetime | None = None) -> None:
    """Remember when a token was last used (at most once a minute, to spare the database a write per scan)."""
    now = now or utcnow()
    if row.last_used_at is None or now - row.last_used_at > TOKEN_TOUCH_INTERVAL:
        row.last_used_at = now
        db.session.flush()
