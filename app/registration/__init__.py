"""Registrations of delegates and delegations to events."""
