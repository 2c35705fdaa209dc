"""Meeting operations: profiles, requests and their answers, protocol meetings, and the organisers' settings.

Each flushes and lets the caller commit, writes its audit line, and queues the mails of the people concerned
(``app.meetings.mails``) in the same transaction. Accepting locks the request row (``SELECT … FOR UPDATE``)
and the two registrations: two heads accepting at the same instant produce one meeting, the second is told
the request was answered; ``meeting.request_id`` is unique besides.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.audit.operations import record_audit
from app.core.db import utcnow
from app.core.extensions import db
from app.events.models import Event
from app.meetings import access, mails
from app.meetings.models import (
    CooperationProfile,
    Interpreter,
    InterpreterAvailability,
    Meeting,
    MeetingBlock,
    MeetingRequest,
    MeetingSettings,
    MeetingStatus,
    MeetingTable,
    MeetingTheme,
    RequestStatus,
)
from app.people.models import Collectivite
from app.registration.models import ACTIVE_STATUSES, Registration

LANGUAGE_CODE_LENGTH = 2


class MeetingError(Exception):
    """A refused meeting action; ``code`` names the reason (``app.meetings.messages`` words it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# --- settings -------------------------------------------------------------------------------------------------

def settings_for(event: Event) -> MeetingSettings:
    """The event's meeting settings; the defaults (not saved: reading changes nothing) when none were saved."""
    found = db.session.get(MeetingSettings, event.id)
    if found is None:
        return MeetingSettings(event_id=event.id, slot_minutes=30, max_meetings_per_person=None, requests_open=True)
    return found


def save_settings(event: Event, *, slot_minutes: int, max_meetings_per_person: int | None, requests_open: bool,
                  actor: str) -> MeetingSettings:
    if not 5 <= slot_minutes <= 240 or (max_meetings_per_person is not None and max_meetings_per_person < 0):
        raise MeetingError("bad_settings")
    settings = settings_for(event)
    if settings not in db.session:
        db.session.add(settings)
    settings.slot_minutes = slot_minutes
    settings.max_meetings_per_person = max_meetings_per_person
    settings.requests_open = requests_open
    db.session.flush()
    record_audit("meetings.settings", target_type="event", target_id=event.id, event_id=event.id, actor=actor,
                 details={"slot_minutes": slot_minutes, "max_meetings_per_person": max_meetings_per_person,
                          "requests_open": requests_open})
    return settings


def add_theme(event: Event, name_fr: str, name_en: str | None, *, actor: str) -> MeetingTheme:
    if not name_fr.strip():
        raise MeetingError("theme_name")
    if db.session.scalar(sa.select(MeetingTheme.id).where(MeetingTheme.event_id == event.id,
                                                          MeetingTheme.name_fr == name_fr.strip())):
        raise MeetingError("theme_exists")
    position = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(MeetingTheme.position), 0))
                                 .where(MeetingTheme.event_id == event.id)) or 0
    theme = MeetingTheme(event_id=event.id, name_fr=name_fr.strip(), name_en=(name_en or "").strip() or None,
                         position=position + 1)
    db.session.add(theme)
    db.session.flush()
    record_audit("meetings.theme_added", target=theme, actor=actor, details={"name_fr": theme.name_fr})
    return theme


def add_block(event: Event, starts_at: datetime, ends_at: datetime, *, actor: str) -> MeetingBlock:
    if ends_at <= starts_at:
        raise MeetingError("block_order")
    if starts_at < event.starts_at - timedelta(days=1) or ends_at > event.ends_at + timedelta(days=1):
        raise MeetingError("block_outside_event")
    overlapping = db.session.scalar(sa.select(MeetingBlock.id).where(
        MeetingBlock.event_id == event.id, MeetingBlock.active, MeetingBlock.starts_at < ends_at,
        MeetingBlock.ends_at > starts_at))
    if overlapping:
        raise MeetingError("block_overlaps")
    block = MeetingBlock(event_id=event.id, starts_at=starts_at, ends_at=ends_at)
    db.session.add(block)
    db.session.flush()
    record_audit("meetings.block_added", target=block, actor=actor,
                 details={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()})
    return block


