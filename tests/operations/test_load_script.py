"""The morning load script keeps working: a small run against gunicorn + PostgreSQL, every answer as expected."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.operations.servers import ROOT

pytestmark = pytest.mark.postgres


def test_morning_load_script_small_run_scans_every_badge_once_without_errors(postgres_url):
    result = subprocess.run(
        [sys.executable, "benchmarks/morning.py", "--database-url", postgres_url, "--badges", "9", "--readers", "12",
         "--pollers", "3", "--registrations", "3", "--concurrency", "4", "--timeout", "120"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "scan verdicts: {'ok': 9} (expected ok: 9)" in result.stdout, result.stdout[-3000:]
    routes = {line.split("  ")[0] for line in result.stdout.splitlines() if re.match(r"^(GET|POST|bare) ", line)}
    assert {"POST /api/checkin/<slug>/scan", "GET programme.ics (ETag)", "POST registration",
            "GET programme page", "bare Flask endpoint (baseline)"} <= routes, result.stdout[-3000:]
    assert not re.search(r"^\s+errors: ", result.stdout, re.M), result.stdout[-3000:]
