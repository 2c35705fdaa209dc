"""The programme of an event: rooms, tracks, sessions and their speakers."""
