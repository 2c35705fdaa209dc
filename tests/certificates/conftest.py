"""Fixtures of the certificate tests."""
from tests.mail.conftest import smtp_server  # noqa: F401  (the SMTP server fixture, shared with the mail tests)
