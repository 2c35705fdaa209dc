"""``/organiser/mail/suppressions``: the addresses that opted out of bulk mail or bounced, for the organisers.

An opt-out is the recipient's own decision: only they undo it, from the link in any bulk mail (the page
says so and offers no button). A hard bounce is what the receiving server said (``flask --app wsgi mail
bounces``); an organiser who knows the mailbox works again clears it (``clear_hard_bounce``, confirmed), and
the line then offers Undo (``restore_hard_bounce``). Campaigns and general messages skip suppressed
addresses by themselves; transactional mail still goes to opted-out addresses.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.audit.operations import current_actor
from app.auth.login import organiser_required
from app.core.extensions import db
from app.core.forms import EmptyForm
from app.mail.models import MailSuppression
from app.mail.suppression import (
    SuppressionError,
    clear_hard_bounce,
    cleared_bounce_ids,
    list_suppressions,
    restore_hard_bounce,
)

bp = Blueprint("mail_admin", __name__)
PAGE_SIZE = 1000
MAX_SEARCH = 254


@bp.get("/suppressions")
@organiser_required
def suppressions() -> ResponseReturnValue:
    search = (request.args.get("q") or "")[:MAX_SEARCH].strip()
    rows = list_suppressions(PAGE_SIZE, search)
    totals = db.session.execute(sa.select(
        sa.func.count(MailSuppression.opted_out_at), sa.func.count(MailSuppression.hard_bounced_at),
        sa.func.count().filter(MailSuppression.soft_bounces > 0))).one()
    return render_template("mail/suppressions.html", rows=rows, opted_out=totals[0], hard=totals[1], soft=totals[2],
                           page_size=PAGE_SIZE, search=search, cleared=cleared_bounce_ids(row.id for row in rows),
                           form=EmptyForm())


@bp.post("/suppressions/<int(max=2147483647):suppression_id>/<any(clear, restore):action>")
@organiser_required
def bounce_action(suppression_id: int, action: str) -> ResponseReturnValue:
    """Clear a hard bounce (the address gets bulk mail again), or undo that. Never touches an opt-out."""
    row = db.session.get(MailSuppression, suppression_id)
    if row is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        if action == "clear":
            clear_hard_bounce(row.address, actor=current_actor()[0])
        else:
            restore_hard_bounce(row, actor=current_actor()[0])
    except SuppressionError:
        db.session.rollback()
        flash(_("Only a hard bounce can be cleared, and only a cleared one restored. An opt-out is the person's "
                "own choice: only they can opt back in, from the link in any mail."), "error")
        return redirect(url_for(".suppressions", q=row.address), code=303)
    db.session.commit()
    flash(_("The hard bounce of %(address)s is cleared: campaigns and general messages go to it again.",
            address=row.address) if action == "clear" else
          _("The hard bounce of %(address)s is back: campaigns and general messages skip it again.",
            address=row.address), "success")
    return redirect(url_for(".suppressions", q=row.address), code=303)  # the line, with its Undo
