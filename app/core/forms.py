"""Helpers shared by every form: filling an edit form from a record, multi-line text as browsers send it."""
from __future__ import annotations

from wtforms import TextAreaField as _WTFormsTextAreaField


def fill_form(form, obj=None, **values) -> None:
    """Fill ``form`` (on GET) from a record's attributes, the explicit ``values`` winning.

    WTForms' own ``form.process(obj=record, field=value)`` does the opposite: an attribute of the record
    wins over the explicit value, so a list (``['fr']``), an enum or a None reached the page instead of
    the text the field expects, and the unchanged form could not be saved again.
    """
    data = {name: getattr(obj, name) for name in form._fields if obj is not None and hasattr(obj, name)}
    form.process(data=data | values)


def normalise_newlines(value):
    """Browsers send a textarea's line breaks as CRLF (HTML spec); store them as the record had them, LF."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


class TextAreaField(_WTFormsTextAreaField):
    """A textarea whose submitted text has LF line breaks, so that saving an unchanged form changes nothing."""

    def __init__(self, *args, filters=(), **kwargs):
        super().__init__(*args, filters=(normalise_newlines, *filters), **kwargs)
