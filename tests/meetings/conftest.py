import pytest


@pytest.fixture
def client(app):
    """The pages in English (the tests read English words); the French catalogue is tested by test_french."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
