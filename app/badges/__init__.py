"""Badges: the QR-coded PDF badge of each confirmed registration.

``tokens`` (the signed code in the QR), ``categories`` (the category's colour band and word),
``rendering`` (A6 and A4 × 4 PDFs through ``app.core.pdf``), ``operations`` (which badges, reprints),
``routes`` (organisers, the reception desk, the delegate's private link) and ``cli`` (``flask badges pdf``).
"""

from app.badges import labels  # noqa: F401  (registers the labels of the badge categories)
