"""Helpers shared by every form.

- ``EmptyForm``: a form with only its CSRF token, for the buttons that change something;
- ``fill_form``: filling an edit form from a record, explicit values winning (so it round-trips);
- ``TextAreaField``: multi-line text stored with LF line breaks, as the record had them;
- ``form_errors(context)`` (a template global, called by templates/base.html): the errors of every form
  of the page being rendered, in page order; the summary itself is ``error_summary`` in
  templates/_forms.html, and static/js/forms.js moves focus to it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from flask_wtf import FlaskForm
from jinja2 import pass_context
from jinja2.runtime import Context
from wtforms import Form
from wtforms import TextAreaField as _WTFormsTextAreaField
from wtforms.fields.core import Field
from wtforms.form import BaseForm

_T = TypeVar("_T")


class EmptyForm(FlaskForm):
    """A form with only its CSRF token, for buttons that POST a change (cancel, approve, revoke, print…)."""


def fill_form(form: BaseForm, obj: object | None = None, **values: Any) -> None:
    """Fill ``form`` (on GET) from a record's attributes, the explicit ``values`` winning.

    WTForms' own ``form.process(obj=record, field=value)`` does the opposite: an attribute of the record
    wins over the explicit value, so a list (``['fr']``), an enum or a None reached the page instead of
    the text the field expects, and the unchanged form could not be saved again.
    """
    data = {name: getattr(obj, name) for name in form._fields if obj is not None and hasattr(obj, name)}
    form.process(data=data | values)


def normalise_newlines(value: object) -> object:
    """Browsers send a textarea's line breaks as CRLF (HTML spec); store them as the record had them, LF."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


class TextAreaField(_WTFormsTextAreaField):
    """A textarea whose submitted text has LF line breaks, so that saving an unchanged form changes nothing."""

    def __init__(self, label: str | None = None, validators: Any = None,
                 filters: Sequence[Callable[[Any], Any]] = (), **kwargs: Any) -> None:
        super().__init__(label, validators, filters=(normalise_newlines, *filters), **kwargs)


def required(data: _T | None) -> _T:
    """The data of a validated field that has some (DataRequired; a StringField's is "" rather than None), which
    WTForms types as optional."""
    if data is None:
        raise ValueError("this field has no data: validate the form first")
    return data


def add_error(field: Field, message: str) -> None:
    """Add ``message`` to a validated field's errors (a list by then, though WTForms types them as a Sequence)."""
    if isinstance(field.errors, list):
        field.errors.append(message)
    else:
        field.errors = [*field.errors, message]


@dataclass(frozen=True)
class FieldError:
    field_id: str
    label: str
    message: str


def _messages(errors: object) -> list[str]:
    """A field's errors: a list of strings, or (for a FormField / FieldList) nested lists and dicts."""
    if isinstance(errors, dict):
        return [message for value in errors.values() for message in _messages(value)]
    if isinstance(errors, (list, tuple)):
        return [message for value in errors for message in _messages(value)]
    return [str(errors)]


@pass_context
def form_errors(context: Context) -> list[FieldError]:
    found: list[FieldError] = []
    seen: set[int] = set()
    for value in context.get_all().values():
        if not isinstance(value, Form) or id(value) in seen or not value.errors:
            continue
        seen.add(id(value))
        for field in value:
            if not field.errors:
                continue
            hidden = field.type in ("HiddenField", "CSRFTokenField")  # nothing to link to: the message alone
            label = "" if hidden else str(field.label.text).rstrip(" .:")  # "…agree.: message" reads badly
            found.extend(FieldError("" if hidden else field.id, label, message) for message in _messages(field.errors))
        for message in _messages(getattr(value, "form_errors", [])):
            found.append(FieldError("", "", message))
    return found
