"""Demo opt-outs and bounces, so that the organisers' "Opt-outs and bounces" page shows what it is for.

Idempotent: opting out an address that already opted out, or a bounce already recorded, changes nothing.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.core.extensions import db
from app.mail.models import MailSuppression
from app.mail.suppression import opt_out, record_bounce

OPTED_OUT = ("ancien.contact@mairie-exemple.fr", "communication@region-exemple.fr")
HARD_BOUNCES = (("dgs@ancienne-commune-fusionnee.fr", "5.1.1", "550 5.1.1 <dgs@ancienne-commune-fusionnee.fr>: "
                 "Recipient address rejected: User unknown"),)
SOFT_BOUNCES = (("cooperation@tinh-exemple.gov.vn", "4.2.2", "452 4.2.2 Mailbox full"),)


def ensure_mail_suppressions() -> None:
    """A few addresses that opted out of bulk mail or bounced (fictitious domains)."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(MailSuppression)):
        return
    for address in OPTED_OUT:
        opt_out(address, actor="demo", how="one-click")
    for address, status, diagnostic in HARD_BOUNCES:
        record_bounce(address, hard=True, status=status, diagnostic=diagnostic, actor="demo")
    for address, status, diagnostic in SOFT_BOUNCES:
        record_bounce(address, hard=False, status=status, diagnostic=diagnostic, actor="demo")
