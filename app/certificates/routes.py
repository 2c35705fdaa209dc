"""Certificate pages: the organisers' page (signer, attendees, bulk runs, mail, revoke/restore), the public
verification page, the registrant's own certificate.

| URL | who |
| --- | --- |
| ``/organiser/events/<slug>/certificates/`` | organisers: signer, attendees and their certificates, runs, mail |
| ``/organiser/events/<slug>/certificates/signer`` (POST) | organisers: name, function, signature, logo |
| ``/organiser/events/<slug>/certificates/certificates.pdf?delegation=`` | organisers: one PDF, a page each |
| ``/organiser/events/<slug>/certificates/certificates.zip?delegation=`` | organisers: a zip of one PDF each |
| ``/organiser/events/<slug>/certificates/certificates.stream?delegation=&as=pdf|zip`` | the same run with progress |
| ``/organiser/events/<slug>/certificates/<registration id>.pdf`` | organisers: one person's certificate |
| ``/organiser/events/<slug>/certificates/<certificate id>/revoke`` and ``/restore`` (POST) | organisers |
| ``/organiser/events/<slug>/certificates/mail`` (POST) | organisers: mail each attendee their certificate |
| ``/v/<code>`` | anyone: the verification page (name, event, days, and whether it still stands) |
| ``/registration/<token>/certificate.pdf`` | the registrant's private link, once the event ended and they attended
  (before, or without attendance: back to the private page; an unknown or expired link: 404) |

Progress of a large run, as for the badges (app/badges/routes.py): the run is drawn in the request itself, which
streams ``progress <done> <total>`` lines and then ``file <bytes>`` and the file; static/js/streamed-run.js (the
badges' script too) reads it and shows "200 / 509". Without JavaScript the plain links download the same file.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.auth.login import organiser_required
from app.certificates import operations
from app.certificates.forms import RevokeForm, SignerForm
from app.certificates.images import ImageRefused, checked_png, read_upload
from app.certificates.models import Certificate
from app.certificates.rendering import CertificateDocument, render_certificates
from app.core.extensions import db
from app.core.forms import EmptyForm, add_error, fill_form
from app.core.lookups import get_in_event_or_404
from app.core.pdf import pdf_response
from app.core.urls import content_disposition, parse_id
from app.events.models import Event
from app.events.queries import get_event_or_404
from app.registration.models import Registration

admin_bp = Blueprint("certificates_admin", __name__)
bp = Blueprint("certificates", __name__)
PROGRESS_STEP = 25


@admin_bp.before_request
@organiser_required
def require_organiser() -> None:
    return None


def _delegation(event: Event) -> int | None:
    delegation_id = parse_id(request.args.get("delegation") or request.form.get("delegation"))
    if delegation_id is not None and operations.find_delegation(event, delegation_id) is None:
        abort(404)
    return delegation_id


def _page(event: Event, signer_form: SignerForm | None = None, status: int = 200) -> ResponseReturnValue:
    from app.badges.operations import event_delegations

    delegation_id = _delegation(event)
    row = operations.signer_row(event)
    if signer_form is None:
        signer_form = SignerForm(formdata=None)
        fill_form(signer_form, row)
    return render_template("certificates/admin.html", event=event, signer=row, signer_form=signer_form,
                           attendees=operations.attendees(event, delegation_id), delegation_id=delegation_id,
                           delegations=event_delegations(event), ended=operations.event_has_ended(event),
                           form=EmptyForm(), revoke_form=RevokeForm(formdata=None)), status


@admin_bp.get("/")
def certificate_page(slug: str) -> ResponseReturnValue:
    return _page(get_event_or_404(slug))


@admin_bp.post("/signer")
def save_signer(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    form = SignerForm()
    if not form.validate_on_submit():
        return _page(event, form, 400)
    images: dict[str, bytes | None] = {}
    for name in ("signature", "logo"):
        upload = getattr(form, name).data
        try:
            images[name] = checked_png(read_upload(upload.stream)) if upload and upload.filename else None
        except ImageRefused as error:
            add_error(getattr(form, name), str(error))
            return _page(event, form, 422)
    operations.save_signer(event, form.name.data or "", form.function.data or "", signature_png=images["signature"],
                           logo_png=images["logo"], remove_logo=bool(form.remove_logo.data))
    db.session.commit()
    flash(_("Signer saved."), "success")
    return redirect(url_for(".certificate_page", slug=slug), code=303)


def _run(event: Event) -> operations.CertificateRun:
    try:
        run = operations.prepare_run(event, _delegation(event))
    except operations.CertificateError as error:
        abort(Response(str(error), status=409, mimetype="text/plain"))
    db.session.commit()  # the certificates just issued keep their codes
    if not run.pages:
        abort(404)
    return run


def _names(run: operations.CertificateRun) -> dict[int, str]:
    ids = [data.registration_id for data in run.pages]
    return {registration.id: registration.person.name_latin for registration in
            db.session.scalars(db.select(Registration).where(Registration.id.in_(ids)))}


@admin_bp.get("/certificates.pdf")
def run_pdf(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    run = _run(event)
    return pdf_response(operations.render_run(run), operations.certificate_filename(event))


@admin_bp.get("/certificates.zip")
def run_zip(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    run = _run(event)
    response = Response(operations.zip_run(run, _names(run)), mimetype="application/zip")
    response.headers["Content-Disposition"] = content_disposition(f"{event.slug}-certificates.zip")
    response.cache_control.no_store = True
    return response


@admin_bp.get("/certificates.stream")
def run_stream(slug: str) -> ResponseReturnValue:
    """The run with its progress: ``progress <done> <total>`` lines, then ``file <length>`` and the PDF or zip."""
    event = get_event_or_404(slug)
    run = _run(event)
    as_zip = request.args.get("as") == "zip"
    names = _names(run) if as_zip else {}
    filenames = [operations.certificate_filename(event, data, names.get(data.registration_id)) for data in run.pages]
    title, signer, pages = run.title, run.signer, list(run.pages)

    def generate() -> Iterator[bytes]:  # draws only: everything it needs is loaded above (the session is gone)
        total = len(pages)
        yield f"progress 0 {total}\n".encode()
        if as_zip:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
                for done, (data, filename) in enumerate(zip(pages, filenames, strict=True), start=1):
                    archive.writestr(filename, render_certificates([data], signer, title))
                    if done % PROGRESS_STEP == 0 or done == total:
                        yield f"progress {done} {total}\n".encode()
            body = buffer.getvalue()
        else:
            document = CertificateDocument(signer, title)
            for done, data in enumerate(pages, start=1):
                document.add(data)
                if done % PROGRESS_STEP == 0 or done == total:
                    yield f"progress {done} {total}\n".encode()
            body = document.finish()
        yield f"file {len(body)}\n".encode()
        yield body

    response = Response(generate(), mimetype="application/x-rencontres-run")
    response.headers["X-Accel-Buffering"] = "no"
    response.cache_control.no_store = True
    return response


@admin_bp.get("/<int(max=2147483647):registration_id>.pdf")
def one_pdf(slug: str, registration_id: int) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    registration = get_in_event_or_404(Registration, registration_id, event)
    try:
        body = operations.single_certificate(registration)
    except operations.CertificateError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    return pdf_response(body, f"{event.slug}-certificate-{registration.id}.pdf")


@admin_bp.post("/<int(max=2147483647):certificate_id>/revoke")
def revoke(slug: str, certificate_id: int) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    certificate = get_in_event_or_404(Certificate, certificate_id, event)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(_("The reason is too long (at most 300 characters)."), "error")
        return redirect(url_for(".certificate_page", slug=slug), code=303)
    try:
        operations.revoke_certificate(certificate, form.reason.data or "")
    except operations.CertificateError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Certificate of %(name)s revoked: its verification page now says so. “Restore” below undoes it.",
                name=certificate.registration.person.name_latin), "info")
    return redirect(url_for(".certificate_page", slug=slug, _anchor=f"certificate-{certificate.id}"), code=303)


@admin_bp.post("/<int(max=2147483647):certificate_id>/restore")
def restore(slug: str, certificate_id: int) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    certificate = get_in_event_or_404(Certificate, certificate_id, event)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        operations.restore_certificate(certificate)
    except operations.CertificateError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Certificate of %(name)s restored.", name=certificate.registration.person.name_latin), "success")
    return redirect(url_for(".certificate_page", slug=slug, _anchor=f"certificate-{certificate.id}"), code=303)


@admin_bp.post("/mail")
def mail(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        queued, before, skipped = operations.mail_certificates(event, _delegation(event))
    except operations.CertificateError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".certificate_page", slug=slug), code=303)
    db.session.commit()
    flash(_("%(queued)s certificates queued for mailing; %(before)s mailed before; %(skipped)s left out (no address "
            "or a name that cannot print).", queued=queued, before=before, skipped=skipped), "success")
    return redirect(url_for(".certificate_page", slug=slug), code=303)


# --- public ------------------------------------------------------------------------------------------

@bp.get("/v/<code>")
def verify(code: str) -> ResponseReturnValue:
    found = operations.verify(code[:64])
    response = Response(render_template("certificates/verify.html", found=found), status=200 if found else 404)
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.cache_control.no_store = True
    return response


@bp.get("/registration/<token>/certificate.pdf")
def own_certificate(token: str) -> ResponseReturnValue:
    from app.registration.links import registration_by_link_or_404

    registration = registration_by_link_or_404(token)
    try:
        body = operations.single_certificate(registration, actor="delegate")
    except operations.CertificateError:  # nothing to download (yet): back to the private page, which says why
        db.session.rollback()
        return redirect(url_for("registration.manage", token=token), code=303)
    db.session.commit()
    return pdf_response(body, f"{registration.event.slug}-certificate.pdf")
