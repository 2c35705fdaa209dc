"""Organiser back office: the entry page of staff work, and the audit log page (``audit_log``)."""
