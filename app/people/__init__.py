"""People and the collectivités they belong to."""

from app.people import labels  # noqa: F401  (registers the labels of the package's enumerations)
