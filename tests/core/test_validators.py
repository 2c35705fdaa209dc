"""The validators every package's forms share (app.core.validators)."""
from __future__ import annotations

import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DateField, StringField
from wtforms.validators import Optional

from app.core.validators import no_control_characters, reasonable_date


class _Checked(FlaskForm):
    class Meta:
        csrf = False

    name = StringField(validators=[no_control_characters])
    day = DateField(validators=[Optional(), reasonable_date])


@pytest.mark.parametrize(("data", "errors"), [
    ({"name": "Salle Jean-Moulin", "day": "2026-06-03"}, {}),
    ({"name": "Salle\x00Jean", "day": "2026-06-03"}, {"name": ["Control characters are not allowed."]}),
    ({"name": "Salle", "day": "0001-06-03"}, {"day": ["Please check the year."]}),
    ({"name": "Salle", "day": "9999-06-03"}, {"day": ["Please check the year."]}),
])
def test_shared_validators_refuse_control_characters_and_unlikely_years(app, data, errors):
    with app.test_request_context(), force_locale("en"):
        form = _Checked(formdata=MultiDict(data))
        form.validate()
        assert {name: [str(message) for message in messages] for name, messages in form.errors.items()} == errors
