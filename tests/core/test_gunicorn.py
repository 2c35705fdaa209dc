"""gunicorn with gunicorn.conf.py serves the app, logs one JSON line per request and no access log."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app import PROJECT_ROOT

GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int) -> None:
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


@pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed next to this Python")
def test_gunicorn_serves_health_and_logs_json_lines(database_uri, tmp_path):
    port = free_port()
    environment = dict(os.environ, DATABASE_URL=database_uri, SECRET_KEY="x" * 40, INSTANCE_PATH=str(tmp_path),
                       BIND=f"127.0.0.1:{port}", PUBLIC_URL=f"http://127.0.0.1:{port}", WEB_CONCURRENCY="1", TRUSTED_PROXIES="1")
    stdout = tmp_path / "stdout.log"
    with stdout.open("w") as out:
        server = subprocess.Popen([str(GUNICORN), "-c", "gunicorn.conf.py", "wsgi:app"], cwd=PROJECT_ROOT,
                                  env=environment, stdout=out, stderr=(tmp_path / "stderr.log").open("w"))
        try:
            wait_for_port(port)
            request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"X-Request-ID": "probe-1"})
            with urllib.request.urlopen(request, timeout=60) as response:  # one request: one log line
                assert json.load(response) == {"status": "ok", "database": "ok"}
        finally:
            server.terminate()
            server.wait(timeout=20)
    lines = [json.loads(line) for line in stdout.read_text().splitlines() if line.startswith("{")]
    assert [(line["path"], line["status"], line["request_id"]) for line in lines] == [("/healthz", 200, "probe-1")]
    assert len(stdout.read_text().splitlines()) == 1  # nothing else: gunicorn's access log is off
