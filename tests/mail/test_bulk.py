"""Bulk mail: enqueue_many, suppression at queueing and at sending, streams (pause, resume, progress, rate)."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.db import utcnow
from app.core.extensions import db
from app.mail.models import OutboxMessage, OutboxStatus
from app.mail.outbox import (
    NewMail,
    OutboxError,
    enqueue,
    enqueue_many,
    is_suppressed,
    pause_stream,
    resume_stream,
    send_due,
    set_stream_rate,
    stream_progress,
)
from app.mail.suppression import opt_out, record_bounce


def statuses_by_address() -> dict[str, OutboxStatus]:
    db.session.expire_all()
    return dict(db.session.execute(sa.select(OutboxMessage.to_address, OutboxMessage.status)).tuples())


def test_enqueue_many_keeps_order_dedupes_and_suppresses(app):
    opt_out("gone@example.org", actor="test", how="page")
    record_bounce("Bounced@Example.org", hard=True, status="5.1.1", diagnostic="no such user", actor="test")
    db.session.commit()
    first = enqueue("a@example.org", "Hello", "Body", dedupe_key="campaign-1-a", bulk=True, stream="campaign-1")
    mails = [NewMail("a@example.org", "Hello", "Body", dedupe_key="campaign-1-a", bulk=True, stream="campaign-1"),
             NewMail("b@example.org", "Hello", "Body", dedupe_key="campaign-1-b", bulk=True, stream="campaign-1"),
             NewMail("gone@example.org", "Hello", "Body", bulk=True, stream="campaign-1"),
             NewMail("bounced@example.org", "Hello", "Body", bulk=True, stream="campaign-1"),
             NewMail("gone@example.org", "Your registration", "Body"),  # transactional: never suppressed
             NewMail("b@example.org", "Hello", "Body", dedupe_key="campaign-1-b", bulk=True, stream="campaign-1")]

    ids = enqueue_many(mails)
    db.session.commit()

    assert ids[0] == first.id and ids[1] == ids[5] and len(set(ids)) == 5
    rows = {row.id: row for row in db.session.scalars(sa.select(OutboxMessage))}
    assert [rows[i].status for i in ids[1:5]] == [OutboxStatus.PENDING, OutboxStatus.SUPPRESSED,
                                                  OutboxStatus.SUPPRESSED, OutboxStatus.PENDING]
    assert rows[ids[1]].bulk and rows[ids[1]].stream == "campaign-1" and not rows[ids[4]].bulk
    assert stream_progress("campaign-1")[OutboxStatus.SUPPRESSED] == 2
    assert stream_progress("campaign-1")[OutboxStatus.PENDING] == 2
    assert is_suppressed("GONE@example.org") and not is_suppressed("a@example.org")


def test_enqueue_many_refuses_a_bad_address_and_writes_nothing(app):
    with pytest.raises(OutboxError):
        enqueue_many([NewMail("ok@example.org", "S", "B"), NewMail("not an address", "S", "B")])
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_a_stream_name_longer_than_100_characters_is_refused(app):
    with pytest.raises(OutboxError):
        enqueue("a@example.org", "S", "B", stream="x" * 101)


def test_opt_out_after_queueing_suppresses_at_sending(app, smtp_server):
    enqueue("late@example.org", "Invitation", "Body", bulk=True, stream="campaign-2")
    enqueue("late@example.org", "Your badge", "Body")
    db.session.commit()
    opt_out("late@example.org", actor="test", how="page")
    db.session.commit()

    report = send_due(now=utcnow())

    assert (report.sent, report.suppressed) == (1, 1)
    assert [received["Subject"] for received in smtp_server.messages] == ["Your badge"]


def test_paused_stream_waits_and_resumes(app, smtp_server):
    enqueue_many([NewMail(f"p{n}@example.org", "Invitation", "Body", bulk=True, stream="campaign-3") for n in range(3)]
                 + [NewMail("other@example.org", "Confirmation", "Body")])
    pause_stream("campaign-3")
    db.session.commit()

    assert send_due(now=utcnow()).sent == 1
    assert stream_progress("campaign-3")[OutboxStatus.PENDING] == 3

    resume_stream("campaign-3")
    db.session.commit()
    assert send_due(now=utcnow()).sent == 3
    assert stream_progress("campaign-3")[OutboxStatus.SENT] == 3


def test_rate_limit_caps_a_stream_per_minute(app, smtp_server):
    enqueue_many([NewMail(f"r{n}@example.org", "Invitation", "Body", bulk=True, stream="campaign-4") for n in range(5)])
    set_stream_rate("campaign-4", 2)
    db.session.commit()
    now = utcnow()

    assert send_due(now=now).sent == 2
    assert send_due(now=now + timedelta(seconds=30)).sent == 0  # the minute's budget is spent
    assert send_due(now=now + timedelta(seconds=61)).sent == 2
    set_stream_rate("campaign-4", None)
    db.session.commit()
    assert send_due(now=now + timedelta(seconds=62)).sent == 1
    assert len(smtp_server.messages) == 5
