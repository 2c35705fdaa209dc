"""README command 1: `flask --app wsgi start` migrates, loads the demo, prints where to log in, and serves."""
from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import csrf_token_from

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
        assert f"http://127.0.0.1:{port}/organiser/outbox/" in output, output
        email, password = re.search(r"(organiser@\S+)\s+organiser\s+(\S+)", output).groups()
        opener = _logged_in(f"http://127.0.0.1:{port}", email, password)
        with opener.open(f"http://127.0.0.1:{port}/organiser/outbox/") as response:
            assert response.status == 200 and "organiser/outbox/" in response.url
        assert (tmp_path / "instance" / "secret_key").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)


def _logged_in(base: str, email: str, password: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(f"{base}/login") as response:
        token = csrf_token_from(response.read().decode())
    data = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token}).encode()
    with opener.open(f"{base}/login", data=data) as response:
        assert "/login" not in response.url, "the printed organiser login did not work"
    return opener


def _get_when_ready(url: str) -> str:
    for _ in range(50):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")
