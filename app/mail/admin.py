"""``/organiser/mail/suppressions``: the addresses that opted out of bulk mail or bounced, for the organisers.

Read-only: an opt-out is the recipient's own decision (undone from their own link), a hard bounce is
what the receiving server said (``flask --app wsgi mail bounces``). Campaigns and general messages skip
these addresses by themselves; transactional mail still goes to opted-out addresses.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template

from app.auth.login import organiser_required
from app.core.extensions import db
from app.mail.models import MailSuppression
from app.mail.suppression import list_suppressions

bp = Blueprint("mail_admin", __name__)
PAGE_SIZE = 1000


@bp.get("/suppressions")
@organiser_required
def suppressions():
    rows = list_suppressions(PAGE_SIZE)
    totals = db.session.execute(sa.select(
        sa.func.count(MailSuppression.opted_out_at), sa.func.count(MailSuppression.hard_bounced_at),
        sa.func.count().filter(MailSuppression.soft_bounces > 0))).one()
    return render_template("mail/suppressions.html", rows=rows, opted_out=totals[0], hard=totals[1], soft=totals[2],
                           page_size=PAGE_SIZE)
