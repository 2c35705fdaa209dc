"""Events (RAICT, Assises, chronicles) and their series; their public pages are in ``app.public``."""
