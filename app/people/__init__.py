"""People and the collectivités they belong to."""
