"""Shared building blocks: database base class and types, dates, languages, countries."""
