"""Workshop syntheses written by rapporteurs, and the proceedings (actes) compiled from them (issue 18)."""
from __future__ import annotations


def register_hooks() -> None:
    """Called by the application factory: register with the lower capabilities this one extends."""
