"""The survey's block on the registrant's private page (``app.registration.private_page``)."""
from __future__ import annotations

from flask_babel import gettext as _

from app.registration.models import Registration
from app.registration.private_page import PrivateSection
from app.survey.operations import can_answer, has_answered, survey_of


def survey_section(registration: Registration) -> PrivateSection | None:
    survey = survey_of(registration.event)
    if survey is None or not can_answer(registration, survey):
        return None
    return PrivateSection(_("Feedback survey"), "survey/private_section.html",
                          {"survey": survey, "answered": has_answered(registration)}, order=50)
