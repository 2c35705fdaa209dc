"""README command 1: `flask --app wsgi start` migrates, loads the demo, prints where to log in, and serves."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_start_command_serves_demo_and_prints_logins(tmp_path):
    port = _free_port()
    env = dict(os.environ, INSTANCE_PATH=str(tmp_path / "instance"),
               DATABASE_URL=f"sqlite:///{tmp_path / 'start.sqlite3'}")
    env.pop("SECRET_KEY", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "start", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = ""
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and f"http://127.0.0.1:{port}/" not in output:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                break
            output += line
        assert f"http://127.0.0.1:{port}/" in output, output
        assert re.search(r"organiser@\S+\s+organiser\s+\S+", output), output
        body = _get_when_ready(f"http://127.0.0.1:{port}/raict/raict-2023/programme")
        assert "Cité des Sciences" in body or "raict-2023" in body
        assert (tmp_path / "instance" / "secret_key").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get_when_ready(url: str) -> str:
    for _ in range(50):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")
