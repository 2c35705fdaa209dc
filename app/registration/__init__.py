"""Registrations of delegates and delegations to events."""

from app.registration import labels  # noqa: F401  (registers the labels of the package's enumerations)
