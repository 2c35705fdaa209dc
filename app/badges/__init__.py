"""Badges: the QR-coded PDF badge of each confirmed registration."""
