"""Edit forms filled from a record: explicit values win, multi-line text keeps the record's line breaks."""
from __future__ import annotations

from types import SimpleNamespace

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import StringField

from app.core.forms import TextAreaField, fill_form


class _Form(FlaskForm):
    class Meta:
        csrf = False

    languages = StringField()
    notes = TextAreaField()


def test_fill_form_explicit_values_win_over_the_record(app):
    record = SimpleNamespace(languages=["fr", "en"], notes="Premier.\nSecond.")
    with app.test_request_context():
        form = _Form()
        fill_form(form, record, languages="fr, en")
        assert (form.languages.data, form.notes.data) == ("fr, en", "Premier.\nSecond.")
        assert 'value="fr, en"' in form.languages()


def test_textarea_submitted_with_crlf_keeps_lf_line_breaks(app):
    with app.test_request_context(method="POST"):
        form = _Form(formdata=MultiDict({"notes": "Premier.\r\nSecond.\rTroisième."}))
        assert form.notes.data == "Premier.\nSecond.\nTroisième."


def test_no_edit_form_is_filled_with_wtforms_obj():
    """``Form(obj=record)`` / ``form.process(obj=record, …)`` let the record win over explicit values (the
    sessions' languages showed "['fr']"): edit forms are filled with ``fill_form`` instead."""
    import re
    from pathlib import Path

    import app as package

    pattern = re.compile(r"(Form\(|\.process\()[^)]*\bobj=")
    root = Path(package.__file__).parent
    offenders = [f"{path.relative_to(root)}:{number}" for path in root.rglob("*.py") if path != root / "core/forms.py"
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert not offenders, offenders



def test_empty_form_is_one_form_for_every_button_and_needs_its_csrf_token(app):
    """app.core.forms.EmptyForm: the one form of the buttons that POST a change; without its token, refused."""
    from app.core.forms import EmptyForm

    app.config["WTF_CSRF_ENABLED"] = True
    with app.test_request_context(method="POST", data={}):
        form = EmptyForm()
        assert list(form._fields) == ["csrf_token"]
        assert not form.validate_on_submit() and form.csrf_token.errors
