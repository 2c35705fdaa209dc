"""Bilateral meetings: cooperation profiles, meeting requests, and the schedule of tables, slots and interpreters (issue 19)."""
from __future__ import annotations


def register_hooks() -> None:
    """Called by the application factory: register with the lower capabilities this one extends."""
