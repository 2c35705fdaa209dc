"""The whole-app tests share one served demo (tests/whole_app/site.py) for the whole session."""
from __future__ import annotations

import pytest

from tests.whole_app.site import DemoSite


@pytest.fixture(scope="session")
def site(tmp_path_factory, chromium_browser):
    """The demo data served by gunicorn on this run's backend; skipped (or failed in CI) without chromium."""
    served = DemoSite(tmp_path_factory.mktemp("whole-app"))
    yield served
    served.close()
