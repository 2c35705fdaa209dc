"""Demo data built from the 2023 activity report (see ../shared/context)."""
