"""Check-in: the reception desk scanning badges, desk tokens, arrivals."""
