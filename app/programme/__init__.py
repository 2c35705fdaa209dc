"""The programme of an event: rooms, tracks, sessions and their speakers."""

from app.programme import (
    editions,  # noqa: F401  (the programme follows its event: time zone, new edition)
    labels,  # noqa: F401  (registers the labels of the package's enumerations)
)
