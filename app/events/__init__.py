"""Events (RAICT, Assises, chronicles), their series, and the public pages shared by every kind."""
