"""Fixtures of the security tests."""
from tests.security.test_properties import setup  # noqa: F401  (the data the property and fuzz tests share)