def add_table(event: Event, number: int, room: str, *, actor: str) -> MeetingTable:
    if number <= 0:
        raise MeetingError("table_number")
    if db.session.scalar(sa.select(MeetingTable.id).where(MeetingTable.event_id == event.id,
                                                          MeetingTable.number == number)):
        raise MeetingError("table_exists")
    table = MeetingTable(event_id=event.id, number=number, room=room.strip(), active=True)
    db.session.add(table)
    db.session.flush()
    record_audit("meetings.table_added", target=table, actor=actor, details={"number": number, "room": table.room})
    return table


ListItem = MeetingTheme | MeetingBlock | MeetingTable | Interpreter
ITEM_KINDS = {MeetingTheme: "theme", MeetingBlock: "block", MeetingTable: "table", Interpreter: "interpreter"}


def set_active(item: ListItem, active: bool, *, actor: str) -> None:
    """Remove a theme, block, table or interpreter (no longer offered, no longer scheduled on; what used it keeps
    it), or restore it. A restored block must not overlap another block in use."""
    if active and isinstance(item, MeetingBlock) and db.session.scalar(sa.select(MeetingBlock.id).where(
            MeetingBlock.event_id == item.event_id, MeetingBlock.id != item.id, MeetingBlock.active,
            MeetingBlock.starts_at < item.ends_at, MeetingBlock.ends_at > item.starts_at)):
        raise MeetingError("block_overlaps")
    item.active = active
    db.session.flush()
    record_audit("meetings.item_" + ("restored" if active else "removed"), target=item, actor=actor,
                 details={"kind": ITEM_KINDS[type(item)]})


def parse_language_pairs(text: str) -> str:
    """``"fr-vi, FR-en"`` → ``"fr-en fr-vi"``; an unreadable pair is refused."""
    pairs = set()
    for item in text.replace(",", " ").split():
        codes = item.lower().split("-")
        if len(codes) != 2 or codes[0] == codes[1] or not all(
                len(code) == LANGUAGE_CODE_LENGTH and code.isalpha() and code.isascii() for code in codes):
            raise MeetingError("language_pair")
        pairs.add("-".join(sorted(codes)))
    return " ".join(sorted(pairs))


def parse_languages(text: str) -> str:
    codes = set()
    for item in text.replace(",", " ").split():
        code = item.lower()
        if len(code) != LANGUAGE_CODE_LENGTH or not code.isalpha() or not code.isascii():
            raise MeetingError("language_code")
        codes.add(code)
    return " ".join(sorted(codes))


def add_interpreter(event: Event, name: str, email: str | None, language_pairs: str,
                    windows: list[tuple[datetime, datetime]], *, actor: str) -> Interpreter:
    if not name.strip():
        raise MeetingError("interpreter_name")
    pairs = parse_language_pairs(language_pairs)
    if not pairs:
        raise MeetingError("language_pair")
    if any(end <= start for start, end in windows):
        raise MeetingError("block_order")
    interpreter = Interpreter(event_id=event.id, name=name.strip(), email=(email or "").strip() or None,
                              language_pairs=pairs, active=True)
    interpreter.availability = [InterpreterAvailability(starts_at=start, ends_at=end) for start, end in windows]
    db.session.add(interpreter)
    db.session.flush()
    record_audit("meetings.interpreter_added", target=interpreter, actor=actor,
                 details={"name": interpreter.name, "pairs": pairs, "windows": len(windows)})
    return interpreter


# --- profiles -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProfileData:
    theme_ids: list[int]
    existing_partners: str
    looking_for: str
    languages: str  # as typed: "fr, en"


def profile_of(event: Event, collectivite: Collectivite) -> CooperationProfile | None:
    return db.session.scalar(sa.select(CooperationProfile).where(
        CooperationProfile.event_id == event.id, CooperationProfile.collectivite_id == collectivite.id))


