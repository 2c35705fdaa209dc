"""Streams: messages grouped by a name (``"campaign-12"``) that can be paused, resumed, rate-limited and followed.

A stream needs no creation: messages name it when queued; a ``MailStream`` row appears when someone
pauses it or sets its rate. The sender skips paused streams and, for a stream limited to N mails a
minute, claims at most N minus what was sent (or is being sent) in the last 60 seconds, under a lock
on the stream's row, so that several senders on several hosts share the limit.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.audit.operations import record_audit
from app.core.extensions import db
from app.mail.models import MailStream, OutboxMessage, OutboxStatus

MAX_STREAM_LENGTH = 100
RATE_WINDOW = timedelta(minutes=1)


def _check_name(stream: str) -> str:
    if not stream or len(stream) > MAX_STREAM_LENGTH:
        raise ValueError(f"a stream name has 1 to {MAX_STREAM_LENGTH} characters, not {stream!r}")
    return stream


def _stream_row(stream: str) -> MailStream:
    row = db.session.get(MailStream, _check_name(stream))
    if row is not None:
        return row
    row = MailStream(name=stream, paused=False)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except sa.exc.IntegrityError:
        found = db.session.get(MailStream, stream)
        if found is None:
            raise
        return found
    return row


def _audit(action: str, stream: str, actor: str | None, **details: object) -> None:
    record_audit(action, target_type="mail_stream", actor=actor, details={"stream": stream, **details})


def pause_stream(stream: str, *, actor: str | None = None) -> None:
    """The sender stops claiming this stream's messages (those in flight finish). Flushes; the caller commits."""
    row = _stream_row(stream)
    if not row.paused:
        row.paused = True
        _audit("mail.stream_paused", stream, actor)
    db.session.flush()


def resume_stream(stream: str, *, actor: str | None = None) -> None:
    """The sender takes the stream's messages again. Flushes; the caller commits."""
    row = db.session.get(MailStream, _check_name(stream))
    if row is not None and row.paused:
        row.paused = False
        _audit("mail.stream_resumed", stream, actor)
        db.session.flush()


def is_paused(stream: str) -> bool:
    return bool(db.session.scalar(sa.select(MailStream.paused).where(MailStream.name == stream)))


def set_stream_rate(stream: str, per_minute: int | None, *, actor: str | None = None) -> None:
    """At most ``per_minute`` mails of this stream a minute, across every sender (None: no limit)."""
    if per_minute is not None and per_minute < 1:
        raise ValueError("a rate is at least 1 mail a minute")
    row = _stream_row(stream)
    if row.rate_per_minute != per_minute:
        row.rate_per_minute = per_minute
        _audit("mail.stream_rate", stream, actor, per_minute=per_minute)
    db.session.flush()


def stream_rate(stream: str) -> int | None:
    return db.session.scalar(sa.select(MailStream.rate_per_minute).where(MailStream.name == stream))


def stream_progress(stream: str) -> dict[OutboxStatus, int]:
    """How many of the stream's messages are in each status (every status present, 0 when none)."""
    rows = db.session.execute(sa.select(OutboxMessage.status, sa.func.count())
                              .where(OutboxMessage.stream == stream).group_by(OutboxMessage.status))
    progress = {status: 0 for status in OutboxStatus}
    progress.update({status: count for status, count in rows})
    return progress


@dataclass(frozen=True)
class StreamSummary:
    """A stream's progress as organisers read it (campaigns, messages to registrants): one home for the rule."""

    total: int
    sent: int
    waiting: int  # pending or being sent
    failed: int
    suppressed: int  # opted out or bounced for good: never sent
    paused: bool

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.suppressed

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def sending(self) -> bool:
        """Still has mails to send (or is paused with some left): the page offers Pause or Resume."""
        return self.waiting > 0


def _summary(counts: dict[OutboxStatus, int], paused: bool) -> StreamSummary:
    return StreamSummary(total=sum(counts.values()), sent=counts.get(OutboxStatus.SENT, 0),
                         waiting=counts.get(OutboxStatus.PENDING, 0) + counts.get(OutboxStatus.SENDING, 0),
                         failed=counts.get(OutboxStatus.FAILED, 0), suppressed=counts.get(OutboxStatus.SUPPRESSED, 0),
                         paused=paused)


def stream_summary(stream: str) -> StreamSummary:
    return _summary(stream_progress(stream), is_paused(stream))


def stream_summaries(streams: Iterable[str]) -> dict[str, StreamSummary]:
    """The summaries of many streams in two queries (a page listing messages)."""
    names = sorted(set(streams))
    if not names:
        return {}
    counts: dict[str, dict[OutboxStatus, int]] = {name: {} for name in names}
    for start in range(0, len(names), 500):
        chunk = names[start:start + 500]
        rows = db.session.execute(sa.select(OutboxMessage.stream, OutboxMessage.status, sa.func.count())
                                  .where(OutboxMessage.stream.in_(chunk))
                                  .group_by(OutboxMessage.stream, OutboxMessage.status))
        for name, status, count in rows:
            if name is not None:
                counts[name][status] = count
    paused = set(paused_streams())
    return {name: _summary(counts[name], name in paused) for name in names}


def paused_streams() -> list[str]:
    return list(db.session.scalars(sa.select(MailStream.name).where(MailStream.paused)))


def rate_limited_streams(*, lock: bool) -> dict[str, int]:
    """Unpaused streams with a rate; with ``lock`` (PostgreSQL), their rows stay locked until the claim commits,
    so that two senders never both spend the same minute's budget."""
    query = sa.select(MailStream.name, MailStream.rate_per_minute).where(
        MailStream.rate_per_minute.is_not(None), sa.not_(MailStream.paused)).order_by(MailStream.name)
    if lock:
        query = query.with_for_update()
    return {name: rate for name, rate in db.session.execute(query) if rate is not None}


def budget(stream: str, rate: int, now: datetime) -> int:
    """How many more of the stream's messages may be claimed now: the rate minus those sent in the last
    minute and those claimed by a sender that holds them."""
    used = db.session.scalar(sa.select(sa.func.count()).where(
        OutboxMessage.stream == stream,
        sa.or_(sa.and_(OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at > now - RATE_WINDOW),
               sa.and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.locked_until > now))))
    return max(rate - (used or 0), 0)
