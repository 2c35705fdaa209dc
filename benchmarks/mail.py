"""The outbox against a local aiosmtpd: queueing a campaign, then sending it, beside a bare smtplib loop.

    .venv/bin/python benchmarks/mail.py [--messages 3400] [--database-url postgresql://…]

1. Queueing: ``enqueue_many`` of N bulk messages (a campaign to N contacts, each with its own text)
   in one transaction, timed (target: 3,400 in well under 10 s).
2. Sending: what ``flask --app wsgi mail send`` does (``send_due`` in a loop: claim a batch, build each
   multipart message with its opt-out headers and footer, send it on ONE SMTP connection, commit its
   status), to an aiosmtpd on 127.0.0.1 (benchmarks/smtp_sink.py, its own process) that counts what it
   accepts (target: ≥ 50 mails/s).
3. Baseline, in the same run and to the same server: a bare ``smtplib`` loop over one connection sending
   the very same messages, already built (bytes): the floor for SMTP on this machine.

Prints the queueing time, mails/s for both and their ratio. ``benchmarks/run.py`` runs it on its demo
database too. Nothing is left running (the server stops in ``finally``).
"""
from __future__ import annotations

import argparse
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.core.extensions import db, mail  # noqa: E402

STREAM = "benchmark-campaign"
BODY = ("Madame, Monsieur {n},\n\nLe réseau a le plaisir de vous inviter à ses Rencontres à Hà Nội, du 4 au 6 juin.\n"
        "Inscrivez-vous ici : https://rencontres.example.org/raict/raict-2027/register?n={n}\n\n"
        "Avec nos salutations les plus cordiales,\nLe secrétariat du réseau\n")


class Sink:
    """benchmarks/smtp_sink.py in a subprocess: a counting aiosmtpd that does not share our GIL."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("smtp_sink.py")), str(self.port)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None and self.process.stdout.readline().strip() == "ready"

    def count(self) -> int:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def queue(count: int) -> float:
    from app.mail.outbox import NewMail, enqueue_many

    mails = [NewMail(f"contact{n}@example.org", f"Invitation aux Rencontres — {n}", BODY.format(n=n),
                     language="fr" if n % 3 else "en", bulk=True, stream=STREAM) for n in range(count)]
    started = time.perf_counter()
    enqueue_many(mails)
    db.session.commit()
    return time.perf_counter() - started


def built_messages() -> list[tuple[str, str, bytes]]:
    """(envelope sender, recipient, bytes) of every queued message, built as the sender builds them."""
    from app.core.db import utcnow
    from app.mail.models import OutboxMessage
    from app.mail.outbox import email_bytes, envelope_sender

    now = utcnow()
    messages = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.stream == STREAM)
                                  .order_by(OutboxMessage.id)).all()
    return [(envelope_sender(message), message.to_address, email_bytes(message, now)) for message in messages]


def bare_loop(port: int, messages: list[tuple[str, str, bytes]]) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for sender, recipient, data in messages:
            smtp.sendmail(sender, [recipient], data)
    return time.perf_counter() - started


def outbox_loop(limit: int) -> tuple[float, int]:
    from app.mail.outbox import send_due

    started, sent = time.perf_counter(), 0
    while True:
        report = send_due(limit)
        sent += report.sent
        if not (report.sent or report.failed or report.retry_later):
            return time.perf_counter() - started, sent


def run(app: Flask, count: int = 3400, limit: int = 100) -> dict[str, float]:
    sink = Sink()
    port = sink.port
    try:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_SUPPRESS_SEND=False,
                          MAIL_BOUNCE_ADDRESS="bounces@rencontres.example.org")
        mail.init_app(app)
        with app.app_context():
            queued_in = queue(count)
            messages = built_messages()
            baseline = bare_loop(port, messages)
            elapsed, sent = outbox_loop(limit)
            received = sink.count()
            if sent != count or received != 2 * count:
                raise SystemExit(f"the outbox sent {sent} and the server got {received - count}, not {count}")
    finally:
        sink.stop()
    outbox_rate, bare_rate = count / elapsed, count / baseline
    print(f"\nmail: queued {count} bulk messages (enqueue_many) in {queued_in:.2f} s")
    print(f"mail: outbox (flask mail send, batches of {limit}) {outbox_rate:7.0f} mails/s  ({elapsed:.1f} s)")
    print(f"mail: bare smtplib loop, one connection   {bare_rate:7.0f} mails/s  ({baseline:.1f} s)")
    print(f"mail: ratio outbox / bare = {outbox_rate / bare_rate:.2f}  (target: ≥ 50 mails/s)")
    return {"queued_seconds": queued_in, "outbox_rate": outbox_rate, "bare_rate": bare_rate}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=3400)
    parser.add_argument("--limit", type=int, default=100, help="batch size of the sender (its --limit)")
    parser.add_argument("--database-url")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database_url or f"sqlite:///{Path(folder) / 'mail.sqlite3'}"
        app = create_app({"PUBLIC_URL": "https://rencontres.example.org", "INSTANCE_PATH": folder,
                          "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            from flask_migrate import downgrade, upgrade

            if arguments.database_url:
                downgrade(revision="base")
            upgrade()
        run(app, arguments.messages, arguments.limit)


if __name__ == "__main__":
    main()
