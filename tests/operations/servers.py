"""Real servers for the whole-app tests: gunicorn serving the app, and a PostgreSQL cluster of the test's own.

Nothing here is a mock: the app runs in gunicorn worker processes on 127.0.0.1 and talks to a real
database; the PostgreSQL cluster is Debian's server, started (and restarted) by the test itself.
"""
from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_request(port: int, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None,
                 timeout: float = 30.0) -> tuple[int, dict[str, str], bytes]:
    """One request on a new loopback connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()


def post_json(port: int, path: str, payload: dict, headers: dict | None = None, timeout: float = 30.0):
    status, response_headers, body = http_request(
        port, "POST", path, body=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", **(headers or {})}, timeout=timeout)
    return status, response_headers, body


class AppServer:
    """``gunicorn wsgi:app`` on a free loopback port; ``stop()`` always ends it."""

    def __init__(self, database_url: str, secret_key: str, instance_path: Path, *, workers: int = 2,
                 extra_env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.log_path = Path(instance_path) / f"gunicorn-{self.port}.log"
        Path(instance_path).mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secret_key,
               "INSTANCE_PATH": str(instance_path), "SESSION_COOKIE_SECURE": "false",
               "RATELIMIT_ENABLED": "false", "MAIL_SEND_AFTER_REQUEST": "false", **(extra_env or {})}
        env.pop("TEST_DATABASE_URL", None)
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
             "--timeout", "60", "--graceful-timeout", "5", "wsgi:app"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self.wait_until_ready()

    def wait_until_ready(self, path: str = "/") -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n{self.log()}")
            try:
                if http_request(self.port, "GET", path, timeout=2)[0] < 500:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {STARTUP_TIMEOUT:.0f} s:\n{self.log()}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()


def postgres_binaries() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    return versions[-1].parent if versions else None


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own (initdb in a temporary folder, a free port), so that the
    test may restart it without disturbing the server the rest of the suite uses."""

    def __init__(self) -> None:
        self.bin = postgres_binaries()
        if self.bin is None:
            raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql")
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="rencontres-pg-"))
        self.data = self.folder / "data"
        self.as_postgres = os.geteuid() == 0  # the server refuses to run as root
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self.start()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *arguments: str) -> None:
        command = [str(self.bin / program), *arguments]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)

    def _ctl(self, action: str, *options: str) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "30", "-l", str(self.folder / "server.log"),
                  *options, action)

    def start(self) -> None:
        self._ctl("start", "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off")

    def stop_for_a_moment(self, seconds: float) -> None:
        """Stop the server at once (every connection is cut), stay down ``seconds``, then start it again."""
        self._ctl("stop", "-m", "fast")
        time.sleep(seconds)
        self.start()

    def stop(self) -> None:
        try:
            self._ctl("stop", "-m", "immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)
