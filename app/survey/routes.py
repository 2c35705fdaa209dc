"""Pages of the survey.

| URL | page |
| --- | --- |
| ``/organiser/events/<slug>/survey/`` | build it: settings, questions (add, edit, reorder, delete/undo), open, close, invite |
| ``…/survey/questions/<id>`` | edit a question |
| ``…/survey/results``, ``results.csv``, ``results.xlsx`` | results with charts; the answers exported |
| ``/registration/<token>/survey`` | a registrant answers, once, through their private link |
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.auth.login import organiser_required
from app.core.extensions import db
from app.core.forms import EmptyForm, add_error, fill_form
from app.core.i18n import current_language
from app.core.lookups import get_in_event_or_404
from app.core.tabular import table_response, write_csv, write_xlsx
from app.events.queries import get_event_or_404
from app.registration.links import registration_by_link_or_404
from app.survey import operations
from app.survey.forms import QuestionForm, SettingsForm, parse_answers
from app.survey.models import QuestionKind, SurveyQuestion, SurveyStatus
from app.survey.results import export_rows, survey_results

admin_bp = Blueprint("survey_admin", __name__)
bp = Blueprint("survey", __name__)


@admin_bp.before_request
@organiser_required
def require_organiser():
    return None


def _builder(event, settings_form=None, question_form=None, status=200) -> ResponseReturnValue:
    survey = operations.survey_of(event)
    if settings_form is None:
        settings_form = SettingsForm(formdata=None)
        fill_form(settings_form, survey, **({} if survey else {"anonymous": True}))
    return render_template("survey/admin/builder.html", event=event, survey=survey,
                           questions=operations.questions_of(event), deleted=operations.questions_of(event, deleted=True),
                           settings_form=settings_form, question_form=question_form or QuestionForm(formdata=None),
                           action_form=EmptyForm(), responses=operations.response_count(event)), status


@admin_bp.get("/")
def builder(slug: str) -> ResponseReturnValue:
    return _builder(get_event_or_404(slug))


@admin_bp.post("/settings")
def edit_settings(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    form = SettingsForm()
    if form.validate_on_submit():
        try:
            operations.save_settings(event, anonymous=form.anonymous.data, intro_fr=form.intro_fr.data,
                                     intro_en=form.intro_en.data)
        except operations.SurveyError as error:
            db.session.rollback()
            add_error(form.anonymous, str(error))
        else:
            db.session.commit()
            flash(_("Survey settings saved."), "success")
            return redirect(url_for(".builder", slug=slug), code=303)
    return _builder(event, settings_form=form, status=400)


def _values(form: QuestionForm) -> operations.QuestionValues:
    kind = QuestionKind(form.kind.data)
    choices = operations.choices_from_lines((form.choices_fr.data or "").split("\n"),
                                            (form.choices_en.data or "").split("\n"))
    return operations.QuestionValues(kind, (form.text_fr.data or "").strip(), (form.text_en.data or "").strip(),
                                     choices if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else [],
                                     bool(form.required.data))


@admin_bp.post("/questions")
def add_question(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            operations.add_question(event, _values(form))
        except operations.SurveyError as error:
            db.session.rollback()
            add_error(form.choices_fr, str(error))
        else:
            db.session.commit()
            flash(_("Question added."), "success")
            return redirect(url_for(".builder", slug=slug, _anchor="questions"), code=303)
    return _builder(event, question_form=form, status=400)


@admin_bp.route("/questions/<int:question_id>", methods=["GET", "POST"])
def edit_question(slug: str, question_id: int) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    question = get_in_event_or_404(SurveyQuestion, question_id, event)
    form = QuestionForm()
    if request.method == "GET":
        form = QuestionForm(formdata=None, kind=question.kind.value, text_fr=question.text_fr,
                            text_en=question.text_en, required=question.required,
                            choices_fr="\n".join(choice.get("fr", "") for choice in question.choices),
                            choices_en="\n".join(choice.get("en", "") for choice in question.choices))
    elif form.validate_on_submit():
        try:
            operations.edit_question(question, _values(form))
        except operations.SurveyError as error:
            db.session.rollback()
            add_error(form.choices_fr, str(error))
        else:
            db.session.commit()
            flash(_("Question saved."), "success")
            return redirect(url_for(".builder", slug=slug, _anchor="questions"), code=303)
    return render_template("survey/admin/question.html", event=event, question=question, form=form), \
        (400 if form.errors else 200)


@admin_bp.post("/questions/<int:question_id>/<any(up, down, delete, restore):action>")
def question_action(slug: str, question_id: int, action: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    question = get_in_event_or_404(SurveyQuestion, question_id, event)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if action in ("up", "down"):
        operations.move_question(question, -1 if action == "up" else 1)
    elif action == "delete":
        operations.delete_question(question)
    else:
        operations.restore_question(question)
    db.session.commit()
    if action == "delete":
        flash(_("Question deleted. You can restore it from the list of deleted questions below."), "info")
    return redirect(url_for(".builder", slug=slug, _anchor="questions"), code=303)


@admin_bp.post("/<any(open, close, invite):action>")
def survey_action(slug: str, action: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        if action == "invite":
            queued = operations.invite(event)
            message = _("%(count)s invitations queued.", count=queued)
        else:
            operations.set_status(event, SurveyStatus.OPEN if action == "open" else SurveyStatus.CLOSED)
            message = _("The survey is open.") if action == "open" else _("The survey is closed.")
    except operations.SurveyError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for(".builder", slug=slug), code=303)


@admin_bp.get("/results")
def results(slug: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    return render_template("survey/admin/results.html", event=event, survey=operations.survey_of(event),
                           results=survey_results(event, current_language()))


@admin_bp.get("/results.<any(csv, xlsx):extension>")
def export(slug: str, extension: str) -> ResponseReturnValue:
    event = get_event_or_404(slug)
    header, rows = export_rows(event, current_language())
    body = write_csv(header, rows) if extension == "csv" else write_xlsx(header, rows, title=_("Survey"))
    return table_response(body, f"{event.slug}-survey.{extension}")


@bp.route("/registration/<token>/survey", methods=["GET", "POST"])
def answer(token: str) -> ResponseReturnValue:
    registration = registration_by_link_or_404(token)
    event = registration.event
    survey = operations.survey_of(event)
    if survey is None or survey.status == SurveyStatus.DRAFT:
        abort(404)
    questions = operations.questions_of(event)
    answered = operations.has_answered(registration)
    language = current_language()
    parsed = None
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        if answered or not operations.can_answer(registration, survey):
            return _answer_page(registration, survey, questions, answered, None, 409 if answered else 400)
        parsed = parse_answers(questions, request.form)
        if not parsed.errors:
            try:
                operations.submit_answers(registration, parsed.values, language=language)
            except operations.AlreadyAnswered:
                db.session.rollback()
                return _answer_page(registration, survey, questions, True, None, 409)
            except operations.SurveyError as error:
                db.session.rollback()
                flash(str(error), "error")
            else:
                db.session.commit()
                flash(_("Thank you: your answers have been recorded."), "success")
                return redirect(url_for(".answer", token=token), code=303)
    return _answer_page(registration, survey, questions, answered, parsed, 400 if parsed else 200)


def _answer_page(registration, survey, questions, answered, parsed, status) -> ResponseReturnValue:
    return render_template("survey/answer.html", registration=registration, event=registration.event, survey=survey,
                           questions=questions, answered=answered, parsed=parsed, form=EmptyForm(),
                           can_answer=operations.can_answer(registration, survey)), status
