"""Attendance certificates (attestations de présence), verifiable by QR code and short URL (issue 18)."""
from __future__ import annotations


def register_hooks() -> None:
    """Called by the application factory: register with the lower capabilities this one extends."""
    from app.certificates.private import register_hooks as private_hooks

    private_hooks()
