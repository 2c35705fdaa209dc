"""Bilingual message templates with merge fields, shared by invitation campaigns and messages to registrants.

A template is written once in French and once in English (the English part may stay empty: English
readers then get the French text). Merge fields are written ``{given_name}``; ``{{`` and ``}}`` write a
literal brace, and a brace that does not open a field name (``{ 3 }``, ``{a b}``) stays as written. An
unknown field name is a form error (``template_errors`` / ``TemplateFields`` validator), never a 500:
``render_message`` leaves an unknown field as written rather than raising.

Merged values are plain text: the HTML part is made from the rendered text by the outbox
(``app.mail.render.html_from_text``), which escapes it; subjects are made single-line.

Usage::

    template = MessageTemplate(subject_fr="Invitation", body_fr="Bonjour {given_name}…",
                               subject_en="Invitation", body_en="Dear {given_name}…")
    errors = template_errors(template, CAMPAIGN_FIELDS)          # [] when every field is known
    rendered = render_message(template, {"given_name": "Lan", ...}, language="en")
    rendered.subject, rendered.text, rendered.language

Another capability (messages to registrants) adds its own fields with ``register_field``.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from app.core.dates import format_date_range
from app.core.text import single_line

if TYPE_CHECKING:
    from app.events.models import Event

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

# {{ or }} (a literal brace), or {name} with a field name made of lower-case letters, digits and underscores.
_TOKEN = re.compile(r"\{\{|\}\}|\{([a-z][a-z0-9_]{0,39})\}")


@dataclass(frozen=True)
class MessageTemplate:
    subject_fr: str
    body_fr: str
    subject_en: str = ""
    body_en: str = ""

    def parts(self, language: str) -> tuple[str, str, str]:
        """(subject, body, language actually used): English when both English parts are written, else French."""
        if language == "en" and self.subject_en.strip() and self.body_en.strip():
            return self.subject_en, self.body_en, "en"
        return self.subject_fr, self.body_fr, "fr"


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    language: str


@dataclass(frozen=True)
class FieldDoc:
    """A merge field as the editors see it: its name, what it holds, and an example value."""
    name: str
    label: Any  # a lazy string
    example: str

    @property
    def placeholder(self) -> str:
        return "{" + self.name + "}"


FIELDS: dict[str, FieldDoc] = {}


def register_field(name: str, label: Any, example: str) -> FieldDoc:
    """Make a merge field known to the editors' help (registering again replaces it)."""
    doc = FieldDoc(name, label, example)
    FIELDS[name] = doc
    return doc


for _name, _label, _example in (
    ("given_name", _l("Given name"), "Lan"),
    ("family_name", _l("Family name"), "Nguyễn"),
    ("full_name", _l("Given and family name"), "Lan Nguyễn"),
    ("honorific", _l("Honorific (Mme, M., Dr…), may be empty"), "Mme"),
    ("function", _l("Function, may be empty"), "Vice-présidente"),
    ("collectivite", _l("Collectivité, may be empty"), "Région Centre-Val de Loire"),
    ("event_title", _l("Event title, in the reader's language"), "Assises de la coopération franco-vietnamienne"),
    ("event_dates", _l("Event dates, in the reader's language"), "18–19 sept. 2023"),
    ("event_place", _l("Event place (venue and city, or “online”)"), "Orléans, Centre de conférences"),
    ("registration_link", _l("Personal registration link (prefills the name)"), "https://…/r/…"),
):
    register_field(_name, _label, _example)

PERSON_FIELDS = ("given_name", "family_name", "full_name", "honorific", "function", "collectivite")
EVENT_FIELDS = ("event_title", "event_dates", "event_place")
CAMPAIGN_FIELDS = (*PERSON_FIELDS, *EVENT_FIELDS, "registration_link")


def available_fields(names: Iterable[str] | None = None) -> list[FieldDoc]:
    """The documentation of the given merge fields (all registered ones when ``names`` is None), for editors."""
    if names is None:
        return list(FIELDS.values())
    return [FIELDS[name] for name in names if name in FIELDS]


