"""Merge fields and bilingual rendering shared by campaigns and messages to registrants."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from wtforms import Form, TextAreaField

from app.communications.compose import (
    CAMPAIGN_FIELDS,
    MessageTemplate,
    TemplateFields,
    available_fields,
    event_fields,
    placeholders,
    preview_message,
    render_message,
    template_errors,
)
from tests.factories import make_event

TEMPLATE = MessageTemplate(subject_fr="Invitation : {event_title}",
                           body_fr="Bonjour {honorific} {family_name},\n{registration_link}",
                           subject_en="Invitation: {event_title}", body_en="Dear {given_name},\n{registration_link}")
FIELDS = {"given_name": "Lan", "family_name": "Nguyễn", "honorific": "Mme", "event_title": "Assises",
          "registration_link": "https://example.org/r/x"}


def test_render_message_uses_reader_language():
    rendered = render_message(TEMPLATE, FIELDS, "en")
    assert rendered.language == "en"
    assert rendered.subject == "Invitation: Assises"
    assert rendered.text == "Dear Lan,\nhttps://example.org/r/x\n"


def test_render_message_falls_back_to_french_without_english_text():
    template = MessageTemplate("Sujet {given_name}", "Corps {family_name}")
    rendered = render_message(template, FIELDS, "en")
    assert (rendered.language, rendered.subject, rendered.text) == ("fr", "Sujet Lan", "Corps Nguyễn\n")
    assert render_message(TEMPLATE, FIELDS, "vi").language == "fr"


def test_render_message_escaped_braces_and_stray_braces_stay_text():
    template = MessageTemplate("{{given_name}} { 3 }", "{a b} {given_name}")
    rendered = render_message(template, FIELDS, "fr")
    assert rendered.subject == "{given_name} { 3 }"
    assert rendered.text == "{a b} Lan\n"


def test_render_message_values_are_not_reinterpreted():
    rendered = render_message(MessageTemplate("s", "{given_name}"), {"given_name": "{family_name}"}, "fr")
    assert rendered.text == "{family_name}\n"


def test_render_message_subject_single_line_when_value_has_newline():
    rendered = render_message(MessageTemplate("Hi {given_name}", "b"), {"given_name": "A\r\nBcc: x@y"}, "fr")
    assert "\n" not in rendered.subject and "\r" not in rendered.subject


def test_template_errors_unknown_field_reported(app):
    with app.test_request_context():
        errors = template_errors(MessageTemplate("s {nope}", "b {given_name}"), CAMPAIGN_FIELDS)
        assert errors == ["Unknown merge field {nope}."]
        assert template_errors(TEMPLATE, CAMPAIGN_FIELDS) == []
        assert template_errors(MessageTemplate("s", "b", "only subject", ""), CAMPAIGN_FIELDS)


def test_preview_message_errors_instead_of_raising(app):
    with app.test_request_context():
        preview = preview_message(MessageTemplate("s", "{unknown}"), FIELDS, "fr")
        assert preview.message is None and preview.errors
        ok = preview_message(TEMPLATE, FIELDS, "fr", allowed=CAMPAIGN_FIELDS)
        assert ok.message is not None and ok.message.text.startswith("Bonjour Mme Nguyễn")


def test_template_fields_validator_rejects_unknown_field(app):
    class EditorForm(Form):
        body = TextAreaField(validators=[TemplateFields(CAMPAIGN_FIELDS)])

    with app.test_request_context():
        form = EditorForm(data={"body": "Hello {given_name} {surname}"})
        assert not form.validate()
        assert "{surname}" in form.body.errors[0]
        assert EditorForm(data={"body": "Hello {given_name}"}).validate()


def test_available_fields_documents_campaign_fields():
    names = [doc.name for doc in available_fields(CAMPAIGN_FIELDS)]
    assert names == list(CAMPAIGN_FIELDS)
    assert available_fields(["registration_link"])[0].placeholder == "{registration_link}"


def test_event_fields_in_each_language(app, db):
    event = make_event(title_fr="Rencontre", title_en="Meeting", venue_city="Lyon", venue_name="Hôtel de région")
    with app.test_request_context():
        french, english = event_fields(event, "fr"), event_fields(event, "en")
    assert (french["event_title"], english["event_title"]) == ("Rencontre", "Meeting")
    assert french["event_place"] == "Lyon, Hôtel de région"
    assert french["event_dates"] and english["event_dates"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_render_message_fuzz_never_raises(subject, body):
    template = MessageTemplate(subject or "s", body or "b")
    rendered = render_message(template, FIELDS, "fr")
    assert "\n" not in rendered.subject and "\r" not in rendered.subject
    escaped = MessageTemplate("s", (body or "b").replace("{", "{{").replace("}", "}}"))
    assert placeholders(escaped.body_fr) == []
    assert render_message(escaped, FIELDS, "fr").text == (body or "b").replace("\r\n", "\n").strip() + "\n"