def save_profile(registration: Registration, collectivite: Collectivite, data: ProfileData, *,
                 actor: str) -> CooperationProfile:
    """The collectivité's profile for the registrant's event, saved by one who speaks for it."""
    event = registration.event
    if collectivite.id not in {item.id for item in access.collectivites_of(registration)}:
        raise MeetingError("not_yours")
    themes = list(db.session.scalars(sa.select(MeetingTheme).where(
        MeetingTheme.event_id == event.id, MeetingTheme.active, MeetingTheme.id.in_(data.theme_ids or [0]))))
    if len(themes) != len(set(data.theme_ids)):
        raise MeetingError("unknown_theme")
    languages = parse_languages(data.languages)
    profile = profile_of(event, collectivite)
    if profile is None:
        profile = CooperationProfile(event_id=event.id, collectivite_id=collectivite.id)
        db.session.add(profile)
    wanted = (sorted(theme.id for theme in themes), data.existing_partners.strip() or None,
              data.looking_for.strip() or None, languages)
    if profile.id is not None and wanted == (sorted(theme.id for theme in profile.themes), profile.existing_partners,
                                             profile.looking_for, profile.languages):
        return profile  # saved unchanged: nothing to write
    profile.themes = sorted(themes, key=lambda theme: theme.position)
    profile.existing_partners, profile.looking_for, profile.languages = wanted[1], wanted[2], languages
    profile.updated_by_person_id = registration.person_id
    db.session.flush()
    record_audit("meetings.profile_saved", target=profile, actor=actor,
                 details={"collectivite_id": collectivite.id, "themes": [theme.id for theme in themes],
                          "by_registration": registration.id})
    return profile


# --- requests -------------------------------------------------------------------------------------------------

def _requests_open(event: Event) -> None:
    if not event.profile.has_meetings:
        raise MeetingError("no_meetings")
    if not settings_for(event).requests_open:
        raise MeetingError("requests_closed")


def _active(registration: Registration | None) -> bool:
    return registration is not None and registration.status in ACTIVE_STATUSES


def ask(asked_by: Registration, on_behalf_of: Registration, *, to_collectivite: Collectivite | None = None,
        to_registration: Registration | None = None, message: str = "", actor: str) -> MeetingRequest:
    """``asked_by`` (for themself or, as head, for a member) asks to meet a collectivité or a named registrant.

    When the other side has already asked for ``on_behalf_of`` (or its collectivité), the two wishes are
    mutual: that request is accepted at once, flagged mutual, and returned (no second request).
    """
    event = asked_by.event
    _requests_open(event)
    if on_behalf_of.id not in {item.id for item in access.represented(asked_by)} or not _active(on_behalf_of):
        raise MeetingError("not_yours")
    if (to_collectivite is None) == (to_registration is None):
        raise MeetingError("no_target")
    side = access.registration_side(on_behalf_of)
    if to_registration is not None:
        if to_registration.event_id != event.id or not _active(to_registration):
            raise MeetingError("unknown_target")
        if to_registration.id == on_behalf_of.id or (
                on_behalf_of.person.collectivite_id is not None
                and to_registration.person.collectivite_id == on_behalf_of.person.collectivite_id):
            raise MeetingError("self")
        if not access.may_meet(event, side, access.registration_side(to_registration)):
            raise MeetingError("same_side")
    if to_collectivite is not None:
        if access.belongs_to(on_behalf_of, to_collectivite.id):
            raise MeetingError("self")
        if not access.may_meet(event, side, access.collectivite_side(event, to_collectivite)):
            raise MeetingError("same_side")
    reverse = _reverse_request(on_behalf_of, to_collectivite, to_registration)
    if reverse is not None:
        meeting = accept(reverse, by=asked_by, attendee=on_behalf_of, actor=actor, mutual=True)
        return meeting.request
    if _open_request_exists(on_behalf_of, to_collectivite, to_registration):
        raise MeetingError("already_asked")
    request = MeetingRequest(event_id=event.id, from_registration_id=on_behalf_of.id,
                             asked_by_person_id=asked_by.person_id,
                             to_collectivite_id=to_collectivite.id if to_collectivite else None,
                             to_registration_id=to_registration.id if to_registration else None,
                             message=message.strip() or None, status=RequestStatus.REQUESTED)
    db.session.add(request)
    db.session.flush()
    record_audit("meetings.requested", target=request, actor=actor,
                 details={"from": on_behalf_of.id, "asked_by_person": asked_by.person_id,
                          "to_collectivite": request.to_collectivite_id, "to_registration": request.to_registration_id})
    mails.queue_request_mail(request, "requested")
    return request


