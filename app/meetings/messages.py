"""What a refused meeting action tells the person (``MeetingError.code`` → sentence)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "no_meetings": _l("This event has no bilateral meetings."),
    "requests_closed": _l("Meeting requests are closed for this event."),
    "not_yours": _l("You cannot act for this person or collectivité."),
    "no_target": _l("Choose a collectivité or a person to meet."),
    "unknown_target": _l("This person or collectivité is not registered for the event."),
    "self": _l("You cannot ask to meet yourself or your own collectivité."),
    "same_side": _l("Meetings are between the two sides of the Assises."),
    "already_asked": _l("A request for this meeting is already open."),
    "already_answered": _l("This request has already been answered."),
    "maximum_reached": _l("One of the two people has reached the maximum number of meetings."),
    "not_cancelled": _l("This request is not cancelled."),
    "bad_settings": _l("Check the slot length and the maximum."),
    "theme_name": _l("Give the theme a name."),
    "theme_exists": _l("This theme is already on the list."),
    "unknown_theme": _l("Choose themes from the list."),
    "block_order": _l("The end must come after the start."),
    "block_outside_event": _l("Meeting blocks must fall on the event's days."),
    "block_overlaps": _l("This block overlaps another one."),
    "table_number": _l("A table number is a positive number."),
    "table_exists": _l("This table number is already used."),
    "language_pair": _l("Write language pairs as two-letter codes joined by a dash, e.g. fr-vi fr-en."),
    "language_code": _l("Write languages as two-letter codes, e.g. fr en vi."),
    "interpreter_name": _l("Give the interpreter's name."),
    "availability": _l("Write one window per line, e.g. 2030-09-18 09:00-12:30."),
    "cancelled": _l("This meeting is cancelled."),
    "not_a_slot": _l("Choose one of the slots of the meeting blocks."),
    "unknown_table": _l("Choose one of the tables in use."),
    "unknown_interpreter": _l("Choose one of the interpreters in use."),
    "table_taken": _l("This table is taken at that time."),
    "interpreter_taken": _l("This interpreter is busy at that time."),
    "person_taken": _l("One of the two people has another meeting at that time."),
    "not_placed": _l("Place the meeting at a slot and a table first."),
}


def message(code: str) -> str:
    return str(MESSAGES.get(code, code))
