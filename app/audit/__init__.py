"""Audit log: who did what to which record, for admins (``/organiser/audit``)."""