def placeholders(text: str) -> list[str]:
    """The field names a text uses, in order, each once."""
    seen: dict[str, None] = {}
    for match in _TOKEN.finditer(text or ""):
        if match.group(1):
            seen.setdefault(match.group(1))
    return list(seen)


def unknown_placeholders(text: str, allowed: Collection[str]) -> list[str]:
    return [name for name in placeholders(text) if name not in allowed]


def template_errors(template: MessageTemplate, allowed: Collection[str]) -> list[str]:
    """Messages for the editor (in the reader's language); empty when the template can be sent."""
    errors: list[str] = []
    if not template.subject_fr.strip() or not template.body_fr.strip():
        errors.append(str(_l("The French subject and text are required (the fallback for every reader).")))
    if bool(template.subject_en.strip()) != bool(template.body_en.strip()):
        errors.append(str(_l("Write both the English subject and text, or neither.")))
    for part in (template.subject_fr, template.body_fr, template.subject_en, template.body_en):
        for name in unknown_placeholders(part, allowed):
            message = str(_l("Unknown merge field {%(name)s}.", name=name))
            if message not in errors:
                errors.append(message)
    return errors


class TemplateFields:
    """WTForms validator: every ``{field}`` in the text is one of ``allowed``."""

    def __init__(self, allowed: Collection[str]) -> None:
        self.allowed = tuple(allowed)

    def __call__(self, form: Any, field: Any) -> None:
        unknown = unknown_placeholders(field.data or "", self.allowed)
        if unknown:
            raise ValidationError(_l("Unknown merge field: %(names)s. Known fields: %(known)s.",
                                     names=", ".join("{" + name + "}" for name in unknown),
                                     known=", ".join("{" + name + "}" for name in self.allowed)))


def merge(text: str, fields: Mapping[str, str]) -> str:
    """Replace every known ``{field}``; unknown ones stay as written (validation reports them before)."""
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = match.group(1)
        value = fields.get(name)
        return token if value is None else str(value)
    return _TOKEN.sub(replace, text or "")


def render_message(template: MessageTemplate, fields: Mapping[str, str], language: str) -> RenderedMessage:
    """The subject and text for one reader: their language when the template has it, else French."""
    subject, body, used = template.parts(language)
    text = merge(body, fields).replace("\r\n", "\n").strip() + "\n"
    return RenderedMessage(subject=single_line(merge(subject, fields)), text=text, language=used)


@dataclass(frozen=True)
class Preview:
    """What an editor sees for one recipient: the rendered message, or the errors that prevent it."""
    message: RenderedMessage | None
    errors: list[str]


def preview_message(template: MessageTemplate, fields: Mapping[str, str], language: str,
                    allowed: Collection[str] | None = None) -> Preview:
    """The preview helper: errors of the template (against ``allowed``, default the fields given), or the
    message as this recipient will read it."""
    errors = template_errors(template, tuple(fields) if allowed is None else allowed)
    if errors:
        return Preview(message=None, errors=errors)
    return Preview(message=render_message(template, fields, language), errors=[])


def person_fields(*, given_name: str, family_name: str, honorific: str | None = None,
                  function: str | None = None, collectivite: str | None = None) -> dict[str, str]:
    given, family = single_line(given_name), single_line(family_name)
    return {
        "given_name": given, "family_name": family, "full_name": f"{given} {family}".strip(),
        "honorific": single_line(honorific), "function": single_line(function),
        "collectivite": single_line(collectivite),
    }


def event_fields(event: Event, language: str) -> dict[str, str]:
    """The event's title, dates and place in ``language`` (French when the English title is missing)."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    with force_locale(language):
        dates = format_date_range(event.starts_at, event.ends_at, event.timezone)
        online = str(_l("online"))
    title = (event.title_en if language == "en" and event.title_en else event.title_fr) or ""
    if event.is_online:
        place = online
    else:
        place = ", ".join(part for part in (event.venue_city, event.venue_name) if part)
    return {"event_title": single_line(title), "event_dates": dates, "event_place": single_line(place)}
