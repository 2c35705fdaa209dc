"""What a refused form shows at the top of the page: every field's messages, each linking to its field.

``form_errors(context)`` (a template global, called by templates/base.html) finds the forms of the page
being rendered (every WTForms form in the template's context) and lists their errors in page order; the
summary itself is ``error_summary`` in templates/_forms.html, and static/js/forms.js moves focus to it.
"""
from __future__ import annotations

from dataclasses import dataclass

from jinja2 import pass_context
from wtforms import Form


@dataclass(frozen=True)
class FieldError:
    field_id: str
    label: str
    message: str


def _messages(errors) -> list[str]:
    """A field's errors: a list of strings, or (for a FormField / FieldList) nested lists and dicts."""
    if isinstance(errors, dict):
        return [message for value in errors.values() for message in _messages(value)]
    if isinstance(errors, (list, tuple)):
        return [message for value in errors for message in _messages(value)]
    return [str(errors)]


@pass_context
def form_errors(context) -> list[FieldError]:
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
