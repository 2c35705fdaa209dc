"""Pages of the syntheses.

| URL | page |
| --- | --- |
| ``/organiser/events/<slug>/syntheses/`` | every session, its rapporteur, deadline and synthesis' state |
| ``/organiser/events/<slug>/syntheses/<session_id>`` | name the rapporteur and the deadline; read the synthesis |
| ``…/<session_id>/invite`` (POST) | mail the rapporteur their private link |
| ``…/<session_id>/publish``, ``…/unpublish`` (POST) | show it on the session's public page (or not) |
| ``/organiser/events/<slug>/syntheses/proceedings.pdf`` | the proceedings (actes) |
| ``/syntheses/<token>`` | the rapporteur's page: write, save, send for review (until the deadline) |
"""
from __future__ import annotations

from datetime import time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.auth.login import organiser_required
from app.core.dates import local_to_utc, to_local
from app.core.extensions import db
from app.core.forms import EmptyForm
from app.core.i18n import current_language
from app.core.lookups import get_in_event_or_404
from app.core.pdf import FontsMissingError, UnprintableTextError, pdf_response
from app.events.queries import get_event_or_404
from app.programme.models import Session
from app.registration.models import Registration
from app.syntheses import operations
from app.syntheses.forms import RapporteurForm, SynthesisForm
from app.syntheses.markdown import render_html
from app.syntheses.proceedings import proceedings_pdf
from app.syntheses.queries import rapporteur_candidates, syntheses_by_session, synthesis_by_token

admin_bp = Blueprint("syntheses_admin", __name__)
bp = Blueprint("syntheses", __name__)


@admin_bp.before_request
@organiser_required
def require_organiser():
    return None


@admin_bp.get("/")
def index(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    return render_template("syntheses/admin/index.html", event=event, items=syntheses_by_session(event))


def _rapporteur_form(event, synthesis) -> RapporteurForm:
    form = RapporteurForm()
    form.rapporteur.choices = [(0, _("— none —"))] + [
        (registration.id, f"{registration.person.name}" + (f" ({registration.person.email})"
                                                            if registration.person.email else ""))
        for registration in rapporteur_candidates(event)]
    if request.method == "GET" and synthesis is not None:
        form.rapporteur.data = synthesis.rapporteur_id or 0
        form.deadline.data = to_local(synthesis.deadline, event.timezone).date() if synthesis.deadline else None
    return form


@admin_bp.route("/<int:session_id>", methods=["GET", "POST"])
def session_page(slug: str, session_id: int) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    session = get_in_event_or_404(Session, session_id, event)
    synthesis = operations.synthesis_of(session)
    form = _rapporteur_form(event, synthesis)
    if form.validate_on_submit():
        registration = (get_in_event_or_404(Registration, form.rapporteur.data, event)
                        if form.rapporteur.data else None)
        deadline = local_to_utc(form.deadline.data, time(23, 59), event.timezone) if form.deadline.data else None
        if synthesis is not None and synthesis.deadline is not None and form.deadline.data == \
                to_local(synthesis.deadline, event.timezone).date():
            deadline = synthesis.deadline  # the same day: the time kept
        try:
            operations.assign_rapporteur(session, registration, deadline)
        except operations.SynthesisError as error:
            db.session.rollback()
            form.rapporteur.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Rapporteur saved."), "success")
            return redirect(url_for(".session_page", slug=slug, session_id=session_id), code=303)
    return render_template("syntheses/admin/session.html", event=event, session=session, synthesis=synthesis,
                           form=form, action_form=EmptyForm(),
                           html=render_html(synthesis.body) if synthesis else None), (400 if form.errors else 200)


@admin_bp.post("/<int:session_id>/<any(invite, publish, unpublish):action>")
def act(slug: str, session_id: int, action: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    session = get_in_event_or_404(Session, session_id, event)
    synthesis = operations.synthesis_of(session)
    if synthesis is None or not EmptyForm().validate_on_submit():
        abort(400)
    try:
        {"invite": operations.invite_rapporteur, "publish": operations.publish,
         "unpublish": operations.unpublish}[action](synthesis)
    except operations.SynthesisError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash({"invite": _("The rapporteur's link has been mailed."), "publish": _("Synthesis published."),
               "unpublish": _("Synthesis unpublished: it no longer shows on the public page.")}[action],
              "success")
    return redirect(url_for(".session_page", slug=slug, session_id=session_id), code=303)


@admin_bp.get("/proceedings.pdf")
def proceedings(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    try:
        body = proceedings_pdf(event, current_language())
    except (UnprintableTextError, FontsMissingError) as error:
        flash(str(error), "error")
        return redirect(url_for(".index", slug=slug))
    return pdf_response(body, f"{event.slug}-proceedings.pdf")


@bp.route("/syntheses/<token>", methods=["GET", "POST"])
def write(token: str) -> ResponseReturnValue:
    synthesis = synthesis_by_token(token) or abort(404)
    form = SynthesisForm()
    if request.method == "GET":
        form.body.data = synthesis.body
    if form.validate_on_submit():
        try:
            operations.save_text(synthesis, form.body.data or "", submit="submit" in request.form)
        except operations.SynthesisError as error:
            db.session.rollback()
            form.body.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Sent to the organisers: you may still change it until the deadline.")
                  if synthesis.submitted_at and "submit" in request.form else _("Synthesis saved."), "success")
            return redirect(url_for(".write", token=token), code=303)
    return render_template("syntheses/write.html", synthesis=synthesis, event=synthesis.event,
                           session=synthesis.session, form=form, can_write=operations.can_write(synthesis),
                           html=render_html(synthesis.body)), (400 if form.errors else 200)
