"""Organisers build the questionnaire: add, edit, reorder, delete with confirm and undo, open, close, invite."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.auth.models import Role
from app.mail.models import OutboxMessage, OutboxStatus
from app.mail.suppression import opt_out
from app.survey import operations
from app.survey.models import QuestionKind, SurveyQuestion, SurveyStatus
from tests.backoffice.helpers import login_as, post_form
from tests.factories import make_event, make_registration
from tests.survey.helpers import build_survey


def test_survey_builder_adds_edits_reorders_deletes_and_restores(client, db):
    event = make_event()
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    base = f"/organiser/events/{event.slug}/survey"
    assert f"{base}/" in client.get(f"/organiser/events/{event.slug}/edit").get_data(as_text=True)
    for kind, fr, en, choices_fr, choices_en in (
            ("rating", "Qualité de l'accueil", "Quality of the welcome", "", ""),
            ("single", "Format préféré", "Preferred format", "Atelier\nPlénière", "Workshop\nPlenary"),
            ("text", "Commentaires", "Comments", "", "")):
        response = post_form(client, f"{base}/questions", {"kind": kind, "text_fr": fr, "text_en": en,
                                                           "choices_fr": choices_fr, "choices_en": choices_en},
                             page_url=f"{base}/")
        assert response.status_code == 303, response.get_data(as_text=True)
    questions = operations.questions_of(event)
    assert [question.kind for question in questions] == [QuestionKind.RATING, QuestionKind.SINGLE, QuestionKind.TEXT]
    assert questions[1].choices == [{"fr": "Atelier", "en": "Workshop"}, {"fr": "Plénière", "en": "Plenary"}]

    edit = f"{base}/questions/{questions[0].id}"
    assert post_form(client, edit, {"kind": "rating", "text_fr": "Accueil", "text_en": "Welcome",
                                    "required": "y"}).status_code == 303
    db.session.refresh(questions[0])
    assert questions[0].text_fr == "Accueil" and questions[0].required

    assert post_form(client, f"{base}/questions/{questions[2].id}/up", {}, page_url=f"{base}/").status_code == 303
    assert [question.id for question in operations.questions_of(event)] == [questions[0].id, questions[2].id,
                                                                            questions[1].id]
    page = client.get(f"{base}/").get_data(as_text=True)
    assert "data-confirm" in page
    assert post_form(client, f"{base}/questions/{questions[1].id}/delete", {}, page_url=f"{base}/").status_code == 303
    assert questions[1].id not in [question.id for question in operations.questions_of(event)]
    page = client.get(f"{base}/").get_data(as_text=True)
    assert f'data-deleted-question="{questions[1].id}"' in page
    assert post_form(client, f"{base}/questions/{questions[1].id}/restore", {}, page_url=f"{base}/").status_code == 303
    assert questions[1].id in [question.id for question in operations.questions_of(event)]


def test_survey_choice_question_without_choices_is_refused(client, db):
    event = make_event()
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    base = f"/organiser/events/{event.slug}/survey"
    response = post_form(client, f"{base}/questions", {"kind": "multiple", "text_fr": "Q", "text_en": "Q",
                                                       "choices_fr": "Seule", "choices_en": ""}, page_url=f"{base}/")
    assert response.status_code == 400 and "entre 2 et" in response.get_data(as_text=True)
    response = post_form(client, f"{base}/questions", {"kind": "nonsense", "text_fr": "Q", "text_en": "Q"},
                         page_url=f"{base}/")
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(SurveyQuestion.id))) == 0


def test_survey_question_of_another_event_is_not_found(client, db):
    built = build_survey()
    other = make_event()
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    assert client.get(f"/organiser/events/{other.slug}/survey/questions/{built.rating.id}").status_code == 404


def test_survey_anonymity_cannot_change_once_answered(db):
    built = build_survey(anonymous=True)
    operations.submit_answers(built.attendees[0], {built.rating.id: 5})
    with pytest.raises(operations.SurveyError):
        operations.save_settings(built.event, anonymous=False, intro_fr=None, intro_en=None, actor="test")


def test_survey_open_close_and_invite_attendees_as_bulk_mail(client, db):
    built = build_survey(status=SurveyStatus.DRAFT, attendees=3)
    opted = built.attendees[2].person.email
    opt_out(opted, actor="test", how="test")
    no_show = make_registration(built.event)  # confirmed, but did not come: not invited
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    base = f"/organiser/events/{built.event.slug}/survey"
    assert post_form(client, f"{base}/invite", {}, page_url=f"{base}/").status_code == 303  # not open: refused
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
    assert post_form(client, f"{base}/open", {}, page_url=f"{base}/").status_code == 303
    assert operations.survey_of(built.event).status == SurveyStatus.OPEN
    assert post_form(client, f"{base}/invite", {}, page_url=f"{base}/").status_code == 303
    mails = list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))
    assert sorted(mail.to_address for mail in mails) == sorted(r.person.email for r in built.attendees)
    assert no_show.person.email not in {mail.to_address for mail in mails}
    assert all(mail.bulk and mail.stream == f"survey-{built.event.id}" for mail in mails)
    assert {mail.to_address: mail.status for mail in mails}[opted] == OutboxStatus.SUPPRESSED
    first = next(mail for mail in mails if mail.to_address == built.attendees[0].person.email)
    assert f"/registration/{built.attendees[0].manage_token}/survey" in first.text_body
    assert "anonymous" in first.text_body or "anonymes" in first.text_body
    assert post_form(client, f"{base}/invite", {}, page_url=f"{base}/").status_code == 303  # again: nobody new
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 3
    assert post_form(client, f"{base}/close", {}, page_url=f"{base}/").status_code == 303
    assert operations.survey_of(built.event).status == SurveyStatus.CLOSED


def test_survey_deleted_question_cannot_move_and_delete_twice_is_harmless(client, db):
    built = build_survey(status=SurveyStatus.DRAFT)
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    base = f"/organiser/events/{built.event.slug}/survey"
    for action in ("delete", "delete", "up", "down"):
        response = post_form(client, f"{base}/questions/{built.single.id}/{action}", {}, page_url=f"{base}/")
        assert response.status_code == 303
    assert [question.id for question in operations.questions_of(built.event)] == [
        built.rating.id, built.multiple.id, built.text.id]
