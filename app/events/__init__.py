"""Events (RAICT, Assises, chronicles) and their series; their public pages are in ``app.public``."""

from app.events import labels  # noqa: F401  (registers the labels of the package's enumerations)