def _open_request_exists(origin: Registration, to_collectivite: Collectivite | None,
                         to_registration: Registration | None) -> bool:
    query = sa.select(MeetingRequest.id).where(MeetingRequest.from_registration_id == origin.id,
                                               MeetingRequest.status.in_(("requested", "accepted")))
    if to_collectivite is not None:
        query = query.where(MeetingRequest.to_collectivite_id == to_collectivite.id)
    else:
        assert to_registration is not None
        query = query.where(MeetingRequest.to_registration_id == to_registration.id)
    return db.session.scalar(query) is not None


def _reverse_request(origin: Registration, to_collectivite: Collectivite | None,
                     to_registration: Registration | None) -> MeetingRequest | None:
    """A request still waiting from the other side to ``origin`` (by name or by collectivité)."""
    reaches_origin = sa.and_(MeetingRequest.to_collectivite_id.is_(None), MeetingRequest.to_registration_id == origin.id)
    if origin.person.collectivite_id is not None:
        reaches_origin = sa.or_(reaches_origin, MeetingRequest.to_collectivite_id == origin.person.collectivite_id)
    query = sa.select(MeetingRequest).where(MeetingRequest.event_id == origin.event_id,
                                            MeetingRequest.status == RequestStatus.REQUESTED, reaches_origin)
    if to_registration is not None:
        query = query.where(MeetingRequest.from_registration_id == to_registration.id)
    else:
        assert to_collectivite is not None
        query = query.join(Registration, Registration.id == MeetingRequest.from_registration_id).where(
            Registration.person.has(collectivite_id=to_collectivite.id))
    return db.session.scalars(query.order_by(MeetingRequest.id)).first()


def may_answer(registration: Registration, request: MeetingRequest) -> bool:
    """The registrant is the named person, their head, or (for a request to a collectivité) one who speaks for it."""
    if request.event_id != registration.event_id:
        return False
    mine = {item.id for item in access.represented(registration)}
    if request.to_collectivite_id is None:
        return request.to_registration_id in mine
    return any(access.belongs_to(item, request.to_collectivite_id) for item in access.represented(registration))


def may_withdraw(registration: Registration, request: MeetingRequest) -> bool:
    return request.from_registration_id in {item.id for item in access.represented(registration)}


def _lock_request(request: MeetingRequest) -> MeetingRequest:
    """The request's row, locked until commit, as it is now in the database (PostgreSQL; SQLite serialises writes)."""
    locked = db.session.scalars(sa.select(MeetingRequest).where(MeetingRequest.id == request.id)
                                .with_for_update().execution_options(populate_existing=True)).one()
    return locked


def _lock_registrations(*registrations: Registration) -> None:
    ids = sorted({registration.id for registration in registrations})
    db.session.execute(sa.select(Registration.id).where(Registration.id.in_(ids))
                       .order_by(Registration.id).with_for_update())


def meetings_count(registration: Registration) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Meeting).where(
        Meeting.status != MeetingStatus.CANCELLED,
        sa.or_(Meeting.side_a_registration_id == registration.id,
               Meeting.side_b_registration_id == registration.id))) or 0


def _check_maximum(event: Event, *registrations: Registration) -> None:
    maximum = settings_for(event).max_meetings_per_person
    if maximum is None:
        return
    if any(meetings_count(registration) >= maximum for registration in registrations):
        raise MeetingError("maximum_reached")


def accept(request: MeetingRequest, *, by: Registration, attendee: Registration | None = None, actor: str,
           mutual: bool = False) -> Meeting:
    """Accept for the other side; ``attendee`` is who will attend (the named person, or for a collectivité one of
    the registrants ``by`` speaks for; ``by`` themself by default). Returns the one meeting of the request."""
    event = by.event
    _requests_open(event)
    request = _lock_request(request)
    if request.status != RequestStatus.REQUESTED:
        raise MeetingError("already_answered")
    if not may_answer(by, request):
        raise MeetingError("not_yours")
    if request.to_registration_id is not None and request.to_collectivite_id is None:
        attendee = request.to_registration
    attendee = attendee or by
    assert attendee is not None
    if attendee.id not in {item.id for item in access.represented(by)} or not _active(attendee):
        raise MeetingError("not_yours")
    if request.to_collectivite_id is not None and not access.belongs_to(attendee, request.to_collectivite_id):
        raise MeetingError("not_yours")
    origin = request.from_registration
    if not _active(origin):
        raise MeetingError("unknown_target")
    _lock_registrations(origin, attendee)
    _check_maximum(event, origin, attendee)
    request.status = RequestStatus.ACCEPTED
    request.to_registration_id = attendee.id
    request.answered_by_person_id = by.person_id
    request.answered_at = utcnow()
    request.mutual = request.mutual or mutual
    meeting = Meeting(event_id=event.id, request_id=request.id, side_a_registration_id=origin.id,
                      side_b_registration_id=attendee.id, status=MeetingStatus.UNSCHEDULED)
    db.session.add(meeting)
    db.session.flush()
    record_audit("meetings.accepted", target=request, actor=actor,
                 details={"meeting": meeting.id, "attendee": attendee.id, "mutual": request.mutual})
    mails.queue_request_mail(request, "accepted")
    return meeting


