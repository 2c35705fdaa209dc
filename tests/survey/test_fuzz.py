"""Fuzzing the survey's answer form: whatever is posted, never a 500; an accepted answer is the only one."""
from __future__ import annotations

import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from app.survey.models import SurveyAnswer, SurveyParticipation, SurveyResponse
from tests.conftest import csrf_token_from
from tests.factories import make_registration
from tests.security.test_properties import nasty_text
from tests.survey.helpers import build_survey

values = st.one_of(nasty_text, st.sampled_from(["0", "1", "5", "6", "-1", "2", "99999999999", "٣", "１", "1.0", "",
                                                "\x00", " 3", "a" * 5000]))
field_values = st.one_of(values, st.lists(values, min_size=2, max_size=4))


@settings(max_examples=60, deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_survey_answer_form_fuzz_never_fails_and_a_second_answer_is_refused(client, db, data):
    built = getattr(test_survey_answer_form_fuzz_never_fails_and_a_second_answer_is_refused, "built", None)
    if built is None or db.session.get(type(built.event), built.event.id) is None:
        built = build_survey()
        db.session.commit()
        test_survey_answer_form_fuzz_never_fails_and_a_second_answer_is_refused.built = built  # type: ignore[attr-defined]
    registration = make_registration(built.event)
    db.session.commit()
    url = f"/registration/{registration.manage_token}/survey"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    names = [f"q{question.id}" for question in (built.rating, built.single, built.multiple, built.text)]
    form = {name: data.draw(field_values, label=name) for name in names
            if data.draw(st.booleans(), label=f"send {name}")}
    form |= data.draw(st.dictionaries(st.sampled_from(["q0", "q-1", "q999999", "csrf", "x"]), values, max_size=2),
                      label="extra")
    form["csrf_token"] = token
    first = client.post(url, data=form)
    assert first.status_code in (303, 400), first.status_code
    count = db.session.scalar(sa.select(sa.func.count(SurveyParticipation.id))
                              .where(SurveyParticipation.registration_id == registration.id))
    if first.status_code == 303:
        assert count == 1
        again = client.post(url, data={**form, f"q{built.rating.id}": "3"})
        assert again.status_code == 409
        assert db.session.scalar(sa.select(sa.func.count(SurveyParticipation.id))
                                 .where(SurveyParticipation.registration_id == registration.id)) == 1
    else:
        assert count == 0
    ratings = db.session.scalars(sa.select(SurveyAnswer.rating).where(SurveyAnswer.rating.is_not(None)))
    assert all(1 <= rating <= 5 for rating in ratings)
    assert db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == db.session.scalar(
        sa.select(sa.func.count(SurveyParticipation.id)))
