"""The feedback survey of an event: questionnaire, answers through the private link, results (issue 18)."""
from __future__ import annotations


def register_hooks() -> None:
    """Called by the application factory: register with the lower capabilities this one extends."""