def decline(request: MeetingRequest, *, by: Registration, reason: str = "", actor: str) -> MeetingRequest:
    request = _lock_request(request)
    if request.status != RequestStatus.REQUESTED:
        raise MeetingError("already_answered")
    if not may_answer(by, request):
        raise MeetingError("not_yours")
    request.status = RequestStatus.DECLINED
    request.reason = reason.strip()[:500] or None
    request.answered_by_person_id = by.person_id
    request.answered_at = utcnow()
    db.session.flush()
    record_audit("meetings.declined", target=request, actor=actor, details={"reason": request.reason})
    mails.queue_request_mail(request, "declined")
    return request


def cancel(request: MeetingRequest, *, by: Registration | None, reason: str = "", actor: str) -> MeetingRequest:
    """Withdraw a request, or call off an accepted meeting (either side; organisers with ``by=None``)."""
    request = _lock_request(request)
    if request.status not in (RequestStatus.REQUESTED, RequestStatus.ACCEPTED):
        raise MeetingError("already_answered")
    if by is not None and not (may_withdraw(by, request) or (
            request.status == RequestStatus.ACCEPTED and may_answer(by, request))):
        raise MeetingError("not_yours")
    request.status = RequestStatus.CANCELLED
    request.reason = reason.strip()[:500] or None
    meeting = request.meeting
    if meeting is not None:
        meeting.status = MeetingStatus.CANCELLED
        meeting.pinned = False
        meeting.sequence += 1
    db.session.flush()
    record_audit("meetings.cancelled", target=request, actor=actor,
                 details={"reason": request.reason, "by_registration": by.id if by else None,
                          "meeting": meeting.id if meeting else None})
    mails.queue_request_mail(request, "cancelled")
    return request


def restore(request: MeetingRequest, *, actor: str) -> MeetingRequest:
    """Organisers undo a cancellation: the request is open again (or its meeting back, unscheduled)."""
    request = _lock_request(request)
    if request.status != RequestStatus.CANCELLED:
        raise MeetingError("not_cancelled")
    if request.meeting is not None:
        _check_maximum(request.event, request.meeting.side_a, request.meeting.side_b)
        request.status = RequestStatus.ACCEPTED
        request.meeting.status = MeetingStatus.UNSCHEDULED
        request.meeting.published = False
    else:
        request.status = RequestStatus.REQUESTED
    request.reason = None
    db.session.flush()
    record_audit("meetings.restored", target=request, actor=actor)
    return request


def create_protocol_meeting(event: Event, side_a: Registration, side_b: Registration, *, message: str = "",
                            actor: str) -> Meeting:
    """Organisers create a meeting directly (heads of delegation…): an accepted, protocol request and its meeting."""
    if side_a.id == side_b.id:
        raise MeetingError("self")
    if side_a.event_id != event.id or side_b.event_id != event.id or not (_active(side_a) and _active(side_b)):
        raise MeetingError("unknown_target")
    if db.session.scalar(sa.select(MeetingRequest.id).where(
            MeetingRequest.status.in_(("requested", "accepted")), MeetingRequest.to_collectivite_id.is_(None),
            sa.or_(sa.and_(MeetingRequest.from_registration_id == side_a.id,
                           MeetingRequest.to_registration_id == side_b.id),
                   sa.and_(MeetingRequest.from_registration_id == side_b.id,
                           MeetingRequest.to_registration_id == side_a.id)))):
        raise MeetingError("already_asked")
    _lock_registrations(side_a, side_b)
    request = MeetingRequest(event_id=event.id, from_registration_id=side_a.id, to_registration_id=side_b.id,
                             message=message.strip() or None, status=RequestStatus.ACCEPTED, protocol=True,
                             answered_at=utcnow())
    db.session.add(request)
    db.session.flush()
    meeting = Meeting(event_id=event.id, request_id=request.id, side_a_registration_id=side_a.id,
                      side_b_registration_id=side_b.id, status=MeetingStatus.UNSCHEDULED)
    db.session.add(meeting)
    db.session.flush()
    record_audit("meetings.protocol_created", target=request, actor=actor,
                 details={"meeting": meeting.id, "side_a": side_a.id, "side_b": side_b.id})
    mails.queue_request_mail(request, "protocol")
    return meeting


