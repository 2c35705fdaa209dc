"""A registrant answers the survey once, through their private link; anonymity is shown before answering."""
from __future__ import annotations

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.survey.models import SurveyParticipation, SurveyResponse, SurveyStatus
from tests.backoffice.helpers import post_form
from tests.survey.helpers import build_survey


def _answers(built, rating="4"):
    return {f"q{built.rating.id}": rating, f"q{built.single.id}": "0", f"q{built.multiple.id}": ["0", "2"],
            f"q{built.text.id}": "Plus de temps pour les échanges"}


def test_survey_answered_once_through_the_private_link(client, db):
    built = build_survey()
    db.session.commit()
    person = built.attendees[0]
    private = client.get(f"/registration/{person.manage_token}").get_data(as_text=True)
    assert f"/registration/{person.manage_token}/survey" in private
    url = f"/registration/{person.manage_token}/survey"
    page = client.get(url).get_data(as_text=True)
    assert "anonymes" in page and "une fois" in page  # told before answering
    response = post_form(client, url, _answers(built))
    assert response.status_code == 303
    response_row = db.session.scalars(sa.select(SurveyResponse)).one()
    assert response_row.registration_id is None  # anonymous: the answers name nobody
    assert sorted((answer.rating, answer.chosen, answer.text) for answer in response_row.answers
                  if answer.rating) == [(4, None, None)]
    assert db.session.scalar(sa.select(SurveyParticipation.registration_id)) == person.id

    again = post_form(client, url, _answers(built, rating="1"), page_url="/login")
    assert again.status_code == 409
    assert db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 1
    assert "déjà répondu" in client.get(url).get_data(as_text=True)
    assert "avez répondu au questionnaire" in client.get(f"/registration/{person.manage_token}").get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "survey.answered")) == 1


def test_survey_named_answers_keep_the_registration(client, db):
    built = build_survey(anonymous=False)
    db.session.commit()
    url = f"/registration/{built.attendees[1].manage_token}/survey"
    assert "ne sont pas anonymes" in client.get(url).get_data(as_text=True)
    assert post_form(client, url, _answers(built)).status_code == 303
    assert db.session.scalar(sa.select(SurveyResponse.registration_id)) == built.attendees[1].id


def test_survey_required_question_missing_is_refused_with_the_typed_answers_kept(client, db):
    built = build_survey()
    db.session.commit()
    url = f"/registration/{built.attendees[0].manage_token}/survey"
    answers = _answers(built)
    del answers[f"q{built.rating.id}"]
    response = post_form(client, url, answers)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Merci de répondre à cette question." in page and "Plus de temps pour les échanges" in page
    assert db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 0


def test_survey_closed_or_draft_cannot_be_answered(client, db):
    draft = build_survey(status=SurveyStatus.DRAFT)
    closed = build_survey(status=SurveyStatus.CLOSED)
    db.session.commit()
    assert client.get(f"/registration/{draft.attendees[0].manage_token}/survey").status_code == 404
    assert f"/registration/{draft.attendees[0].manage_token}/survey" not in client.get(
        f"/registration/{draft.attendees[0].manage_token}").get_data(as_text=True)
    url = f"/registration/{closed.attendees[0].manage_token}/survey"
    assert "fermé" in client.get(url).get_data(as_text=True)
    assert post_form(client, url, _answers(closed), page_url="/login").status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 0


def test_survey_unknown_token_is_not_found(client, db):
    build_survey()
    db.session.commit()
    assert client.get("/registration/not-a-token/survey").status_code == 404
