"""Organiser back office: the entry page of staff work."""