# --- organisers place a meeting by hand -----------------------------------------------------------------------

def slot_starts(event: Event) -> list[datetime]:
    """Every slot start of the event: each block in use cut into slots of the event's length (a last partial
    slot is dropped)."""
    length = timedelta(minutes=settings_for(event).slot_minutes)
    starts = []
    for block in db.session.scalars(sa.select(MeetingBlock).where(MeetingBlock.event_id == event.id,
                                                                  MeetingBlock.active)
                                    .order_by(MeetingBlock.starts_at)):
        start = block.starts_at
        while start + length <= block.ends_at:
            starts.append(start)
            start += length
    return starts


def pin(meeting: Meeting, starts_at: datetime, table: MeetingTable, interpreter: Interpreter | None = None, *,
        actor: str) -> Meeting:
    """Place a meeting at a slot and a table (and an interpreter) by hand; the scheduler leaves it there.
    A published meeting that moves gets its calendar ``sequence`` bumped."""
    event = meeting.event
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingError("cancelled")
    if starts_at not in slot_starts(event):
        raise MeetingError("not_a_slot")
    if table.event_id != event.id or not table.active:
        raise MeetingError("unknown_table")
    if interpreter is not None and (interpreter.event_id != event.id or not interpreter.active):
        raise MeetingError("unknown_interpreter")
    others = sa.select(Meeting).where(Meeting.id != meeting.id, Meeting.status == MeetingStatus.SCHEDULED,
                                      Meeting.starts_at == starts_at)
    if db.session.scalar(others.where(Meeting.table_id == table.id)) is not None:
        raise MeetingError("table_taken")
    if interpreter is not None and db.session.scalar(others.where(Meeting.interpreter_id == interpreter.id)):
        raise MeetingError("interpreter_taken")
    sides = (meeting.side_a_registration_id, meeting.side_b_registration_id)
    if db.session.scalar(others.where(sa.or_(Meeting.side_a_registration_id.in_(sides),
                                             Meeting.side_b_registration_id.in_(sides)))) is not None:
        raise MeetingError("person_taken")
    moved = meeting.published and (meeting.starts_at != starts_at or meeting.table_id != table.id)
    meeting.status = MeetingStatus.SCHEDULED
    meeting.starts_at = starts_at
    meeting.table_id = table.id
    meeting.interpreter_id = interpreter.id if interpreter else None
    meeting.pinned = True
    meeting.unplaced_reason = None
    if moved:
        meeting.sequence += 1
    db.session.flush()
    record_audit("meetings.pinned", target=meeting, actor=actor,
                 details={"starts_at": starts_at.isoformat(), "table": table.number,
                          "interpreter": interpreter.id if interpreter else None})
    return meeting


def unpin(meeting: Meeting, *, actor: str) -> Meeting:
    meeting.pinned = False
    db.session.flush()
    record_audit("meetings.unpinned", target=meeting, actor=actor)
    return meeting


def publish(meeting: Meeting, *, actor: str) -> Meeting:
    """Show a placed meeting to both sides (their private pages)."""
    if meeting.status != MeetingStatus.SCHEDULED:
        raise MeetingError("not_placed")
    if not meeting.published:
        meeting.published = True
        meeting.published_at = utcnow()
        db.session.flush()
        record_audit("meetings.published", target=meeting, actor=actor)
    return meeting


def unpublish(meeting: Meeting, *, actor: str) -> Meeting:
    if meeting.published:
        meeting.published = False
        db.session.flush()
        record_audit("meetings.unpublished", target=meeting, actor=actor)
    return meeting
