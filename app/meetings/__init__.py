"""Bilateral meetings: cooperation profiles, meeting requests, and the schedule of tables, slots and interpreters (issue 19)."""
from __future__ import annotations

from app.meetings import labels  # noqa: F401  (registers the labels of the package's enumerations)


def register_hooks() -> None:
    """Called by the application factory: register with the lower capabilities this one extends."""
    from app.meetings.privacy import PERSONAL_DATA
    from app.meetings.section import meetings_section
    from app.registration.privacy import register_personal_data
    from app.registration.private_page import register_section

    register_section("meetings", meetings_section)
    register_personal_data(PERSONAL_DATA)

    from app.calendar.extra import register_agenda_entries
    from app.meetings.agenda import meeting_entries

    register_agenda_entries("meetings", meeting_entries)
